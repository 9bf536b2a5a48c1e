#include "training/TrainingCurves.h"

#include "common/QCustomPlotShim.h"

#include <QAction>
#include <QCheckBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

namespace convscope {

namespace {

const QColor kLossColour(31, 119, 180);      // d2l / matplotlib blue
const QColor kTrainAccColour(214, 39, 40);   // red, dashed
const QColor kTestAccColour(44, 160, 44);    // green, dash-dot
const QColor kStopColour(26, 96, 26);        // a darker green: the evaluation after a stop

QColor lighter(QColor colour)
{
    colour.setAlpha(80);
    return colour;
}

QCPGraph *makeGraph(QCustomPlot *plot, QCPAxis *valueAxis, const QColor &colour, Qt::PenStyle style,
                    const QString &name, double width)
{
    QCPGraph *g = plot->addGraph(plot->xAxis, valueAxis);
    g->setPen(QPen(colour, width, style));
    g->setName(name);
    g->setAdaptiveSampling(true);
    return g;
}

/// Where a run that did not finish was evaluated as it stopped: its last point's epoch and its recorded accuracy.
std::optional<std::pair<double, double>> stopPoint(const RunRecord &run)
{
    if (run.summary.outcome == RunOutcome::Finished || run.history.empty() || !std::isfinite(run.summary.testAccuracy))
        return std::nullopt;
    return std::make_pair(run.history.back().fraction, run.summary.testAccuracy);
}

}  // namespace

TrainingCurves::TrainingCurves(QWidget *parent) : QWidget(parent), m_plot(new QCustomPlot(this))
{
    m_plot->setMinimumSize(320, 220);
    m_plot->xAxis->setLabel(tr("epoch"));
    m_plot->yAxis->setLabel(tr("train loss"));
    m_plot->yAxis2->setLabel(tr("accuracy"));
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setRange(0.0, 1.0);
    m_plot->xAxis->setRange(0.0, 1.0);
    m_plot->yAxis->setRange(0.0, 2.5);
    m_plot->xAxis->ticker()->setTickCount(6);
    m_plot->yAxis->setLabelColor(kLossColour);
    m_plot->yAxis->setTickLabelColor(kLossColour);

    m_trainLoss = makeGraph(m_plot, m_plot->yAxis, kLossColour, Qt::SolidLine, tr("train loss"), 2.0);
    m_trainAcc = makeGraph(m_plot, m_plot->yAxis2, kTrainAccColour, Qt::DashLine, tr("train acc"), 2.0);
    m_testAcc = makeGraph(m_plot, m_plot->yAxis2, kTestAccColour, Qt::DashDotLine, tr("test acc"), 2.0);
    m_testAcc->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    m_stopMark = makeGraph(m_plot, m_plot->yAxis2, kStopColour, Qt::SolidLine, tr("test acc at stop"), 2.0);
    m_stopMark->setLineStyle(QCPGraph::lsNone);
    m_stopMark->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, kStopColour, kTestAccColour, 11));
    m_stopMark->removeFromLegend();

    m_plot->legend->setVisible(true);
    m_plot->legend->setBrush(QColor(255, 255, 255, 210));
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignRight | Qt::AlignVCenter);
    QFont legendFont = font();
    legendFont.setPointSizeF(std::max(7.0, font().pointSizeF() - 1));
    m_plot->legend->setFont(legendFont);

    m_logBox = new QCheckBox(tr("Log-scale loss"), this);
    connect(m_logBox, &QCheckBox::toggled, this, &TrainingCurves::setLogLoss);
    auto *exportButton = new QPushButton(tr("Export…"), this);
    exportButton->setToolTip(tr("Save the plot as PNG or PDF"));
    connect(exportButton, &QPushButton::clicked, this, &TrainingCurves::exportAs);

    auto *exportAction = new QAction(tr("Export plot as PNG/PDF…"), this);
    connect(exportAction, &QAction::triggered, this, &TrainingCurves::exportAs);
    m_plot->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_plot->addAction(exportAction);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_logBox);
    bar->addStretch();
    bar->addWidget(exportButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot, 1);
    layout->addLayout(bar);
}

QCPGraph *TrainingCurves::graph(Series series) const
{
    switch (series) {
    case Series::TrainLoss: return m_trainLoss;
    case Series::TrainAccuracy: return m_trainAcc;
    case Series::TestAccuracy: return m_testAcc;
    }
    return m_trainLoss;
}

int TrainingCurves::pointCount(Series series) const { return graph(series)->data()->size(); }

