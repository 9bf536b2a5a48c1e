#include "common/WaveformView.h"

#include "common/PlotExportMenu.h"
#include "common/PlotLayout.h"
#include "common/QCustomPlotShim.h"

#include <QVBoxLayout>

namespace convscope {

WaveformView::WaveformView(QWidget *parent) : QWidget(parent), m_plot(new QCustomPlot(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_graph = m_plot->addGraph();
    m_plot->xAxis->setLabel(tr("time (s)"));
    m_plot->yAxis->setLabel(tr("amplitude"));
    m_plot->yAxis->setRange(-1.0, 1.0);
    m_playhead = new QCPItemStraightLine(m_plot);
    m_playhead->setPen(QPen(Qt::red));
    m_mark = new QCPItemStraightLine(m_plot);
    m_mark->setPen(QPen(Qt::darkGray, 1.0, Qt::DashLine));
    m_markLabel = new QCPItemText(m_plot);
    m_markLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_markLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
    m_markLabel->setColor(Qt::darkGray);
    m_span = new QCPItemRect(m_plot);
    m_span->setPen(Qt::NoPen);
    m_span->setBrush(QColor(46, 139, 87, 45));
    m_span->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_span->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_span->setLayer("background");
    m_spanLabel = new QCPItemText(m_plot);
    m_spanLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_spanLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_spanLabel->setColor(QColor(30, 100, 60));
    setMark(-1, {});
    setSpan(0, 0, {});
    setPlayhead(0);
    PlotLayout::keepValueAxisReadable(m_plot);
    PlotExportMenu::install(m_plot, "waveform");
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent *event) {
        const double seconds = m_plot->xAxis->pixelToCoord(event->position().x());
        const auto frame = static_cast<std::int64_t>(std::max(0.0, seconds * m_sampleRate));
        setPlayhead(frame);
        Q_EMIT seekRequested(frame);
    });
}

void WaveformView::setSamples(const std::vector<float> &samples, int sampleRate)
{
    m_sampleRate = sampleRate > 0 ? sampleRate : 8000;
    QVector<double> keys(static_cast<qsizetype>(samples.size())), values(static_cast<qsizetype>(samples.size()));
    float peak = 0.0f;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        keys[i] = static_cast<double>(i) / m_sampleRate;
        values[i] = samples[static_cast<std::size_t>(i)];
        peak = std::max(peak, std::abs(samples[static_cast<std::size_t>(i)]));
    }
    m_graph->setData(keys, values, true);
    m_plot->xAxis->setRange(0.0, std::max(1e-3, static_cast<double>(samples.size()) / m_sampleRate));
    m_plot->yAxis->setRange(-std::max(0.05f, peak) * 1.05, std::max(0.05f, peak) * 1.05);
    setSpan(0, 0, {});
    setPlayhead(0);
}

void WaveformView::setPlayhead(std::int64_t frame)
{
    const double seconds = static_cast<double>(frame) / m_sampleRate;
    m_playhead->point1->setCoords(seconds, 0.0);
    m_playhead->point2->setCoords(seconds, 1.0);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void WaveformView::setMark(std::int64_t frame, const QString &label)
{
    const double seconds = static_cast<double>(frame) / m_sampleRate;
    m_mark->setVisible(frame >= 0);
    m_markLabel->setVisible(frame >= 0);
    m_mark->point1->setCoords(seconds, 0.0);
    m_mark->point2->setCoords(seconds, 1.0);
    m_markLabel->position->setCoords(seconds, 0.02);
    m_markLabel->setText(label + " ");
    if (frame >= 0 && m_plot->xAxis->range().upper < seconds * 1.05)
        m_plot->xAxis->setRangeUpper(seconds * 1.05);  // keep the mark in view on short clips
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void WaveformView::setSpan(std::int64_t begin, std::int64_t end, const QString &label)
{
    const bool visible = end > begin;
    m_span->setVisible(visible);
    m_spanLabel->setVisible(visible);
    const double from = static_cast<double>(begin) / m_sampleRate, to = static_cast<double>(end) / m_sampleRate;
    m_span->topLeft->setCoords(from, 0.0);
    m_span->bottomRight->setCoords(to, 1.0);
    m_spanLabel->position->setCoords(from, 0.02);
    m_spanLabel->setText(" " + label);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

bool WaveformView::hasSpan() const { return m_span->visible(); }

void WaveformView::setYLabel(const QString &label)
{
    m_plot->yAxis->setLabel(label);
    PlotLayout::keepValueAxisReadable(m_plot);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void WaveformView::setTimeRange(double seconds)
{
    m_plot->xAxis->setRange(0.0, seconds);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int WaveformView::pointCount() const { return m_graph->dataCount(); }

}  // namespace convscope
