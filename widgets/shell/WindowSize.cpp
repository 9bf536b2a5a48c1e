#include "shell/WindowSize.h"

#include <QRegularExpression>

namespace convscope {

std::optional<QSize> parseWindowSize(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d{3,5})\\s*[x×X]\\s*(\\d{3,5})\\s*$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const QSize size(match.captured(1).toInt(), match.captured(2).toInt());
    const auto inRange = [](int pixels) { return pixels >= 320 && pixels <= 16384; };
    if (!inRange(size.width()) || !inRange(size.height()))
        return std::nullopt;
    return size;
}

}  // namespace convscope
