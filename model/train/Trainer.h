#pragma once

#include "TrainingConfig.h"
#include "TrainingControl.h"
#include "TrainingProgress.h"
#include "explore/ActivationSnapshot.h"
#include "explore/DataMap.h"
#include "receptive/GradientReceptiveField.h"

#include <QString>
#include <QStringList>

#include <array>
#include <functional>
#include <memory>
#include <vector>

namespace convscope {

class FeatureCache;
struct TrainerState;

/** The test clips' probabilities before the model's temperature, with their digits: what calibration fits on. */
struct TestPredictions {
    std::vector<std::array<double, 10>> probabilities;
    std::vector<int> truths;
};

/** How Trainer::adapt fine-tunes a saved model on a few recordings of one voice. */
struct AdaptOptions {
    int epochs = 30;
    double learningRate = 0.01;  ///< the start of the saved config's schedule
    int threads = 0;             ///< TrainingConfig::threads
};

/** A test clip the model got wrong. */
struct Misclassified {
    QString file;
    int truth = 0;
    int predicted = 0;
};

/** How a trained model does on its test set. */
struct EvaluationReport {
    double accuracy = 0.0;
    std::array<std::array<int, 10>, 10> confusion{};  ///< [truth][predicted]
    std::array<double, 10> classAccuracy{};
    std::vector<std::pair<QString, double>> speakerAccuracy;  ///< speakers present in the test set
    std::vector<Misclassified> misclassified;
};

/**
 * Trains one network on the cached dataset with LibTorch: the assignment's loop (cross-entropy, SGD or Adam,
 * batches of 32) plus shuffling, augmentation, MFCC standardisation and divergence checks. Batches are views
 * or one gather per epoch of the pre-stacked tensors, never per-item collation. Not thread-safe: create, run
 * and query it on one thread (the training worker's); TrainingControl is the only part other threads touch.
 */
class Trainer {
public:
    struct Callbacks {
        std::function<void(const TrainingProgress &)> progress;
        std::function<void(const QString &)> warning;
    };

    /// Builds the network, split and tensors; nullptr with `error` explaining what is wrong.
    static std::unique_ptr<Trainer> create(const TrainingConfig &config, const FeatureCache &data, QString *error);
    /// Reads a checkpoint written by saveCheckpoint() (or a spoken-digit TorchScript model, .pt, as TrainedModel::load
    /// does, with the default recipe and no history) and prepares to continue on `data`.
    static std::unique_ptr<Trainer> loadCheckpoint(const QString &path, const FeatureCache &data, QString *error);
    /// Reads a saved model (a file or a builtin: name) and prepares to fine-tune it on every recording of `data`
    /// (split none) with its own recipe and MFCC statistics, for `options.epochs` from `options.learningRate`: a
    /// personal model of the voice in `data`. Its history starts afresh.
    static std::unique_ptr<Trainer> adapt(const QString &path, const FeatureCache &data, const AdaptOptions &options,
                                          QString *error);
    ~Trainer();

    /// Trains from the current epoch up to config().epochs; returns when done, stopped or diverged.
    TrainingSummary run(TrainingControl &control, const Callbacks &callbacks = {});
    /// Confusion matrix, per-class and per-speaker accuracy and misclassified clips of the test set.
    EvaluationReport evaluate() const;
    /// The test set's probabilities (averaged over test-time speeds, before the temperature) and digits.
    TestPredictions testPredictions() const;
    /// Softmax probabilities of the ten digits for one recording (mono 8000 Hz, [-1, 1) scale), after the
    /// config's temperature.
    std::array<double, 10> classProbabilities(const std::vector<float> &samples) const;
    /// |d score(class) / d input| for one recording, in the network's input layout (6000 samples, or 13×74).
    std::vector<float> saliency(const std::vector<float> &samples, int digitClass) const;
    /// What one recording does inside the network: every layer's output and weights (clip, truth and tag empty).
    ActivationSnapshot activationSnapshot(const std::vector<float> &samples) const;
    /// The test clips as the data map's points: the network's input and its last Linear layer's input, flattened,
    /// with each clip's file, speaker, digit and prediction. Batched forward passes: a second for 1000 clips.
    DataMapFeatures dataMapFeatures() const;
    /// The effective receptive field of the request's output unit with the trained weights: |gradient| averaged over
    /// request.draws test clips (at least one; spread evenly over the test set, so that several digits are present).
    ReceptiveFieldResult effectiveField(const ReceptiveFieldRequest &request) const;

    /// Writes model weights, config, split, history, preprocessing and MFCC standardisation statistics atomically.
    /// loadCheckpoint() recomputes the statistics from the training split of the data it is given; TrainedModel
    /// reads the stored ones and needs no data.
    QString saveCheckpoint(const QString &path) const;

    const TrainingConfig &config() const;
    /// Raises the epoch target, to continue training.
    void setEpochs(int epochs);
    int epochsDone() const;
    const std::vector<TrainingProgress> &history() const;
    std::int64_t trainSize() const;
    std::int64_t testSize() const;

private:
    explicit Trainer(std::unique_ptr<TrainerState> state);
    std::unique_ptr<TrainerState> m_state;
};

}  // namespace convscope

Q_DECLARE_METATYPE(convscope::EvaluationReport)
