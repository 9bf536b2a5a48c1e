#include "TrainerState.h"

#include "Calibration.h"
#include "InputWindow.h"

#include "data/FeatureCache.h"
#include "data/Mfcc.h"
#include "data/MfccBatch.h"
#include "data/Preprocessing.h"
#include "network/NetworkAnalysis.h"
#include "network/TorchNetworkBuilder.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>

namespace convscope {

namespace {

QString shapeText(const Shape &shape) { return QString::fromStdString(shapeToString(shape)); }

LayerActivation toActivation(const torch::Tensor &tensor)
{
    const torch::Tensor values = tensor.detach().contiguous().to(torch::kFloat);
    LayerActivation layer;
    layer.shape.assign(values.sizes().begin(), values.sizes().end());
    layer.values.assign(values.data_ptr<float>(), values.data_ptr<float>() + values.numel());
    return layer;
}

/// Layer i's convolution or Linear weight, or nothing (a block's weights are its branches').
LayerActivation layerWeight(const LayerSpec &layer, const torch::nn::Module &module)
{
    if (layer.kind != LayerKind::Conv && layer.kind != LayerKind::Linear)
        return {};
    const auto parameters = module.named_parameters(/*recurse=*/false);
    const torch::Tensor *weight = parameters.find("weight");
    return weight ? toActivation(*weight) : LayerActivation{};
}

}  // namespace

std::unique_ptr<TrainerState> TrainerState::create(const TrainingConfig &config, const FeatureCache &data,
                                                   QString *error, const torch::Tensor &givenMean,
                                                   const torch::Tensor &givenStd)
{
    const auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return nullptr;
    };
    if (data.size() == 0)
        return fail("The dataset is empty: open a folder of FSDD recordings first.");
    const NetworkAnalysis analysis = analyzeNetwork(config.network);
    if (!analysis.ok())
        return fail("The network is not valid: " + QString::fromStdString(analysis.allIssues().front().text()));
    if (analysis.shapes().back() != Shape{10})
        return fail("The network ends in " + shapeText(analysis.shapes().back())
                    + " but must end in 10 outputs, one per digit: make the last layer a Linear with 10 outputs.");
    const torch::Tensor &features = config.input == InputKind::Mfcc ? data.mfcc() : data.raw();
    if (!features.defined() || features.numel() == 0)
        return fail("The dataset has no " + toString(config.input) + " features; load it with MFCC enabled.");
    const Shape featureShape(features.sizes().begin() + 1, features.sizes().end());
    if (featureShape != config.network.input)
        return fail("The network's input is " + shapeText(config.network.input) + " but " + toString(config.input)
                    + " features are " + shapeText(featureShape) + ": set the network input to "
                    + shapeText(featureShape) + " or choose the other input.");
    if (const QString problem = config.recipeProblem(); !problem.isEmpty())
        return fail(problem);
    const DatasetSplit split = data.split(config.split);
    if (!split.ok())
        return fail(split.error);
    if (split.train.empty() || (split.test.empty() && config.split.kind != SplitKind::None))
        return fail("The split " + config.split.toString() + " leaves an empty training or test set.");

    auto state = std::make_unique<TrainerState>();
    state->config = config;
    state->rawOptions = data.options().raw;
    state->mfccLength = data.options().mfccLength;
    state->generator = at::detail::createCPUGenerator(config.seed);
    state->trainIndex = split.train;
    state->testIndex = split.test;
    state->files = data.files();
    state->speakerNames = data.speakerNames();
    state->speakerIndex = data.speakerIndex();
    state->loadFeatures(data, features, split, givenMean, givenStd);
    torch::manual_seed(config.seed);
    state->net = buildTorchNetwork(config.network, KernelChoice::Fast);
    state->makeOptimizer();
    return state;
}

void TrainerState::loadFeatures(const FeatureCache &data, const torch::Tensor &features, const DatasetSplit &split,
                                const torch::Tensor &givenMean, const torch::Tensor &givenStd)
{
    if (config.centreWord) {
        // Training rows at every warp, room and speed (see trainCopies), test rows as recorded and at every speed.
        const bool mfcc = config.input == InputKind::Mfcc;
        const CentredCopies copies{config.speeds, config.warps, config.rooms, config.seed, config.noiseFloors};
        const WordExtent extent = config.wordExtent();
        trainX = data.centredFeatures(split.train, copies, mfcc, extent);
        testX = data.centredFeatures(split.test, CentredCopies::atSpeeds({}), mfcc, extent);
        if (config.testAtSpeeds)
            testAtSpeedsX = data.centredFeatures(split.test, CentredCopies::atSpeeds(config.speeds), mfcc, extent);
        trainCopies = copies.count();
    } else {
        trainX = features.index_select(0, FeatureCache::indexTensor(split.train)).contiguous();
        testX = features.index_select(0, FeatureCache::indexTensor(split.test)).contiguous();
    }
    trainY = data.labels().index_select(0, FeatureCache::indexTensor(split.train)).contiguous();
    testY = data.labels().index_select(0, FeatureCache::indexTensor(split.test)).contiguous();
    if (givenMean.defined()) {
        featureMean = givenMean;
        featureStd = givenStd;
    } else if (config.standardizeMfcc && config.input == InputKind::Mfcc) {
        // Statistics from the training set only, so the test set stays unseen.
        const torch::Tensor x = config.normaliseUtterance ? MfccBatch::normaliseUtterances(trainX) : trainX;
        featureMean = x.mean(std::vector<std::int64_t>{0, 2}, true);
        featureStd = x.std(std::vector<std::int64_t>{0, 2}, true, true) + 1e-6;
    }
    trainX = normalised(trainX);
    testX = normalised(testX);
    if (testAtSpeedsX.defined())
        testAtSpeedsX = normalised(testAtSpeedsX);
}

