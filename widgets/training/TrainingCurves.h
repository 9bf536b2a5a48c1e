#pragma once

#include "train/RunRecord.h"
#include "train/TrainingProgress.h"

#include <QWidget>

#include <vector>

class QCPGraph;
class QCustomPlot;
class QCheckBox;

namespace convscope {

/**
 * Live training curves like d2l's Animator: train loss (left axis, linear or log), train accuracy and test
 * accuracy (right axis, 0..1) against fractional epochs, with a legend. Points are appended in addPoint() (the
 * slot for TrainingWorker::progress) and drawn with a queued replot, so bursts coalesce; a stopped run's curve
 * ends at the evaluation of the model as it stopped (endRun). Other runs can be
 * overlaid in lighter colours. Exports PNG and PDF (context menu). GUI thread only.
 */
class TrainingCurves : public QWidget {
    Q_OBJECT
public:
    enum class Series { TrainLoss, TrainAccuracy, TestAccuracy };

    explicit TrainingCurves(QWidget *parent = nullptr);

    /// Clears the current run's curves and sets the x axis to 0..epochs.
    void startRun(int epochs);
    /// Appends one point (test accuracy only at epoch ends) and queues a replot.
    void addPoint(const convscope::TrainingProgress &point);
    /// Ends the current run's curves with the run as recorded: a run that did not finish (stopped or diverged) was
    /// evaluated as it stopped, and that accuracy becomes the test curve's last point, marked "at stop".
    void endRun(const RunRecord &run);
    /// Replaces the overlaid runs (drawn lighter, behind the current run).
    void setOverlays(const std::vector<RunRecord> &runs);

    void setLogLoss(bool logarithmic);

    /// Data points of the current run's series.
    int pointCount(Series series) const;
    int overlayCount() const { return static_cast<int>(m_overlays.size()); }
    QCustomPlot *plot() const { return m_plot; }

    bool savePng(const QString &path, int width = 0, int height = 0) const;
    bool savePdf(const QString &path, int width = 0, int height = 0) const;

public Q_SLOTS:
    void exportAs();

Q_SIGNALS:
    void message(const QString &text, bool isError);

private:
    QCPGraph *graph(Series series) const;
    void rescale();

    QCustomPlot *m_plot;
    QCheckBox *m_logBox;
    QCPGraph *m_trainLoss, *m_trainAcc, *m_testAcc;
    QCPGraph *m_stopMark;  ///< the final evaluation of a run that did not finish, in the legend while shown
    std::vector<QCPGraph *> m_overlays;
    bool m_logLoss = false;
    int m_epochs = 1;
};

}  // namespace convscope
