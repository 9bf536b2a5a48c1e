#include "explore/DataMapView.h"

#include "common/ColorMap.h"
#include "common/PlotExportMenu.h"
#include "common/QCustomPlotShim.h"

#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>

namespace convscope {

namespace {

const QColor kRight(31, 119, 180), kWrong(214, 39, 40);
constexpr double kDotSize = 7.0, kRingSize = 12.0, kFrameSize = 15.0;


/// [low, high] of one coordinate, padded so that no dot sits on the frame.
QCPRange paddedRange(const Coordinates2D &coordinates, std::size_t axis)
{
    const auto [low, high] = std::minmax_element(coordinates.begin(), coordinates.end(),
                                                 [axis](const auto &a, const auto &b) { return a[axis] < b[axis]; });
    const double lower = (*low)[axis], upper = (*high)[axis];
    const double pad = upper > lower ? 0.06 * (upper - lower) : 1.0;
    return QCPRange(lower - pad, upper + pad);
}

}  // namespace

DataMapView::DataMapView(QWidget *parent)
    : QWidget(parent), m_plot(new QCustomPlot(this)), m_placeholder(new QCPItemText(m_plot)),
      m_legendTitle(new QCPTextElement(m_plot))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setMinimumSize(320, 240);
    m_plot->setMouseTracking(true);
    m_plot->setSelectionRectMode(QCP::srmCustom);

    for (QCPAxis *axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setTicks(false);
        axis->setTickLabels(false);
        axis->grid()->setPen(QPen(QColor(225, 225, 225), 0));
    }
    m_plot->axisRect()->setupFullAxesBox();

    // The legend on the right of the dots, under a title that says what the colours mean.
    auto *side = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(0, 1, side);
    m_plot->plotLayout()->setColumnStretchFactor(1, 0.001);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    side->addElement(0, 0, m_legendTitle);
    side->addElement(1, 0, m_plot->legend);
    side->addElement(2, 0, new QCPLayoutElement(m_plot));
    side->setRowStretchFactors({0.001, 0.001, 1.0});
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setRowSpacing(0);
    QFont bold = font();
    bold.setBold(true);
    m_legendTitle->setFont(bold);

    m_plot->addLayer("rings", m_plot->layer("main"), QCustomPlot::limAbove);
    m_wrongRings = m_plot->addGraph();
    m_wrongRings->setLayer("rings");
    m_wrongRings->setName(tr("wrong prediction"));
    m_wrongRings->setLineStyle(QCPGraph::lsNone);
    m_wrongRings->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(40, 40, 40), 1.0), Qt::NoBrush, kRingSize));
    m_selectionFrames = m_plot->addGraph();
    m_selectionFrames->setLayer("rings");
    m_selectionFrames->setName(tr("selected"));
    m_selectionFrames->setLineStyle(QCPGraph::lsNone);
    m_selectionFrames->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssSquare, QPen(QColor(20, 20, 20), 1.6), Qt::NoBrush, kFrameSize));

    m_placeholder->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_placeholder->position->setCoords(0.5, 0.5);
    m_placeholder->setPositionAlignment(Qt::AlignCenter);
    m_placeholder->setColor(QColor(110, 110, 110));
    QFont larger = font();
    larger.setPointSizeF(font().pointSizeF() * 1.2);
    m_placeholder->setFont(larger);

    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent *event) { m_pressPosition = event->pos(); });
    connect(m_plot, &QCustomPlot::mouseMove, this, &DataMapView::onMouseMove);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &DataMapView::onMouseRelease);
    connect(m_plot->selectionRect(), &QCPSelectionRect::accepted, this, &DataMapView::onBoxSelected);
    PlotExportMenu::install(m_plot, "data-map");
    clear();
}

void DataMapView::setMap(SharedDataMapFeatures features, const DataMap &map)
{
    if (!features || features->clips.empty() || map.coordinates.size() != features->clips.size()) {
        clear();
        return;
    }
    m_features = std::move(features);
    m_coordinates = map.coordinates;
    m_selection.clear();
    m_hovered = -1;
    fitRanges();
    rebuild();
}

