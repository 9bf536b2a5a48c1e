#include "ShapeText.h"

#include <QStringList>

namespace convscope {

QString shapeToCommaText(const Shape &shape)
{
    QStringList parts;
    for (auto v : shape)
        parts << QString::number(v);
    return parts.join(',');
}

std::optional<Shape> parseCommaShape(const QString &text)
{
    const QStringList parts = text.split(',');
    if (parts.size() > 3)
        return std::nullopt;
    Shape shape;
    for (const QString &part : parts) {
        bool ok = false;
        const qlonglong v = part.trimmed().toLongLong(&ok);
        if (!ok || v < 1)
            return std::nullopt;
        shape.push_back(v);
    }
    return shape;
}

}  // namespace convscope
