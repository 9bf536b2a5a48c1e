#pragma once

#include "Trainer.h"
#include "data/Dataset.h"

#include <QString>

#include <functional>
#include <limits>

namespace convscope {

/** What adapting a model to one voice gave: the personal model's file and how it does before and after. */
struct VoiceAdaptation {
    QString error;  ///< empty on success, "Cancelled." or what went wrong (naming the file)
    double learnAccuracyBefore = std::numeric_limits<double>::quiet_NaN();  ///< on the takes it learnt from
    double learnAccuracyAfter = std::numeric_limits<double>::quiet_NaN();
    double checkAccuracyBefore = std::numeric_limits<double>::quiet_NaN();  ///< on takes it did not learn from
    double checkAccuracyAfter = std::numeric_limits<double>::quiet_NaN();   ///< (NaN without any)
    double seconds = 0.0;  ///< the fine-tuning itself

    bool ok() const { return error.isEmpty(); }
};

/**
 * Fine-tunes the saved model `model` (a file or a builtin: name) on the takes of `learn` (Trainer::adapt: its own
 * recipe and MFCC statistics) and writes the personal model to `savePath` atomically. The accuracies before and
 * after are counted on `learn` and on `check` (takes kept out of the fine-tuning; may be empty) with the saved
 * model as `convscope-cli evaluate` counts them. `control` can stop it between batches; `progress` (if set)
 * hears the fine-tuning's progress, from 0 to 1, on the calling thread. The one path behind `convscope-cli adapt`
 * and "Teach it your voice". Blocking: run it off the GUI thread.
 */
VoiceAdaptation adaptToVoice(const QString &model, const Dataset &learn, const Dataset &check,
                             const AdaptOptions &options, const QString &savePath, TrainingControl &control,
                             const std::function<void(double fraction)> &progress = {});

}  // namespace convscope