torch::Tensor TrainerState::normalised(const torch::Tensor &features) const
{
    torch::Tensor x = config.normaliseUtterance ? MfccBatch::normaliseUtterances(features) : features;
    if (featureMean.defined())
        x = (x - featureMean) / featureStd;
    return x.contiguous();
}

void TrainerState::forEachPart(const std::function<void(int part, int parts)> &job)
{
    if (!batchWorkers) {
        job(0, 1);
        return;
    }
    const int parts = batchWorkers->count();
    batchWorkers->run([&](int part) { job(part, parts); });
}

/// Test clips per forward pass: few enough that a layer's output stays below glibc's mmap threshold
/// (util/MallocTuning, 32 MB) and reuses freed heap. At 512, the resnet preset's first outputs (49 MB each) were
/// mapped and zero-filled afresh for every batch: 465,000 page faults per evaluation of the 1000 test clips.
constexpr std::int64_t kEvaluationBatch = 64;

torch::Tensor TrainerState::testProbabilities()
{
    const torch::Tensor &x = testAtSpeedsX.defined() ? testAtSpeedsX : testX;
    torch::Tensor probabilities = torch::empty({x.size(0), 10});
    for (int part = 0; part < (batchWorkers ? batchWorkers->count() : 1); ++part)
        netOfPart(part)->eval();
    forEachPart([&](int part, int parts) {
        torch::NoGradGuard noGrad;  // per thread
        const auto [first, end] = partRange(x.size(0), part, parts);
        for (std::int64_t start = first; start < end; start += kEvaluationBatch) {
            const std::int64_t length = std::min(kEvaluationBatch, end - start);
            probabilities.narrow(0, start, length)
                .copy_(torch::softmax(netOfPart(part)->forward(x.narrow(0, start, length)), 1));
        }
    });
    const std::int64_t clips = testY.size(0);
    if (clips == 0)
        return torch::empty({0, 10});
    return probabilities.view({x.size(0) / clips, clips, 10}).mean(0);
}

void TrainerState::makeOptimizer()
{
    if (config.optimizer == OptimizerKind::Adam) {
        optimizer = std::make_unique<torch::optim::Adam>(
            net->parameters(), torch::optim::AdamOptions(config.learningRate).weight_decay(config.weightDecay));
    } else {
        optimizer = std::make_unique<torch::optim::SGD>(net->parameters(),
                                                        torch::optim::SGDOptions(config.learningRate)
                                                            .momentum(config.momentum)
                                                            .weight_decay(config.weightDecay));
    }
}

std::vector<float> TrainerState::inputWindow(const std::vector<float> &samples) const
{
    return InputWindow::of(config, samples, windowLength());
}

int TrainerState::windowLength() const { return config.input == InputKind::Raw ? rawOptions.length : mfccLength; }

torch::Tensor TrainerState::inputFor(const std::vector<float> &samples) const
{
    return inputOfWindow(inputWindow(samples));
}

torch::Tensor TrainerState::inputOfWindow(std::vector<float> window) const
{
    if (config.input == InputKind::Raw) {
        Preprocessing::normalise(window, rawOptions.normalisation);
        return torch::from_blob(window.data(), {1, 1, static_cast<std::int64_t>(window.size())}).clone();
    }
    const FeatureMatrix mfcc = Mfcc::compute(window);
    return normalised(torch::from_blob(const_cast<float *>(mfcc.values.data()), {1, mfcc.rows, mfcc.columns})
                          .transpose(1, 2));
}

torch::Tensor TrainerState::inputsToJudge(const std::vector<float> &samples) const
{
    if (!config.testAtSpeeds)
        return inputFor(samples);
    std::vector<torch::Tensor> copies;
    for (const double speed : config.speeds)
        copies.push_back(inputOfWindow(InputWindow::atSpeed(config, samples, windowLength(), speed)));
    return torch::cat(copies, 0);
}

