#pragma once

#include "train/LayerComparison.h"
#include "train/RunRecord.h"
#include "train/TrainingProgress.h"

#include <QWidget>

#include <vector>

class QCustomPlot;
class QLabel;
class QTabWidget;
class QTableWidget;

namespace convscope {

/**
 * The Training tab's "Layers" page. "This run": every layer of the run in progress at its latest point (mean,
 * spread, dead ReLUs, weight and gradient norms, update ratio) and, for the chosen row, its histogram over time as a
 * heat map (progress points across, octave bins up), mean ± spread with the dead fraction, the norms on a log scale
 * and the update ratio with CS231n's 1e-3 rule of thumb as a band. "Compare runs": the ticked runs' gradient norms
 * and activation spreads per layer side by side, aligned by position (compareLayers), with its sentence. Fed by the
 * panel with the controller's progress points and the runs table's ticked runs; holds values only. GUI thread only.
 */
class LayersView : public QWidget {
    Q_OBJECT
public:
    explicit LayersView(QWidget *parent = nullptr);

    /// A new run: forgets the points of the one before.
    void startRun();
    /// A progress point; points without layer statistics are ignored.
    void addPoint(const TrainingProgress &point);
    /// The ticked runs to compare (fewer than two: the page says to tick more).
    void setComparedRuns(const std::vector<RunRecord> &runs);

    QTabWidget *pages() const { return m_pages; }
    QTableWidget *table() const { return m_table; }
    QString comparisonSentence() const;
    const LayerComparison &comparison() const { return m_comparison; }
    std::size_t pointCount() const { return m_points.size(); }

private:
    QWidget *buildLivePage();
    QWidget *buildComparePage();
    void showLatest();
    void showLayer(int row);
    void drawHeatMap(std::size_t layer);
    void drawComparison();

    std::vector<TrainingProgress> m_points;  ///< those with layers, in order
    LayerComparison m_comparison;
    QTabWidget *m_pages;
    QTableWidget *m_table;
    QCustomPlot *m_heat, *m_moments, *m_norms, *m_ratio;
    QCustomPlot *m_gradients, *m_spreads;
    QLabel *m_liveTitle, *m_sentence;
};

}  // namespace convscope
