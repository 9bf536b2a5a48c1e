#pragma once

#include "Trainer.h"
#include "data/Dataset.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <array>
#include <atomic>
#include <vector>

namespace convscope {

class TrainedModel;

/** One speaker's share of a folder evaluation. */
struct SpeakerTally {
    QString speaker;
    int correct = 0;
    int count = 0;

    double accuracy() const;  ///< correct / count, NaN when count is 0
};

/**
 * A saved model's results on a folder of {digit}_{speaker}_{take}.wav recordings: what `convscope-cli evaluate`
 * prints and the Training tab's "Evaluate on folder" shows, counted once by evaluateFolder(). A plain value; any
 * thread.
 */
struct FolderEvaluation {
    QString folder;
    QString error;  ///< why the folder could not be read (naming it); empty when it was
    bool cancelled = false;
    int correct = 0;
    int count = 0;
    std::array<std::array<int, 10>, 10> confusion{};  ///< [truth][predicted]
    std::vector<SpeakerTally> speakers;               ///< sorted by name
    std::vector<SkippedFile> skipped;                 ///< not used, with the reason
    std::vector<Misclassified> misclassified;

    bool ok() const { return error.isEmpty(); }
    double accuracy() const;  ///< correct / count, NaN when nothing was evaluated
    /// The counts as an EvaluationReport, for ConfusionMatrixView (misclassified clips included).
    EvaluationReport report() const;
    /// The CLI's JSON: accuracy, count, per_digit, per_speaker (accuracy and count), confusion and skipped.
    QJsonObject toJson() const;
};

/// The most probable digit (the first on ties).
int predictedDigit(const std::array<double, 10> &probabilities);

/**
 * Decodes every recording of `folder` (DatasetScanner: any sample rate, stereo too) and predicts it with `model`.
 * A file whose name does not parse, that does not decode or that the model cannot take lands in `skipped` with the
 * reason. `cancel` is polled between files. Blocking: run it off the GUI thread, on the thread that loaded `model`.
 */
FolderEvaluation evaluateFolder(const TrainedModel &model, const QString &folder,
                                const std::atomic<bool> *cancel = nullptr);

}  // namespace convscope

Q_DECLARE_METATYPE(convscope::FolderEvaluation)
