#pragma once

#include "train/TrainingProgress.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace convscope {

/** Whether a run's loss curve looks converged, and why (see RunRecord::convergence()). */
struct ConvergenceVerdict {
    bool known = false;      ///< false when the run has no complete epoch
    bool converged = false;
    QString reason;          ///< short explanation for the table's tooltip
};

/**
 * One finished (or stopped) training run as the runs table shows it: what was trained, its curve and how it
 * ended. A plain value; any thread.
 */
struct RunRecord {
    int id = 0;                 ///< 1, 2, ... in the order runs ended
    QString network;            ///< preset id or the custom network's name
    QString input;              ///< "raw" or "mfcc"
    int epochsTarget = 0;
    double learningRate = 0.0;
    QJsonObject config;         ///< TrainingConfig::toJson() of the run
    std::vector<TrainingProgress> history;
    TrainingSummary summary;
    QDateTime finishedAt;

    /// "Converged" when (1) the loss of the last complete epoch (its epoch-end point, the mean over the whole
    /// epoch) is below half of chance, 0.5·ln 10 ≈ 1.151, and (2) the loss is not rising over the last 20%
    /// of the run: the last epoch-end loss is at most 5% above the epoch-end loss at 80% of the run (the last
    /// epoch-end point at or before 0.8 × the final fractional epoch; a one-epoch run skips this test).
    /// Within-epoch points are running means of a few batches and too noisy, so only epoch ends count.
    static ConvergenceVerdict convergence(const std::vector<TrainingProgress> &history);
    ConvergenceVerdict convergence() const { return convergence(history); }

    QJsonObject toJson() const;
    /// Reads what toJson() wrote (the id is kept; nulls become NaN). nullopt with `error` naming what is missing.
    static std::optional<RunRecord> fromJson(const QJsonObject &object, QString *error = nullptr);
    /// The curve as CSV: fraction,epoch,step,loss,train_accuracy,test_accuracy,examples_per_second.
    QByteArray curveCsv() const;
};

}  // namespace convscope
