#pragma once

#include "LayerStatistics.h"

#include <QMetaType>
#include <QString>

#include <cmath>
#include <limits>
#include <vector>

namespace convscope {

/**
 * One point of a live training curve, like d2l's Animator: the running train loss and accuracy of the
 * current epoch (reportsPerEpoch times per epoch) and, at each epoch's end, the test accuracy.
 * A small value sent across threads by queued signals.
 */
struct TrainingProgress {
    int epoch = 0;            ///< 0-based epoch
    double fraction = 0.0;    ///< fractional epochs done, e.g. 2.4
    std::int64_t step = 0;    ///< batches done in the whole run
    double loss = 0.0;
    double trainAccuracy = 0.0;
    double testAccuracy = std::numeric_limits<double>::quiet_NaN();  ///< set at epoch ends only
    double examplesPerSecond = 0.0;
    bool epochEnd = false;
    /// With TrainingConfig::layerStatistics: every layer with parameters and every activation, measured on the
    /// batch this point ends with (LayerStatistics); empty otherwise.
    std::vector<LayerStatistics> layers;
};

/** Why a run ended. */
enum class RunOutcome { Finished, Stopped, Diverged, Failed };

/** The end of a run: its last numbers and, unless it finished normally, what happened and what to try. */
struct TrainingSummary {
    RunOutcome outcome = RunOutcome::Finished;
    int epochsDone = 0;
    double loss = 0.0;
    double trainAccuracy = 0.0;
    double testAccuracy = 0.0;
    double examplesPerSecond = 0.0;
    double seconds = 0.0;
    QString message;
};

QString toString(RunOutcome outcome);  ///< "finished", "stopped", "diverged", "failed"

}  // namespace convscope

Q_DECLARE_METATYPE(convscope::TrainingProgress)
Q_DECLARE_METATYPE(convscope::TrainingSummary)
Q_DECLARE_METATYPE(std::vector<convscope::TrainingProgress>)
