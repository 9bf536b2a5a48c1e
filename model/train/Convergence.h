#pragma once

#include "TrainingProgress.h"

#include <QString>

#include <vector>

namespace convscope {

/** Whether a run's loss has stopped improving (assignment 3.6(g)), and why. */
struct ConvergenceVerdict {
    bool known = false;      ///< false when the run cannot be judged (stopped early, too short, no epoch)
    bool converged = false;
    QString reason;          ///< "not yet: still improving (−38 % over the last 20 %)", "not judged: …", …
};

/**
 * The plateau rule, on epoch-end points only (the mean loss over a whole epoch; points within an epoch are
 * running means of a few batches and too noisy): over the last 20 % of the epochs (at least one epoch), the
 * loss improved by less than 10 % of its value (or by less than 0.01, for losses near zero) and the training
 * accuracy moved by at most 2 points. A run stopped before its target, a one-epoch run or a run without a
 * complete epoch is not judged; a diverged run has not converged. Any thread.
 */
ConvergenceVerdict judgeConvergence(const std::vector<TrainingProgress> &history, int epochsTarget,
                                    const TrainingSummary &summary);

/// The rule above in one sentence, for tooltips and help.
QString convergenceRule();

}  // namespace convscope
