#pragma once

#include "Convergence.h"
#include "TrainingProgress.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>
#include <vector>

namespace convscope {

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

    /// judgeConvergence() of this run (the rule is convergenceRule()).
    ConvergenceVerdict convergence() const { return judgeConvergence(history, epochsTarget, summary); }

    QJsonObject toJson() const;
    /// Reads what toJson() wrote (the id is kept; nulls become NaN). nullopt with `error` naming what is missing.
    static std::optional<RunRecord> fromJson(const QJsonObject &object, QString *error = nullptr);
    /// The curve as CSV: fraction,epoch,step,loss,train_accuracy,test_accuracy,examples_per_second.
    QByteArray curveCsv() const;
};

}  // namespace convscope

Q_DECLARE_METATYPE(convscope::RunRecord)