void DataMapView::clear(const QString &placeholder)
{
    m_features.reset();
    m_coordinates.clear();
    m_selection.clear();
    m_hovered = -1;
    m_placeholder->setText(placeholder.isEmpty() ? tr("No map yet: map the test clips.") : placeholder);
    rebuild();
}

void DataMapView::setColouring(Colouring colouring)
{
    m_colouring = colouring;
    rebuild();
}

QString DataMapView::placeholder() const { return hasMap() ? QString() : m_placeholder->text(); }

QString DataMapView::groupName(int group) const { return m_groups.at(static_cast<std::size_t>(group))->name(); }

int DataMapView::groupSize(int group) const { return m_groups.at(static_cast<std::size_t>(group))->dataCount(); }

int DataMapView::dotCount() const
{
    int count = 0;
    for (const QCPGraph *graph : m_groups)
        count += graph->dataCount();
    return count;
}

std::vector<int> DataMapView::groupOfEachClip(std::vector<QString> &names) const
{
    const std::vector<DataMapClip> &clips = m_features->clips;
    std::vector<int> groups(clips.size());
    switch (m_colouring) {
    case Colouring::Digit:
        for (int d = 0; d < 10; ++d)
            names.push_back(QString::number(d));
        for (std::size_t i = 0; i < clips.size(); ++i)
            groups[i] = std::clamp(clips[i].digit, 0, 9);
        break;
    case Colouring::Speaker:
        for (const DataMapClip &clip : clips)
            if (std::find(names.begin(), names.end(), clip.speaker) == names.end())
                names.push_back(clip.speaker);
        std::sort(names.begin(), names.end());
        for (std::size_t i = 0; i < clips.size(); ++i)
            groups[i] = static_cast<int>(std::find(names.begin(), names.end(), clips[i].speaker) - names.begin());
        break;
    case Colouring::Correctness:
        names = {tr("right"), tr("wrong")};
        for (std::size_t i = 0; i < clips.size(); ++i)
            groups[i] = clips[i].correct() ? 0 : 1;
        break;
    }
    return groups;
}

void DataMapView::rebuild()
{
    for (QCPGraph *graph : m_groups)
        m_plot->removeGraph(graph);
    m_groups.clear();
    m_wrongRings->removeFromLegend();
    m_selectionFrames->removeFromLegend();
    m_placeholder->setVisible(!hasMap());
    m_legendTitle->setVisible(hasMap());
    m_plot->legend->setVisible(hasMap());
    for (QCPAxis *axis : {m_plot->xAxis, m_plot->yAxis})
        axis->grid()->setVisible(hasMap());
    if (hasMap()) {
        std::vector<QString> names;
        const std::vector<int> groupOf = groupOfEachClip(names);
        std::vector<std::vector<int>> members(names.size());
        for (std::size_t i = 0; i < groupOf.size(); ++i)
            members[static_cast<std::size_t>(groupOf[i])].push_back(static_cast<int>(i));
        const bool byCorrectness = m_colouring == Colouring::Correctness;
        for (std::size_t g = 0; g < names.size(); ++g) {
            const QColor colour = byCorrectness ? (g == 0 ? kRight : kWrong) : ColorMap::category(static_cast<int>(g));
            addGroup(names[g], colour, members[g]);
        }
        m_legendTitle->setText(m_colouring == Colouring::Digit     ? tr("digit")
                               : m_colouring == Colouring::Speaker ? tr("speaker")
                                                                   : tr("prediction"));
        if (!byCorrectness)
            m_wrongRings->addToLegend();
        if (!m_selection.empty())
            m_selectionFrames->addToLegend();
    }
    std::vector<int> wrong;
    if (m_colouring != Colouring::Correctness)
        for (std::size_t i = 0; i < m_coordinates.size(); ++i)
            if (!m_features->clips[i].correct())
                wrong.push_back(static_cast<int>(i));
    fillGraph(m_wrongRings, wrong);
    fillGraph(m_selectionFrames, m_selection);
    m_plot->replot();  // at once: the helpers' pixels follow the legend's new width
}

