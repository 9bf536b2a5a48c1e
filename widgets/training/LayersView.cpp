#include "training/LayersView.h"

#include "common/QCustomPlotShim.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace convscope {

namespace {

const QColor kRunColours[] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44), QColor(214, 39, 40),
                              QColor(148, 103, 189), QColor(140, 86, 75)};
/// CS231n's rule of thumb: an update about 1e-3 of its weights; the band is half a decade either side.
constexpr double kRatioLow = 3.16e-4, kRatioHigh = 3.16e-3;

enum Column { LayerColumn, MeanColumn, SpreadColumn, DeadColumn, WeightColumn, GradientColumn, RatioColumn, Columns };

QCustomPlot *makePlot(QWidget *parent, const QString &title, bool logarithmic)
{
    auto *plot = new QCustomPlot(parent);
    plot->setMinimumSize(160, 130);  // small enough for a projector's 1024×768 beside the training form
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, title, QFont(parent->font().family(), 9, QFont::Bold)));
    plot->xAxis->setLabel(QObject::tr("epoch"));
    if (logarithmic) {
        plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
        plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    }
    return plot;
}

QCPGraph *addLine(QCustomPlot *plot, const QColor &colour, const QString &name, QCPAxis *valueAxis = nullptr)
{
    QCPGraph *g = plot->addGraph(plot->xAxis, valueAxis ? valueAxis : plot->yAxis);
    g->setPen(QPen(colour, 2));
    g->setName(name);
    return g;
}

QString number(double value, int digits = 3)
{
    return std::isfinite(value) ? QString::number(value, 'g', digits) : QStringLiteral("–");
}

/// A tick every four bins, labelled with the magnitude the bin starts at.
QSharedPointer<QCPAxisTickerText> binTicker()
{
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int bin = 0; bin <= LayerStatistics::kHistogramBins; bin += 4) {
        const int shown = std::min(bin, LayerStatistics::kHistogramBins - 1);
        const double start = histogramBinStart(shown);
        ticker->addTick(shown, shown == 16 ? QStringLiteral("0") : QString::number(start, 'g', 3));
    }
    return ticker;
}

/// The smallest positive value of `rows`, for a log axis's lower end (1e-8 without one).
double smallest(const std::vector<std::vector<double>> &rows)
{
    double least = std::numeric_limits<double>::infinity();
    for (const auto &row : rows)
        for (const double v : row)
            if (v > 0)
                least = std::min(least, v);
    return std::isfinite(least) ? least : 1e-8;
}

/// The legend in a row of its own under the title, its entries side by side: clear of the curves and bars.
void legendInRow(QCustomPlot *plot)
{
    plot->legend->setVisible(true);
    plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->plotLayout()->insertRow(1);
    plot->plotLayout()->addElement(1, 0, plot->legend);
    plot->plotLayout()->setRowStretchFactor(1, 0.001);
}

void setValues(QCPGraph *graph, const QVector<double> &x, const QVector<double> &y)
{
    QVector<double> keys, values;
    for (int i = 0; i < x.size(); ++i)
        if (std::isfinite(y[i]) && (graph->valueAxis()->scaleType() == QCPAxis::stLinear || y[i] > 0)) {
            keys << x[i];
            values << y[i];
        }
    graph->setData(keys, values, true);
}

}  // namespace

