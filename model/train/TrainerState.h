#pragma once

// LibTorch header, private to model/train: the state behind Trainer.
#include "DirectStep.h"
#include "LayerProbe.h"
#include "TrainingConfig.h"
#include "data/Preprocessing.h"
#include "explore/ActivationSnapshot.h"
#include "explore/PointSet.h"
#include "TrainingProgress.h"
#include "network/TorchNetworkBuilder.h"
#include "util/WorkerThreads.h"

#include <QStringList>

#include <torch/torch.h>

#include <array>
#include <functional>
#include <memory>
#include <vector>

namespace convscope {

class FeatureCache;
struct DatasetSplit;

/** Tensors and module of one Trainer. Used on the trainer's thread only. */
struct TrainerState {
    TrainingConfig config;
    torch::nn::Sequential net{nullptr};
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    torch::Generator generator;  ///< shuffling and augmentation; private so the global seed stays alone

    torch::Tensor trainX, trainY, testX, testY;  ///< trainY: one label per training clip
    /// trainX holds each training clip this many times (one per warp, room and speed, FeatureCache::centredFeatures:
    /// copy k of clip i is row k * clips + i); an epoch takes one copy of every clip.
    std::int64_t trainCopies = 1;
    /// With TrainingConfig::testAtSpeeds: the test clips at every speed, speed-major (copy k of test clip i is row
    /// k * testY.size(0) + i), whose averaged probabilities are the test predictions. Undefined otherwise.
    torch::Tensor testAtSpeedsX;
    std::vector<std::int64_t> trainIndex, testIndex;  ///< dataset rows
    torch::Tensor featureMean, featureStd;             ///< per MFCC coefficient, when standardised
    QStringList files, speakerNames;
    torch::Tensor speakerIndex;                        ///< per dataset row
    PreprocessOptions rawOptions;  ///< the cache's waveform preprocessing, reused for new recordings
    int mfccLength = 6000;

    /// The team that trains each part of a batch on its own core (Trainer::run makes it when the network allows).
    std::unique_ptr<WorkerThreads> batchWorkers;
    /// The network of part k ≥ 1 is partNets[k − 1]: its parameters share `net`'s storage but are leaves of their
    /// own, so no autograd node is shared between threads; the step adds their gradients into `net`'s.
    std::vector<torch::nn::Sequential> partNets;
    /// The training step without autograd (DirectStep), for the networks it computes; made by Trainer::run, null
    /// for the others, whose parts run through `net` and partNets. partNets still evaluate in parallel.
    std::unique_ptr<DirectStep> directStep;
    /// The network that part `part` of a split batch runs (`net` for part 0).
    torch::nn::Sequential &netOfPart(int part) { return part == 0 ? net : partNets[static_cast<std::size_t>(part - 1)]; }

    /// Measures the layers at progress points with TrainingConfig::layerStatistics (made by the first such step).
    std::unique_ptr<LayerProbe> layerProbe;

    int epochsDone = 0;
    std::vector<TrainingProgress> history;

    /// Builds the module (seeded), the optimizer and the input tensors from `data`. The MFCC statistics are the
    /// training split's, or `givenMean` and `givenStd` when defined (a saved model fine-tuned on a few recordings
    /// keeps the statistics it learnt with).
    static std::unique_ptr<TrainerState> create(const TrainingConfig &config, const FeatureCache &data,
                                                QString *error, const torch::Tensor &givenMean = {},
                                                const torch::Tensor &givenStd = {});
    void makeOptimizer();
    /// trainX/Y, testX/Y, testAtSpeedsX and the MFCC statistics of `split` from the cache (`features`: its raw or
    /// MFCC tensor, per config.input), each normalised as the config says.
    void loadFeatures(const FeatureCache &data, const torch::Tensor &features, const DatasetSplit &split,
                      const torch::Tensor &givenMean, const torch::Tensor &givenStd);
    /// Features (N × C × L) through the config's per-recording normalisation and the training set's standardisation.
    torch::Tensor normalised(const torch::Tensor &features) const;
    /// The samples a window holds: the raw length or the MFCC input's.
    int windowLength() const;
    /// The window of one recording the network reads (InputWindow::of with the stored length).
    std::vector<float> inputWindow(const std::vector<float> &samples) const;
    /// One recording through the config's preprocessing, as a batch of one.
    torch::Tensor inputFor(const std::vector<float> &samples) const;
    /// inputFor() of a window already placed (inputWindow(), InputWindow::atSpeed()).
    torch::Tensor inputOfWindow(std::vector<float> window) const;
    /// What the model judges of one recording: inputFor() once, or with config.testAtSpeeds once per speed (a batch
    /// of speeds.size()).
    torch::Tensor inputsToJudge(const std::vector<float> &samples) const;
    /// The test clips' probabilities (testY's order, clips × 10), averaged over the speeds with config.testAtSpeeds
    /// and before the temperature (its argmax is the prediction either way); in evaluation mode, in chunks split
    /// over the batch workers.
    torch::Tensor testProbabilities();
    /// Runs job(part, parts) for each part: on the batch workers when there are, else once on this thread.
    void forEachPart(const std::function<void(int part, int parts)> &job);
    /// Softmax probabilities of the ten digits for one recording (mono 8000 Hz, [-1, 1) scale), averaged over
    /// inputsToJudge(), then scaled by config.temperature: the model's answer.
    std::array<double, 10> probabilities(const std::vector<float> &samples);
    /// probabilities() of the recording at its own speed only (inputFor()), without the test-time speeds.
    std::array<double, 10> probabilitiesAsRecorded(const std::vector<float> &samples);
    /// The softmax of `inputs` (copies of one recording, a batch) averaged over the copies, then config.temperature.
    std::array<double, 10> probabilitiesOf(const torch::Tensor &inputs);
    /// |d score(digitClass) / d input| for one recording, in the network's input layout, in eval mode.
    std::vector<float> saliency(const std::vector<float> &samples, int digitClass);
    /// The network built one module per layer (KernelChoice::Standard) with `net`'s weights and buffers, for those
    /// that need every layer's own output: `net` computes Conv → ReLU → AvgPool runs as one module.
    torch::nn::Sequential layerwiseNet() const;
    /// The preprocessed input of one recording and every layer's output (batches of one), in eval mode.
    std::vector<torch::Tensor> layerOutputs(const std::vector<float> &samples);
    /// What one recording does inside the network: its window, MFCC, every layer's output and weights, and the
    /// probabilities (ActivationSnapshot; clip, truth and tag are left to the asker).
    ActivationSnapshot snapshot(const std::vector<float> &samples);
    /// Activation entry `entry` (0: the preprocessed input, i + 1: network layer i's output) of many recordings,
    /// one flattened row each, in batches of 256, in eval mode.
    PointSet activationRows(const std::vector<const std::vector<float> *> &recordings, std::size_t entry);
};

/// buildTorchNetwork without drawing from LibTorch's global random generator (which dropout draws from): for the
/// extra copies of a trained network (TrainerState::layerwiseNet, the part networks), whose weights are replaced.
torch::nn::Sequential buildCopyOfNetwork(const NetworkSpec &spec, KernelChoice kernels);

/// Appends every row of `batch` (flattened) to `points`.
void appendRows(PointSet &points, const torch::Tensor &batch);

}  // namespace convscope