void DataMapView::fillGraph(QCPGraph *graph, const std::vector<int> &clips)
{
    QVector<double> keys, values;
    for (int i : clips) {
        keys.append(m_coordinates[static_cast<std::size_t>(i)][0]);
        values.append(m_coordinates[static_cast<std::size_t>(i)][1]);
    }
    graph->setData(keys, values);
}

void DataMapView::addGroup(const QString &name, const QColor &colour, const std::vector<int> &clips)
{
    QCPGraph *graph = m_plot->addGraph();
    graph->setName(name);
    graph->setLineStyle(QCPGraph::lsNone);
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, kDotSize));
    fillGraph(graph, clips);
    m_groups.push_back(graph);
}

void DataMapView::fitRanges()
{
    m_plot->xAxis->setRange(paddedRange(m_coordinates, 0));
    m_plot->yAxis->setRange(paddedRange(m_coordinates, 1));
}

int DataMapView::clipAt(QPoint pixel) const
{
    int best = -1;
    double bestDistance = kHitRadius * kHitRadius;
    for (std::size_t i = 0; i < m_coordinates.size(); ++i) {
        const QPointF offset = pixelOf(static_cast<int>(i)) - QPointF(pixel);
        const double distance = QPointF::dotProduct(offset, offset);
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = static_cast<int>(i);
        }
    }
    return best;
}

QPointF DataMapView::pixelOf(int index) const
{
    const auto &point = m_coordinates.at(static_cast<std::size_t>(index));
    return QPointF(m_plot->xAxis->coordToPixel(point[0]), m_plot->yAxis->coordToPixel(point[1]));
}

std::vector<int> DataMapView::clipsIn(const QRectF &pixelRect) const
{
    const QRectF rect = pixelRect.normalized();
    std::vector<int> inside;
    for (std::size_t i = 0; i < m_coordinates.size(); ++i)
        if (rect.contains(pixelOf(static_cast<int>(i))))
            inside.push_back(static_cast<int>(i));
    return inside;
}

QString DataMapView::tooltipText(int index) const
{
    const DataMapClip &clip = m_features->clips.at(static_cast<std::size_t>(index));
    return tr("%1\nspeaker %2, digit %3, predicted %4 (%5)")
        .arg(clip.file, clip.speaker)
        .arg(clip.digit)
        .arg(clip.predicted)
        .arg(clip.correct() ? tr("right") : tr("wrong"));
}

void DataMapView::onMouseMove(QMouseEvent *event)
{
    // QCustomPlot starts a box on any button; only the left one's is kept (a right press opens the context menu).
    if (!(event->buttons() & Qt::LeftButton) && m_plot->selectionRect()->isActive())
        m_plot->selectionRect()->cancel();
    if (event->buttons() != Qt::NoButton)
        return;  // dragging a box
    const int clip = clipAt(event->pos());
    if (clip == m_hovered)
        return;
    m_hovered = clip;
    if (clip >= 0)
        QToolTip::showText(event->globalPosition().toPoint(), tooltipText(clip), m_plot);
    else
        QToolTip::hideText();
    Q_EMIT clipHovered(clip);
}

void DataMapView::onMouseRelease(QMouseEvent *event)
{
    // QCustomPlot's own click threshold: a press and release less than 4 pixels apart is a click, not a box.
    if (event->button() != Qt::LeftButton || (event->pos() - m_pressPosition).manhattanLength() > 3)
        return;
    if (const int clip = clipAt(event->pos()); clip >= 0)
        Q_EMIT clipClicked(clip);
}

void DataMapView::onBoxSelected(const QRect &rect, QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_selection = clipsIn(QRectF(rect));
    rebuild();
    Q_EMIT selectionChanged(m_selection);
}

}  // namespace convscope