void TrainingCurves::startRun(int epochs)
{
    m_epochs = std::max(1, epochs);
    for (auto *g : {m_trainLoss, m_trainAcc, m_testAcc, m_stopMark})
        g->data()->clear();
    m_stopMark->removeFromLegend();
    rescale();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingCurves::addPoint(const TrainingProgress &point)
{
    if (std::isfinite(point.loss))
        m_trainLoss->addData(point.fraction, point.loss);
    m_trainAcc->addData(point.fraction, point.trainAccuracy);
    if (point.epochEnd && std::isfinite(point.testAccuracy))
        m_testAcc->addData(point.fraction, point.testAccuracy);
    if (point.fraction > m_epochs)
        m_epochs = static_cast<int>(std::ceil(point.fraction));
    rescale();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingCurves::endRun(const RunRecord &run)
{
    const auto point = stopPoint(run);
    if (!point)
        return;
    m_testAcc->addData(point->first, point->second);
    m_stopMark->data()->clear();
    m_stopMark->addData(point->first, point->second);
    m_stopMark->addToLegend();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingCurves::setOverlays(const std::vector<RunRecord> &runs)
{
    for (QCPGraph *g : m_overlays)
        m_plot->removeGraph(g);
    m_overlays.clear();
    for (const RunRecord &run : runs) {
        const QString label = QString("%1 #%2").arg(run.network).arg(run.id);
        QCPGraph *loss = makeGraph(m_plot, m_plot->yAxis, lighter(kLossColour), Qt::SolidLine, label + tr(" loss"), 1.5);
        QCPGraph *train = makeGraph(m_plot, m_plot->yAxis2, lighter(kTrainAccColour), Qt::DashLine, {}, 1.5);
        QCPGraph *test = makeGraph(m_plot, m_plot->yAxis2, lighter(kTestAccColour), Qt::DashDotLine,
                                   label + tr(" test acc"), 1.5);
        train->removeFromLegend();
        for (const auto &p : run.history) {
            if (std::isfinite(p.loss))
                loss->addData(p.fraction, p.loss);
            train->addData(p.fraction, p.trainAccuracy);
            if (p.epochEnd && std::isfinite(p.testAccuracy))
                test->addData(p.fraction, p.testAccuracy);
        }
        if (const auto point = stopPoint(run))
            test->addData(point->first, point->second);
        for (QCPGraph *g : {loss, train, test}) {
            g->setLayer("background");  // behind the current run
            m_overlays.push_back(g);
        }
    }
    rescale();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingCurves::setLogLoss(bool logarithmic)
{
    m_logLoss = logarithmic;
    if (m_logBox->isChecked() != logarithmic)
        m_logBox->setChecked(logarithmic);
    if (logarithmic) {
        m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    } else {
        m_plot->yAxis->setScaleType(QCPAxis::stLinear);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }
    rescale();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingCurves::rescale()
{
    double maxX = m_epochs, lo = std::numeric_limits<double>::infinity(), hi = 0.0;
    std::vector<QCPGraph *> lossGraphs{m_trainLoss};
    for (QCPGraph *g : m_overlays)
        if (g->valueAxis() == m_plot->yAxis)
            lossGraphs.push_back(g);
    for (QCPGraph *g : m_overlays)
        if (!g->data()->isEmpty())
            maxX = std::max(maxX, (g->data()->constEnd() - 1)->key);
    for (QCPGraph *g : lossGraphs)
        for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) {
            hi = std::max(hi, it->value);
            if (it->value > 0)
                lo = std::min(lo, it->value);
        }
    m_plot->xAxis->setRange(0.0, maxX * 1.04);  // a margin: the last epoch's test point is not on the edge
    if (m_logLoss) {
        if (!std::isfinite(lo))
            lo = 0.01;
        m_plot->yAxis->setRange(std::max(1e-4, lo / 1.5), std::max(hi * 1.5, lo * 10));
    } else {
        m_plot->yAxis->setRange(0.0, hi > 0 ? hi * 1.08 : 2.5);
    }
}

bool TrainingCurves::savePng(const QString &path, int width, int height) const
{
    return m_plot->savePng(path, width, height);
}

bool TrainingCurves::savePdf(const QString &path, int width, int height) const
{
    return m_plot->savePdf(path, width, height);
}

void TrainingCurves::exportAs()
{
    QString filter;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export curves"), "curves.png",
                                                      tr("PNG image (*.png);;PDF document (*.pdf)"), &filter);
    if (path.isEmpty())
        return;
    const bool pdf = path.endsWith(".pdf", Qt::CaseInsensitive);
    const bool ok = pdf ? savePdf(path) : savePng(path);
    Q_EMIT message(ok ? tr("Saved the curves to %1.").arg(path) : tr("Could not write %1.").arg(path), !ok);
}

}  // namespace convscope