LayersView::LayersView(QWidget *parent) : QWidget(parent), m_pages(new QTabWidget(this)), m_redraw(new QTimer(this))
{
    m_redraw->setSingleShot(true);
    connect(m_redraw, &QTimer::timeout, this, &LayersView::showLatest);
    m_pages->addTab(buildLivePage(), tr("This run"));
    m_pages->addTab(buildComparePage(), tr("Compare runs"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);
}

QWidget *LayersView::buildLivePage()
{
    auto *page = new QWidget(this);
    m_liveTitle = new QLabel(tr("Train a network: every layer is measured five times an epoch."), page);
    m_liveTitle->setWordWrap(true);
    QLayout *title = buildTable(page);

    m_heat = makePlot(page, tr("Histogram over time (colour: log count)"), false);
    m_heat->yAxis->setLabel(tr("value"));
    m_heat->yAxis->setTicker(binTicker());
    auto *map = new QCPColorMap(m_heat->xAxis, m_heat->yAxis);
    map->setGradient(QCPColorGradient::gpThermal);
    map->setInterpolate(false);
    m_moments = makePlot(page, tr("Mean ± spread, dead"), false);
    addLine(m_moments, kRunColours[0], tr("mean"));
    for (int side = 0; side < 2; ++side) {
        QCPGraph *edge = addLine(m_moments, kRunColours[0].lighter(160), tr("± spread"));
        edge->setPen(QPen(kRunColours[0].lighter(160), 1));
        if (side == 1) {
            edge->setBrush(QColor(31, 119, 180, 40));
            edge->setChannelFillGraph(m_moments->graph(1));
            edge->removeFromLegend();
        }
    }
    m_moments->yAxis2->setVisible(true);
    m_moments->yAxis2->setRange(0, 1);
    m_moments->yAxis2->setLabel(tr("dead"));
    addLine(m_moments, kRunColours[3], tr("dead fraction"), m_moments->yAxis2);
    legendInRow(m_moments);
    m_norms = makePlot(page, tr("‖W‖ and ‖∇W‖ (log)"), true);
    addLine(m_norms, kRunColours[0], tr("‖W‖"));
    addLine(m_norms, kRunColours[1], tr("‖∇W‖"));
    legendInRow(m_norms);
    m_ratio = makePlot(page, tr("Update / W (band: ≈ 1e-3)"), true);
    for (int edge = 0; edge < 2; ++edge)
        addLine(m_ratio, QColor(44, 160, 44, 90), tr("1e-3 band"));
    m_ratio->graph(1)->setBrush(QColor(44, 160, 44, 50));
    m_ratio->graph(1)->setChannelFillGraph(m_ratio->graph(0));
    addLine(m_ratio, kRunColours[2].darker(130), tr("update ratio"));

    auto *plots = new QWidget(page);
    auto *grid = new QGridLayout(plots);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_heat, 0, 0);
    grid->addWidget(m_moments, 0, 1);
    grid->addWidget(m_norms, 1, 0);
    grid->addWidget(m_ratio, 1, 1);
    auto *split = new QSplitter(Qt::Horizontal, page);
    split->addWidget(m_table);
    split->addWidget(plots);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(title);
    layout->addWidget(split, 1);
    return page;
}

QLayout *LayersView::buildTable(QWidget *page)
{
    m_table = new QTableWidget(0, Columns, page);
    m_table->setHorizontalHeaderLabels({tr("Layer"), tr("Mean"), tr("Spread"), tr("Dead"), tr("‖W‖"), tr("‖∇W‖"),
                                        tr("Update/W")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setMinimumWidth(200);  // it scrolls sideways rather than widen the window
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
        showLayer(row);
        updateOpenActions();
    });

    m_exploreAction = new QAction(tr("Inside the network"), this);
    m_studioAction = new QAction(tr("Studio"), this);
    connect(m_exploreAction, &QAction::triggered, this, [this] {
        if (const auto layer = networkLayerOfRow(m_table->currentRow()))
            Q_EMIT exploreLayerRequested(static_cast<int>(*layer));
    });
    connect(m_studioAction, &QAction::triggered, this, [this] {
        if (const auto layer = networkLayerOfRow(m_table->currentRow()))
            Q_EMIT studioLayerRequested(m_network, static_cast<int>(*layer));
    });
    connect(m_table, &QTableWidget::cellDoubleClicked, m_exploreAction, &QAction::trigger);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->addActions({m_exploreAction, m_studioAction});

    // Beside the page's title, so that they widen neither the table nor the window.
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_liveTitle, 1);
    buttons->addWidget(new QLabel(tr("Open the layer in:"), page));
    for (QAction *action : {m_exploreAction, m_studioAction}) {
        auto *button = new QToolButton(page);
        button->setDefaultAction(action);
        buttons->addWidget(button);
    }
    updateOpenActions();
    return buttons;
}

std::optional<std::size_t> LayersView::networkLayerOfRow(int row) const
{
    if (m_points.empty() || row < 0 || static_cast<std::size_t>(row) >= m_points.back().layers.size())
        return std::nullopt;
    return networkLayerOf(m_points.back().layers[static_cast<std::size_t>(row)], m_network);
}

void LayersView::updateOpenActions()
{
    const int row = m_table->currentRow();
    const bool known = networkLayerOfRow(row).has_value();
    const QString name = known ? m_points.back().layers[static_cast<std::size_t>(row)].name : QString();
    m_exploreAction->setEnabled(known);
    m_studioAction->setEnabled(known);
    m_exploreAction->setToolTip(known ? tr("Show layer %1 of the model for a clip on the Inside the network tab "
                                           "(or double-click the row)").arg(name)
                                      : tr("Choose a layer of the run first"));
    m_studioAction->setToolTip(known ? tr("Open the run's network in the studio with layer %1 selected").arg(name)
                                     : tr("Choose a layer of the run first"));
}

