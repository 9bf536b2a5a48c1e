#include "FileNameParser.h"

#include <QRegularExpression>

namespace convscope {

std::optional<RecordingName> FileNameParser::parse(const QString &fileName, QString *reason)
{
    static const QRegularExpression full(QStringLiteral("^([0-9])_([A-Za-z0-9-]+)_([0-9]{1,4})\\.[wW][aA][vV]$"));
    auto reject = [&](const QString &why) -> std::optional<RecordingName> {
        if (reason)
            *reason = "name does not match " + pattern() + ": " + why;
        return std::nullopt;
    };
    if (!fileName.endsWith(QLatin1String(".wav"), Qt::CaseInsensitive))
        return reject("not a .wav file");
    const QRegularExpressionMatch match = full.match(fileName);
    if (!match.hasMatch()) {
        const QString stem = fileName.left(fileName.size() - 4);
        const QStringList parts = stem.split('_');
        if (parts.size() != 3)
            return reject(QString("expected 3 parts separated by '_', found %1").arg(parts.size()));
        if (!QRegularExpression(QStringLiteral("^[0-9]$")).match(parts[0]).hasMatch())
            return reject("\"" + parts[0] + "\" is not a single digit 0-9");
        if (!QRegularExpression(QStringLiteral("^[A-Za-z0-9-]+$")).match(parts[1]).hasMatch())
            return reject("\"" + parts[1] + "\" is not a speaker name (letters, digits, '-')");
        return reject("\"" + parts[2] + "\" is not a take number (up to 4 digits)");
    }
    RecordingName name;
    name.digit = match.captured(1).toInt();
    name.speaker = match.captured(2);
    name.take = match.captured(3).toInt();
    return name;
}

}  // namespace convscope
