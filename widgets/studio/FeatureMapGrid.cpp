#include "studio/FeatureMapGrid.h"

#include <QFileInfo>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace convscope {

namespace {

constexpr int kLabelSpace = 18;
const QColor kFieldColor(0xf2, 0xa9, 0x00);
const QColor kMarkColor(0xe0, 0x24, 0x24);
const QColor kOutlineColor(0x00, 0xb4, 0xd8);

QString formatValue(float v)
{
    return std::abs(v) >= 1e5f || (v != 0.0f && std::abs(v) < 1e-3f) ? QString::number(v, 'e', 2)
                                                                       : QString::number(v, 'g', 5);
}

/// Blends `color` into one pixel of an RGB32 image.
void blend(QRgb &pixel, const QColor &color)
{
    const double a = color.alphaF();
    const auto mix = [a](int under, int over) { return static_cast<int>(under + (over - under) * a); };
    pixel = qRgb(mix(qRed(pixel), color.red()), mix(qGreen(pixel), color.green()), mix(qBlue(pixel), color.blue()));
}

/// The cells drawn at the geometry's size (nearest neighbour, cell boundaries at geometry.edge()), with grid lines
/// every lineStep cells blended in. Writing the lines into the image is far cheaper than asking QPainter for
/// thousands of translucent lines on every paint.
QImage gridImage(const QImage &cells, const MapGridLayout::Panel &geometry, const QColor &line)
{
    QImage image(geometry.grid.size(), QImage::Format_RGB32);
    std::vector<int> column(static_cast<std::size_t>(image.width()));
    std::vector<bool> vertical(column.size());
    for (int c = 0; c < cells.width(); ++c)
        for (int x = geometry.edge(c); x < geometry.edge(c + 1) && x < image.width(); ++x) {
            column[static_cast<std::size_t>(x)] = c;
            vertical[static_cast<std::size_t>(x)] = x == geometry.edge(c) && c % geometry.lineStep == 0;
        }
    for (int r = 0; r < cells.height(); ++r)
        for (int y = geometry.edge(r); y < geometry.edge(r + 1) && y < image.height(); ++y) {
            const auto *source = reinterpret_cast<const QRgb *>(cells.constScanLine(r));
            auto *row = reinterpret_cast<QRgb *>(image.scanLine(y));
            const bool horizontal = y == geometry.edge(r) && r % geometry.lineStep == 0;
            for (int x = 0; x < image.width(); ++x) {
                row[x] = source[column[static_cast<std::size_t>(x)]];
                if (horizontal || vertical[static_cast<std::size_t>(x)])
                    blend(row[x], line);
            }
        }
    return image;
}

}  // namespace

FeatureMapGrid::FeatureMapGrid(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void FeatureMapGrid::setPanels(std::vector<MapPanel> panels)
{
    m_panels = std::move(panels);
    m_panelMaxima.clear();
    for (const MapPanel &p : m_panels) {
        float maximum = 0.0f;
        for (std::int64_t r = 0; r < p.map.height; ++r)
            for (std::int64_t c = 0; c < p.map.width; ++c)
                maximum = std::max(maximum, p.map.at(p.channel, r, c));
        m_panelMaxima.push_back(maximum);
    }
    rebuildImages();
    update();
}

void FeatureMapGrid::setScale(const MapScale &scale)
{
    m_scale = scale;
    rebuildImages();
    update();
}

void FeatureMapGrid::rebuildImages()
{
    m_images.clear();
    const QRgb empty = palette().color(QPalette::Base).rgb(), filled = kFieldColor.rgb();
    for (const MapPanel &panel : m_panels) {
        const int w = static_cast<int>(panel.map.width), h = static_cast<int>(panel.map.height);
        QImage image(w, h, QImage::Format_RGB32);
        for (int r = 0; r < h; ++r) {
            auto *line = reinterpret_cast<QRgb *>(image.scanLine(r));
            for (int c = 0; c < w; ++c) {
                const float v = panel.map.at(panel.channel, r, c);
                line[c] = m_scale.continuous ? m_scale.colorMap.rgb(valueToUnit(panel, v)) : v > 0.0f ? filled : empty;
            }
        }
        m_images.push_back(std::move(image));
    }
    m_scaledImages.assign(m_images.size(), QImage());
}

void FeatureMapGrid::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        rebuildImages();  // the empty cells follow the light or dark palette
    QWidget::changeEvent(event);
}

MapGridLayout FeatureMapGrid::layoutFor(const QSize &size) const
{
    std::vector<QSize> sizes;
    for (const MapPanel &p : m_panels)
        sizes.emplace_back(static_cast<int>(p.map.width), static_cast<int>(p.map.height));
    // One line of title per panel; two when a title would not fit whole on one ("layer 1 input (2…" was cut).
    const QRect area(QPoint(8, 8), size - QSize(16, 16));
    const int line = QFontMetrics(titleFont()).height();
    MapGridLayout layout = MapGridLayout::compute(area, sizes, m_scale.continuous, line + 4, kLabelSpace);
    if (cutTitles(layout).isEmpty())
        return layout;
    return MapGridLayout::compute(area, sizes, m_scale.continuous, 2 * line + 4, kLabelSpace);
}