QWidget *LayersView::buildComparePage()
{
    auto *page = new QWidget(this);
    m_sentence = new QLabel(tr("Tick two or more runs in the runs table to compare their layers."), page);
    m_sentence->setWordWrap(true);
    QFont bold = m_sentence->font();
    bold.setBold(true);
    m_sentence->setFont(bold);
    m_gradients = makePlot(page, tr("Gradient norm per layer with weights (log)"), true);
    m_spreads = makePlot(page, tr("Activation spread after each layer with weights"), false);
    for (QCustomPlot *plot : {m_gradients, m_spreads}) {
        plot->xAxis->setLabel(tr("layer with weights, by position (the first run's names)"));
        legendInRow(plot);
    }
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_sentence);
    layout->addWidget(m_gradients, 1);
    layout->addWidget(m_spreads, 1);
    return page;
}

void LayersView::startRun(const NetworkSpec &network)
{
    m_network = network;
    m_points.clear();
    m_table->setRowCount(0);
    m_liveTitle->setText(tr("Waiting for the first measurement…"));
    for (QCustomPlot *plot : {m_heat, m_moments, m_norms, m_ratio})
        plot->replot(QCustomPlot::rpQueuedReplot);
}

void LayersView::addPoint(const TrainingProgress &point)
{
    if (point.layers.empty())
        return;
    m_points.push_back(point);
    scheduleRedraw();
}

void LayersView::scheduleRedraw()
{
    if (!isVisible()) {
        m_stale = true;  // drawn when shown
        return;
    }
    if (!m_redraw->isActive())
        m_redraw->start(m_lastDraw.isValid() ? std::max<qint64>(0, kRedrawMs - m_lastDraw.elapsed()) : 0);
}

void LayersView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale && !m_points.empty())
        showLatest();
}

void LayersView::showLatest()
{
    m_redraw->stop();
    m_stale = false;
    if (m_points.empty())
        return;
    m_lastDraw.start();
    const TrainingProgress &latest = m_points.back();
    m_liveTitle->setText(tr("Epoch %1, step %2: every layer on the latest batch. Choose a row to follow it over time.")
                             .arg(latest.fraction, 0, 'f', 1)
                             .arg(latest.step));
    const int selected = std::max(0, m_table->currentRow());
    const bool newRows = m_table->rowCount() != static_cast<int>(latest.layers.size());
    m_table->setRowCount(static_cast<int>(latest.layers.size()));
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const LayerStatistics &l = latest.layers[static_cast<std::size_t>(row)];
        const QStringList cells{l.name,
                                number(l.activationMean),
                                number(l.activationStd),
                                std::isfinite(l.deadFraction) ? QString::number(l.deadFraction * 100, 'f', 0) + " %"
                                                              : QStringLiteral("–"),
                                number(l.weightNorm),
                                number(l.gradNorm),
                                number(l.updateRatio, 2)};
        for (int column = 0; column < Columns; ++column) {
            if (QTableWidgetItem *item = m_table->item(row, column)) {  // kept: a point only changes their text
                item->setText(cells[column]);
                continue;
            }
            auto *item = new QTableWidgetItem(cells[column]);
            item->setTextAlignment(column == LayerColumn ? Qt::AlignLeft | Qt::AlignVCenter
                                                         : Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, column, item);
        }
    }
    if (newRows)
        m_table->resizeColumnsToContents();
    if (m_table->currentRow() < 0)
        m_table->setCurrentCell(std::min(selected, m_table->rowCount() - 1), 0);
    else
        showLayer(m_table->currentRow());
    if (newRows)
        updateOpenActions();
}

void LayersView::showLayer(int row)
{
    if (row < 0 || m_points.empty())
        return;
    const auto layer = static_cast<std::size_t>(row);
    QVector<double> x, mean, low, high, dead, weight, gradient, ratio;
    for (const TrainingProgress &p : m_points) {
        if (layer >= p.layers.size())
            continue;
        const LayerStatistics &l = p.layers[layer];
        x << p.fraction;
        mean << l.activationMean;
        low << l.activationMean - l.activationStd;
        high << l.activationMean + l.activationStd;
        dead << l.deadFraction;
        weight << l.weightNorm;
        gradient << l.gradNorm;
        ratio << l.updateRatio;
    }
    setValues(m_moments->graph(0), x, mean);
    setValues(m_moments->graph(1), x, low);
    setValues(m_moments->graph(2), x, high);
    setValues(m_moments->graph(3), x, dead);
    setValues(m_norms->graph(0), x, weight);
    setValues(m_norms->graph(1), x, gradient);
    const QVector<double> band{x.front(), x.back()};
    setValues(m_ratio->graph(0), band, {kRatioLow, kRatioLow});
    setValues(m_ratio->graph(1), band, {kRatioHigh, kRatioHigh});
    setValues(m_ratio->graph(2), x, ratio);
    drawHeatMap(layer);
    for (QCustomPlot *plot : {m_moments, m_norms, m_ratio}) {
        plot->rescaleAxes();
        plot->xAxis->setRange(0, std::max(1.0, x.back()));
    }
    m_moments->yAxis2->setRange(0, 1);
    const QCPRange ratios = m_ratio->yAxis->range();  // the whole band stays in sight
    m_ratio->yAxis->setRange(std::min(ratios.lower, kRatioLow / 3), std::max(ratios.upper, kRatioHigh * 3));
    for (QCustomPlot *plot : {m_moments, m_norms, m_ratio})
        plot->replot(QCustomPlot::rpQueuedReplot);
}