torch::nn::Sequential buildCopyOfNetwork(const NetworkSpec &spec, KernelChoice kernels)
{
    at::Generator global = at::detail::getDefaultCPUGenerator();
    at::Tensor state;
    {
        std::lock_guard<std::mutex> lock(global.mutex());
        state = global.get_state();
    }
    torch::nn::Sequential copy = buildTorchNetwork(spec, kernels);
    std::lock_guard<std::mutex> lock(global.mutex());
    global.set_state(state);
    return copy;
}

torch::nn::Sequential TrainerState::layerwiseNet() const
{
    torch::nn::Sequential layerwise = buildCopyOfNetwork(config.network, KernelChoice::Standard);
    torch::NoGradGuard noGrad;
    auto parameters = layerwise->named_parameters();
    for (const auto &item : net->named_parameters())
        parameters[item.key()].copy_(item.value());
    auto buffers = layerwise->named_buffers();
    for (const auto &item : net->named_buffers())
        buffers[item.key()].copy_(item.value());
    layerwise->train(net->is_training());
    return layerwise;
}

std::vector<torch::Tensor> TrainerState::layerOutputs(const std::vector<float> &samples)
{
    torch::NoGradGuard noGrad;
    torch::nn::Sequential layerwise = layerwiseNet();
    layerwise->eval();
    std::vector<torch::Tensor> outputs{inputFor(samples)};
    for (auto &layer : *layerwise)
        outputs.push_back(layer.forward(outputs.back()));
    return outputs;
}

ActivationSnapshot TrainerState::snapshot(const std::vector<float> &samples)
{
    ActivationSnapshot snapshot;
    snapshot.window = inputWindow(samples);
    snapshot.mfcc = Mfcc::compute(InputWindow::of(config, samples, digits::kWindowSamples));
    snapshot.mfccInput = config.input == InputKind::Mfcc;
    snapshot.network = config.network;
    const std::vector<torch::Tensor> outputs = layerOutputs(samples);
    for (const torch::Tensor &output : outputs)
        snapshot.activations.push_back(toActivation(output.squeeze(0)));
    for (std::size_t i = 0; i < config.network.layers.size() && i < net->size(); ++i)
        snapshot.weights.push_back(layerWeight(config.network.layers[i], *net->ptr(i)));
    snapshot.probabilities = probabilities(samples);  // the model's answer, over every test-time speed it hears
    return snapshot;
}

PointSet TrainerState::activationRows(const std::vector<const std::vector<float> *> &recordings, std::size_t entry)
{
    constexpr std::size_t kBatch = 256;
    torch::NoGradGuard noGrad;
    torch::nn::Sequential layerwise = layerwiseNet();
    layerwise->eval();
    PointSet points;
    for (std::size_t start = 0; start < recordings.size(); start += kBatch) {
        std::vector<torch::Tensor> inputs;
        for (std::size_t i = start; i < std::min(recordings.size(), start + kBatch); ++i)
            inputs.push_back(inputFor(*recordings[i]));
        torch::Tensor x = torch::cat(inputs, 0);
        std::size_t layer = 0;
        for (auto &module : *layerwise)
            if (layer++ < entry)
                x = module.forward(x);
        appendRows(points, x);
    }
    return points;
}

void appendRows(PointSet &points, const torch::Tensor &batch)
{
    const torch::Tensor rows = batch.flatten(1).to(torch::kDouble).contiguous();
    points.dims = static_cast<std::size_t>(rows.size(1));
    points.count += static_cast<std::size_t>(rows.size(0));
    points.values.insert(points.values.end(), rows.data_ptr<double>(), rows.data_ptr<double>() + rows.numel());
}

std::array<double, 10> TrainerState::probabilities(const std::vector<float> &samples)
{
    return probabilitiesOf(inputsToJudge(samples));
}

std::array<double, 10> TrainerState::probabilitiesAsRecorded(const std::vector<float> &samples)
{
    return probabilitiesOf(inputFor(samples));
}

std::array<double, 10> TrainerState::probabilitiesOf(const torch::Tensor &inputs)
{
    torch::NoGradGuard noGrad;
    net->eval();
    const auto p = torch::softmax(net->forward(inputs), 1).mean(0).to(torch::kDouble).contiguous();
    std::array<double, 10> out{};
    std::copy(p.data_ptr<double>(), p.data_ptr<double>() + 10, out.begin());
    return withTemperature(out, config.temperature);
}

std::vector<float> TrainerState::saliency(const std::vector<float> &samples, int digitClass)
{
    torch::AutoGradMode gradients(true);
    net->eval();
    torch::Tensor x = inputFor(samples).set_requires_grad(true);
    const auto scores = net->forward(x);
    scores[0][digitClass].backward();
    const torch::Tensor g = x.grad().abs().squeeze(0).contiguous();
    return std::vector<float>(g.data_ptr<float>(), g.data_ptr<float>() + g.numel());
}

}  // namespace convscope