QFont FeatureMapGrid::titleFont() const
{
    QFont bold = font();
    bold.setBold(true);
    return bold;
}

bool FeatureMapGrid::fits(const QString &text, const QRect &title) const
{
    const QRect needed = QFontMetrics(titleFont()).boundingRect(QRect(0, 0, title.width(), 1000), Qt::TextWordWrap, text);
    return needed.width() <= title.width() && needed.height() <= title.height();
}

QString FeatureMapGrid::shownTitle(const MapPanel &panel, const QRect &title) const
{
    return fits(panel.title, title) || panel.shortTitle.isEmpty() ? panel.title : panel.shortTitle;
}

QStringList FeatureMapGrid::cutTitles(const MapGridLayout &layout) const
{
    QStringList cut;
    for (std::size_t i = 0; i < m_panels.size() && i < layout.panels.size(); ++i)
        if (!fits(shownTitle(m_panels[i], layout.panels[i].title), layout.panels[i].title))
            cut << m_panels[i].title;
    return cut;
}

QStringList FeatureMapGrid::cutTitles() const { return cutTitles(layoutFor(size())); }

QRect FeatureMapGrid::cellRect(int panel, int row, int column) const
{
    const MapGridLayout layout = layoutFor(size());
    if (panel < 0 || panel >= static_cast<int>(layout.panels.size()))
        return {};
    const auto &g = layout.panels[static_cast<std::size_t>(panel)];
    const MapPanel &p = m_panels[static_cast<std::size_t>(panel)];
    if (row < 0 || row >= p.map.height || column < 0 || column >= p.map.width)
        return {};
    return QRect(QPoint(g.grid.left() + g.edge(column), g.grid.top() + g.edge(row)),
                 QPoint(g.grid.left() + g.edge(column + 1) - 1, g.grid.top() + g.edge(row + 1) - 1));
}

std::array<int, 3> FeatureMapGrid::hitTest(const QPoint &pos) const
{
    const MapGridLayout layout = layoutFor(size());
    for (std::size_t i = 0; i < layout.panels.size(); ++i) {
        const auto &g = layout.panels[i];
        if (g.grid.contains(pos))
            return {static_cast<int>(i),
                    std::min(g.cellAt(pos.y() - g.grid.top()), static_cast<int>(m_panels[i].map.height) - 1),
                    std::min(g.cellAt(pos.x() - g.grid.left()), static_cast<int>(m_panels[i].map.width) - 1)};
    }
    return {-1, 0, 0};
}

float FeatureMapGrid::valueToUnit(const MapPanel &panel, float value) const
{
    if (m_scale.shared)
        return m_scale.maximum > m_scale.minimum ? (value - m_scale.minimum) / (m_scale.maximum - m_scale.minimum) : 0.0f;
    const auto i = static_cast<std::size_t>(&panel - m_panels.data());
    return m_panelMaxima[i] > 0.0f ? value / m_panelMaxima[i] : 0.0f;
}

void FeatureMapGrid::paintPanel(QPainter &painter, const MapPanel &panel, const MapGridLayout::Panel &g) const
{
    const QPalette &pal = palette();
    const int w = static_cast<int>(panel.map.width), h = static_cast<int>(panel.map.height);
    // Scaled with its grid lines once per size; each paint then only copies pixels.
    const auto index = static_cast<std::size_t>(&panel - m_panels.data());
    QImage &scaled = m_scaledImages[index];
    if (scaled.size() != g.grid.size()) {
        QColor line = pal.color(QPalette::WindowText);
        line.setAlphaF(g.cell >= 8 ? 0.35 : 0.2);
        scaled = gridImage(m_images[index], g, line);
    }
    painter.drawImage(g.grid.topLeft(), scaled);
    painter.setPen(QPen(pal.color(QPalette::WindowText), 0));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(g.grid);

    // Row and column numbers.
    QFont small = font();
    small.setPointSizeF(std::max(6.5, small.pointSizeF() * 0.75));
    painter.setFont(small);
    painter.setPen(pal.color(QPalette::PlaceholderText));
    if (g.labelStep > 0) {
        // Placed by hand: drawText at a point is several times faster than with a rectangle and alignment.
        const QFontMetrics metrics(small);
        const int baselineShift = (metrics.ascent() - metrics.descent()) / 2;
        for (int c = 0; c < w; c += g.labelStep) {
            const QString text = QString::number(c);
            painter.drawText(QPoint(g.grid.left() + (g.edge(c) + g.edge(c + 1) - metrics.horizontalAdvance(text)) / 2,
                                    g.grid.top() - metrics.descent() - 2),
                             text);
        }
        for (int r = 0; r < h; r += g.labelStep) {
            const QString text = QString::number(r);
            painter.drawText(QPoint(g.grid.left() - metrics.horizontalAdvance(text) - 4,
                                    g.grid.top() + (g.edge(r) + g.edge(r + 1)) / 2 + baselineShift),
                             text);
        }
    }

    if (panel.outline) {
        const QRect o = *panel.outline;
        const QRect outline(QPoint(g.grid.left() + g.edge(o.left()), g.grid.top() + g.edge(o.top())),
                            QPoint(g.grid.left() + g.edge(o.right() + 1), g.grid.top() + g.edge(o.bottom() + 1)));
        painter.save();
        painter.setClipRect(g.grid.adjusted(-3, -3, 3, 3));
        painter.setPen(QPen(kOutlineColor, 2, Qt::DashLine));
        painter.drawRect(outline);
        painter.restore();
    }
    if (panel.marked) {
        painter.setPen(QPen(kMarkColor, std::clamp(static_cast<int>(g.cell / 8), 2, 3)));
        const QPoint m = *panel.marked;
        painter.drawRect(QRect(QPoint(g.grid.left() + g.edge(m.x()), g.grid.top() + g.edge(m.y())),
                               QPoint(g.grid.left() + g.edge(m.x() + 1), g.grid.top() + g.edge(m.y() + 1))));
    }

    painter.setFont(titleFont());
    painter.setPen(pal.color(QPalette::WindowText));
    painter.drawText(g.title, Qt::AlignHCenter | Qt::AlignVCenter | Qt::TextWordWrap, shownTitle(panel, g.title));
}

