#pragma once

#include "TrainingConfig.h"
#include "explore/ActivationSnapshot.h"
#include "explore/PointSet.h"

#include <QString>

#include <array>
#include <memory>
#include <vector>

namespace convscope {

struct TrainerState;

/**
 * A trained network read from a checkpoint on its own, without the dataset: the weights, the config and the
 * preprocessing the checkpoint stores (MFCC standardisation statistics included), for predicting recordings
 * anywhere (convscope-cli predict and evaluate). Recordings go through the same preprocessing as training
 * (TrainerState::inputFor). One recording is too little work to split between threads (a second thread made
 * `evaluate` of 1000 clips 2.7 times slower here, in synchronisation), so load() sets LibTorch and BLAS to one
 * thread for the process unless told to leave them (the app, whose training runs set their own). Not
 * thread-safe: load and query it on one thread.
 */
class TrainedModel {
public:
    /// What load() does to the process's LibTorch and BLAS thread counts.
    enum class Threads { SetToOne, Leave };

    /// Reads a checkpoint written by Trainer::saveCheckpoint(): a file, a Qt resource (":/...") or a built-in
    /// model's name ("builtin:voice", BuiltinModels); nullptr with `error` (naming the file) otherwise. A TorchScript
    /// model (.pt, loadTorchScriptNetwork) that reads 1×6000 samples or 13×74 MFCCs and gives 10 digits loads as a
    /// checkpoint of the default recipe: its weights, the waveform z-scored or the MFCCs not standardised, as the
    /// assignment's notebook prepares them.
    static std::unique_ptr<TrainedModel> load(const QString &path, QString *error, Threads threads = Threads::SetToOne);
    ~TrainedModel();

    /// Softmax probabilities of the ten digits for one recording (mono 8000 Hz, [-1, 1) scale).
    std::array<double, 10> classProbabilities(const std::vector<float> &samples) const;
    /// classProbabilities() of the recording at its own speed only, without the recipe's test-time speeds (seven
    /// times cheaper with the voice recipe, a little less sure): listening's strip chart, twenty windows a second.
    std::array<double, 10> glanceProbabilities(const std::vector<float> &samples) const;
    /// |d score(digitClass) / d input| for one recording, in the network's input layout (as Trainer::saliency).
    std::vector<float> saliency(const std::vector<float> &samples, int digitClass) const;
    /// What one recording does inside the network: the network's input after the preprocessing, then every
    /// layer's output (ActivationSnapshot::activations), every layer's weights and the probabilities.
    ActivationSnapshot snapshot(const std::vector<float> &samples) const;
    /// Activation entry `entry` of many recordings, one flattened row each, computed in batches (the data map).
    PointSet activationRows(const std::vector<const std::vector<float> *> &recordings, std::size_t entry) const;
    const TrainingConfig &config() const;

private:
    explicit TrainedModel(std::unique_ptr<TrainerState> state);
    std::unique_ptr<TrainerState> m_state;
};

}  // namespace convscope