void LayersView::drawHeatMap(std::size_t layer)
{
    auto *map = qobject_cast<QCPColorMap *>(m_heat->plottable(0));
    const int columns = static_cast<int>(m_points.size()), bins = LayerStatistics::kHistogramBins;
    map->data()->setSize(columns, bins);
    map->data()->setRange(QCPRange(m_points.front().fraction, m_points.back().fraction), QCPRange(0, bins - 1));
    for (int column = 0; column < columns; ++column) {
        const auto &layers = m_points[static_cast<std::size_t>(column)].layers;
        for (int bin = 0; bin < bins; ++bin) {
            const bool known = layer < layers.size() && layers[layer].histogram.size() == std::size_t(bins);
            map->data()->setCell(column, bin, known ? std::log10(1.0 + layers[layer].histogram[std::size_t(bin)]) : 0);
        }
    }
    map->rescaleDataRange(true);
    m_heat->xAxis->setRange(0, std::max(1.0, m_points.back().fraction));
    m_heat->yAxis->setRange(-0.5, bins - 0.5);
    m_heat->replot(QCustomPlot::rpQueuedReplot);
}

void LayersView::setComparedRuns(const std::vector<RunRecord> &runs)
{
    std::vector<ComparedRun> compared;
    for (const RunRecord &run : runs) {
        ComparedRun c{QString("%1 (run %2)").arg(run.network).arg(run.id), {}};
        for (auto p = run.history.rbegin(); p != run.history.rend() && c.layers.empty(); ++p)
            c.layers = p->layers;
        compared.push_back(std::move(c));
    }
    m_comparison = compared.size() < 2 ? LayerComparison{} : compareLayers(compared);
    m_sentence->setText(compared.size() < 2 ? tr("Tick two or more runs in the runs table to compare their layers.")
                                            : m_comparison.sentence);
    drawComparison();
}

QString LayersView::comparisonSentence() const { return m_sentence->text(); }

void LayersView::drawComparison()
{
    for (QCustomPlot *plot : {m_gradients, m_spreads}) {
        plot->clearPlottables();
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        for (int k = 0; k < m_comparison.positions.size(); ++k)
            ticker->addTick(k + 1, m_comparison.positions[k]);
        plot->xAxis->setTicker(ticker);
    }
    if (m_comparison.aligned) {
        const int runs = m_comparison.runs.size();
        for (auto [plot, values] : {std::pair{m_gradients, &m_comparison.gradientNorms},
                                    std::pair{m_spreads, &m_comparison.spreads}}) {
            auto *group = new QCPBarsGroup(plot);
            for (int r = 0; r < runs; ++r) {
                auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
                const QColor colour = kRunColours[r % 6];
                bars->setPen(colour.darker(120));
                bars->setBrush(colour);
                bars->setName(m_comparison.runs[r]);
                bars->setWidth(0.8 / runs);
                bars->setBarsGroup(group);
                if (plot->yAxis->scaleType() == QCPAxis::stLogarithmic)
                    bars->setBaseValue(1e-8);
                QVector<double> keys, heights;
                for (std::size_t k = 0; k < (*values)[std::size_t(r)].size(); ++k) {
                    keys << static_cast<double>(k + 1);
                    heights << (*values)[std::size_t(r)][k];
                }
                bars->setData(keys, heights);
            }
        }
    }
    for (QCustomPlot *plot : {m_gradients, m_spreads}) {
        plot->rescaleAxes();
        plot->xAxis->setRange(0.4, m_comparison.positions.size() + 0.6);
        if (plot == m_spreads)
            plot->yAxis->setRangeLower(0);
        else if (m_comparison.aligned)
            plot->yAxis->setRange(smallest(m_comparison.gradientNorms) / 3, plot->yAxis->range().upper * 3);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

}  // namespace convscope
