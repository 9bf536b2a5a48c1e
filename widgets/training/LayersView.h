#pragma once

#include "network/NetworkSpec.h"
#include "train/LayerComparison.h"
#include "train/RunRecord.h"
#include "train/TrainingProgress.h"

#include <QElapsedTimer>
#include <QWidget>

#include <optional>
#include <vector>

class QAction;
class QCustomPlot;
class QLabel;
class QLayout;
class QTabWidget;
class QTableWidget;
class QTimer;

namespace convscope {

/**
 * The Training tab's "Layers" page. "This run": every layer of the run in progress at its latest point (mean,
 * spread, dead ReLUs, weight and gradient norms, update ratio) and, for the chosen row, its histogram over time as a
 * heat map (progress points across, octave bins up), mean ± spread with the dead fraction, the norms on a log scale
 * and the update ratio with CS231n's 1e-3 rule of thumb as a band. "Compare runs": the ticked runs' gradient norms
 * and activation spreads per layer side by side, aligned by position (compareLayers), with its sentence. A row opens
 * its layer in Inside the network (double-click, the button beside the page's title or the context menu) or in the
 * studio (button or context menu): the view asks for it with exploreLayerRequested and studioLayerRequested, which
 * the app window answers. Fed by the panel with the controller's network, progress points and the runs table's ticked
 * runs; holds values only. GUI thread only.
 */
class LayersView : public QWidget {
    Q_OBJECT
public:
    explicit LayersView(QWidget *parent = nullptr);

    /// A new run of `network`: forgets the points of the one before.
    void startRun(const NetworkSpec &network);
    /// A progress point; points without layer statistics are ignored. The page is redrawn at most every
    /// kRedrawMs while shown, and when shown again: a fast network's points come 20 times a second and more, and
    /// each redraw costs a few ms of the GUI thread.
    void addPoint(const TrainingProgress &point);
    static constexpr int kRedrawMs = 200;
    /// The ticked runs to compare (fewer than two: the page says to tick more).
    void setComparedRuns(const std::vector<RunRecord> &runs);

    QTabWidget *pages() const { return m_pages; }
    QTableWidget *table() const { return m_table; }
    QString comparisonSentence() const;
    const LayerComparison &comparison() const { return m_comparison; }
    std::size_t pointCount() const { return m_points.size(); }
    /// The network layer (NetworkSpec::layers index) that table row `row` measures (networkLayerOf), or nullopt.
    std::optional<std::size_t> networkLayerOfRow(int row) const;
    /// Open the current row's layer in Inside the network, and in the studio (also the table's context menu).
    QAction *exploreAction() const { return m_exploreAction; }
    QAction *studioAction() const { return m_studioAction; }

Q_SIGNALS:
    /// Show network layer `layer` of the current model in Inside the network.
    void exploreLayerRequested(int layer);
    /// Show layer `layer` of `network` (the run's) in the studio.
    void studioLayerRequested(const convscope::NetworkSpec &network, int layer);

protected:
    void showEvent(QShowEvent *event) override;

private:
    /// Draws the latest point now if the page is shown and was not drawn in the last kRedrawMs, else soon after.
    void scheduleRedraw();
    QWidget *buildLivePage();
    /// The table of every layer; returns the title row with the buttons that open its current row's layer elsewhere.
    QLayout *buildTable(QWidget *page);
    /// Names the current row's layer on the open actions, or disables them when the row has none.
    void updateOpenActions();
    QWidget *buildComparePage();
    void showLatest();
    void showLayer(int row);
    void drawHeatMap(std::size_t layer);
    void drawComparison();

    NetworkSpec m_network;                   ///< the run's
    std::vector<TrainingProgress> m_points;  ///< those with layers, in order
    LayerComparison m_comparison;
    QTabWidget *m_pages;
    QTableWidget *m_table;
    QCustomPlot *m_heat, *m_moments, *m_norms, *m_ratio;
    QCustomPlot *m_gradients, *m_spreads;
    QLabel *m_liveTitle, *m_sentence;
    QAction *m_exploreAction, *m_studioAction;
    QTimer *m_redraw;            ///< the next redraw of the live page, while one waits
    QElapsedTimer m_lastDraw;    ///< since the live page was last drawn
    bool m_stale = false;        ///< points came while the page was hidden
};

}  // namespace convscope
