#include "studio/LayerIcon.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace convscope {

namespace {

/// Draws the glyph of a kind in a 32×32 box.
void drawGlyph(QPainter &p, LayerKind kind, int dims)
{
    const QColor ink(255, 255, 255);
    p.setPen(QPen(ink, 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    const int rows = dims == 1 ? 1 : 3;
    const qreal top = dims == 1 ? 13 : 7;
    switch (kind) {
    case LayerKind::Conv:
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < 3; ++c)
                p.fillRect(QRectF(7 + c * 6.5, top + r * 6.5, 5, 5), ink);
        break;
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
        for (int r = 0; r < (dims == 1 ? 1 : 2); ++r)
            for (int c = 0; c < 2; ++c)
                p.drawRect(QRectF(8 + c * 8, (dims == 1 ? 12 : 8) + r * 8, 7, 7));
        p.setFont(QFont(p.font().family(), 7, QFont::Bold));
        p.drawText(QRectF(0, 23, 32, 9), Qt::AlignCenter, kind == LayerKind::MaxPool ? "max" : "avg");
        break;
    case LayerKind::AdaptiveAvgPool:
    case LayerKind::AdaptiveMaxPool:
        // One window over the whole (or a fixed grid of the) input.
        p.drawRect(QRectF(8, dims == 1 ? 12 : 7, 16, dims == 1 ? 7 : 15));
        p.setFont(QFont(p.font().family(), 7, QFont::Bold));
        p.drawText(QRectF(0, 23, 32, 9), Qt::AlignCenter, kind == LayerKind::AdaptiveMaxPool ? "max" : "avg");
        break;
    case LayerKind::ZeroPad:
        p.fillRect(QRectF(11, dims == 1 ? 13 : 11, 10, dims == 1 ? 6 : 10), ink);
        p.setPen(QPen(ink, 1.5, Qt::DotLine));
        p.drawRect(QRectF(5, dims == 1 ? 9 : 5, 22, dims == 1 ? 14 : 22));
        break;
    case LayerKind::BatchNorm: {
        QPainterPath bell;
        bell.moveTo(5, 24);
        bell.cubicTo(12, 24, 12, 7, 16, 7);
        bell.cubicTo(20, 7, 20, 24, 27, 24);
        p.drawPath(bell);
        break;
    }
    case LayerKind::Activation:
        p.drawPolyline(QPolygonF({QPointF(5, 22), QPointF(16, 22), QPointF(27, 8)}));
        break;
    case LayerKind::Dropout:
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 3; ++c)
                if ((r + c) % 2 == 0)
                    p.drawEllipse(QPointF(9 + c * 7, 9 + r * 7), 2, 2);
        break;
    case LayerKind::Flatten:
        p.drawRect(QRectF(6, 7, 9, 9));
        p.drawLine(QPointF(6, 23), QPointF(26, 23));
        p.drawLine(QPointF(18, 11), QPointF(25, 11));
        p.drawLine(QPointF(22, 8), QPointF(25, 11));
        p.drawLine(QPointF(22, 14), QPointF(25, 11));
        break;
    case LayerKind::Block:
        // Two branches that fork and merge again.
        p.drawLine(QPointF(16, 4), QPointF(16, 9));
        p.drawLine(QPointF(16, 23), QPointF(16, 28));
        p.drawPolyline(QPolygonF({QPointF(16, 9), QPointF(9, 13), QPointF(9, 19), QPointF(16, 23)}));
        p.drawPolyline(QPolygonF({QPointF(16, 9), QPointF(23, 13), QPointF(23, 19), QPointF(16, 23)}));
        break;
    case LayerKind::Linear:
        for (int a = 0; a < 3; ++a)
            for (int b = 0; b < 2; ++b)
                p.drawLine(QPointF(8, 8 + a * 8), QPointF(24, 12 + b * 8));
        break;
    }
}

}  // namespace

QColor layerColor(LayerKind kind)
{
    switch (kind) {
    case LayerKind::Conv:
        return QColor(0x2f, 0x6f, 0xd0);
    case LayerKind::Block:
        return QColor(0x5a, 0x4f, 0xcf);
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
    case LayerKind::AdaptiveAvgPool:
    case LayerKind::AdaptiveMaxPool:
        return QColor(0x1f, 0x9d, 0x74);
    case LayerKind::ZeroPad:
        return QColor(0x3d, 0x8a, 0xa8);
    case LayerKind::BatchNorm:
        return QColor(0x9b, 0x4d, 0xca);
    case LayerKind::Activation:
        return QColor(0xe0, 0x7b, 0x1a);
    case LayerKind::Dropout:
        return QColor(0xc9, 0x3c, 0x5c);
    case LayerKind::Flatten:
    case LayerKind::Linear:
        return QColor(0x5f, 0x6b, 0x7a);
    }
    return Qt::gray;
}

QIcon layerIcon(LayerKind kind, int dims)
{
    QIcon icon;
    for (const qreal ratio : {1.0, 2.0}) {
        QPixmap pixmap(QSize(32, 32) * ratio);
        pixmap.setDevicePixelRatio(ratio);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(layerColor(kind));
        p.drawRoundedRect(QRectF(1, 1, 30, 30), 7, 7);
        drawGlyph(p, kind, dims);
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

}  // namespace convscope