void FeatureMapGrid::paintColorBar(QPainter &painter, const QRect &bar) const
{
    const QRect ramp(bar.left(), bar.top(), 16, bar.height());
    QImage image(1, 256, QImage::Format_RGB32);
    for (int i = 0; i < 256; ++i)
        image.setPixel(0, i, m_scale.colorMap.rgb(1.0 - i / 255.0));
    painter.drawImage(ramp, image);
    painter.setPen(QPen(palette().color(QPalette::WindowText), 0));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(ramp);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    painter.setFont(small);
    const QRect text(ramp.right() + 4, ramp.top() - 8, bar.right() - ramp.right() - 4, ramp.height() + 16);
    const QString top = m_scale.shared ? formatValue(m_scale.maximum) : tr("max");
    const QString bottom = m_scale.shared ? formatValue(m_scale.minimum) : QStringLiteral("0");
    painter.drawText(text, Qt::AlignLeft | Qt::AlignTop, top);
    painter.drawText(text, Qt::AlignLeft | Qt::AlignBottom, bottom);
    if (m_scale.shared)
        painter.drawText(text, Qt::AlignLeft | Qt::AlignVCenter, formatValue((m_scale.minimum + m_scale.maximum) / 2));
    else
        painter.drawText(text, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, tr("of each\nmap"));
}

void FeatureMapGrid::render(QPainter &painter, const QSize &size) const
{
    painter.fillRect(QRect(QPoint(0, 0), size), palette().color(QPalette::Window));
    const MapGridLayout layout = layoutFor(size);
    for (std::size_t i = 0; i < layout.panels.size(); ++i)
        paintPanel(painter, m_panels[i], layout.panels[i]);
    if (!layout.colorBar.isEmpty() && !m_panels.empty())
        paintColorBar(painter, layout.colorBar);
}

void FeatureMapGrid::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    render(painter, size());
}

QString FeatureMapGrid::exportTo(const QString &path) const
{
    if (QFileInfo(path).suffix().compare("svg", Qt::CaseInsensitive) == 0) {
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(size());
        generator.setViewBox(rect());
        generator.setTitle(tr("ConvScope receptive field"));
        QPainter painter;
        if (!painter.begin(&generator))
            return tr("Could not write %1.").arg(path);
        render(painter, size());
        return painter.end() ? QString() : tr("Could not write %1.").arg(path);
    }
    const qreal ratio = devicePixelRatioF();
    QImage image(size() * ratio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(ratio);
    QPainter painter(&image);
    render(painter, size());
    painter.end();
    return image.save(path) ? QString() : tr("Could not write %1.").arg(path);
}

void FeatureMapGrid::mouseMoveEvent(QMouseEvent *event)
{
    const auto [panel, row, column] = hitTest(event->position().toPoint());
    if (panel != m_hoverPanel || QPoint(column, row) != m_hoverCell) {
        m_hoverPanel = panel;
        m_hoverCell = QPoint(column, row);
        Q_EMIT cellHovered(panel, row, column);
    }
}

void FeatureMapGrid::mousePressEvent(QMouseEvent *event)
{
    const auto [panel, row, column] = hitTest(event->position().toPoint());
    if (event->button() == Qt::LeftButton && panel >= 0)
        Q_EMIT cellClicked(panel, row, column);
}

void FeatureMapGrid::leaveEvent(QEvent *)
{
    m_hoverPanel = -1;
    Q_EMIT cellHovered(-1, 0, 0);
}

}  // namespace convscope
