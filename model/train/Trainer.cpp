#include "Trainer.h"

#include "Augmentation.h"
#include "BlasThreads.h"
#include "TrainerState.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>

namespace convscope {

namespace {

using Clock = std::chrono::steady_clock;

const double kChanceLoss = std::log(10.0);  // cross-entropy of a uniform guess over ten digits

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

/// The test accuracy of the model as it is (TrainerState::testProbabilities); NaN (no accuracy) without test clips.
double testAccuracy(TrainerState &s)
{
    const std::int64_t clips = s.testY.size(0);
    if (clips == 0)
        return std::numeric_limits<double>::quiet_NaN();
    const std::int64_t correct = s.testProbabilities().argmax(1).eq(s.testY).sum().item<std::int64_t>();
    return static_cast<double>(correct) / static_cast<double>(clips);
}

QString number(double v) { return QString::number(v, 'g', 4); }

/// The counters of one run(): what its progress points and its summary are made of.
struct RunTally {
    Clock::time_point started = Clock::now();
    double stepSeconds = 0.0;  ///< time in optimiser steps only, for examples per second
    std::int64_t examples = 0;
    std::int64_t step = 0;
    double lowestLoss = std::numeric_limits<double>::infinity();
    bool warnedDivergence = false;

    double examplesPerSecond() const { return stepSeconds > 0 ? examples / stepSeconds : 0.0; }
};

/// A run that ends before its last epoch: how, and the message for the user.
struct EarlyEnd {
    RunOutcome outcome;
    QString message;
};

struct StepResult {
    double loss;
    std::int64_t correct;
    std::vector<LayerStatistics> layers = {};  ///< measured on the steps that end a progress point, when asked
};

void setLearningRate(torch::optim::Optimizer &optimizer, double learningRate)
{
    for (auto &group : optimizer.param_groups())
        group.options().set_lr(learningRate);
}

/// Adds each part network's parameter gradients into `net`'s, in part order (the same sum every run).
void addPartGradients(TrainerState &s)
{
    torch::NoGradGuard noGrad;
    const auto parameters = s.net->parameters();
    for (const torch::nn::Sequential &partNet : s.partNets) {
        const auto partParameters = partNet->parameters();
        for (std::size_t i = 0; i < parameters.size(); ++i) {
            const torch::Tensor &partGradient = partParameters[i].grad();
            if (!partGradient.defined())
                continue;
            torch::Tensor &gradient = parameters[i].mutable_grad();
            gradient = gradient.defined() ? gradient.add_(partGradient) : partGradient.clone();
        }
    }
}

/// A network like `net` whose parameters share its storage (so the optimiser's in-place updates reach it) but are
/// leaves of their own. Networks that split have no buffers (no batch norm).
torch::nn::Sequential sharingReplica(const TrainerState &s)
{
    torch::nn::Sequential replica = buildCopyOfNetwork(s.config.network, KernelChoice::Fast);
    const auto from = s.net->parameters();
    auto to = replica->parameters();
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < from.size(); ++i)
        to[i].set_data(from[i]);
    return replica;
}

/// Forward and backward of each part of the batch through autograd: each part through its own network
/// (TrainerState::partNets), with its loss weighted by its share of the batch; then the parts' gradients added up.
StepResult autogradStep(TrainerState &s, const torch::Tensor &batch, const torch::Tensor &labels)
{
    const int partCount = s.batchWorkers ? s.batchWorkers->count() : 1;
    for (int part = 0; part < partCount; ++part)
        for (auto &parameter : s.netOfPart(part)->parameters())
            parameter.mutable_grad().reset();  // zero_grad(set_to_none=True): no fill of 1.5M zeros
    std::vector<StepResult> parts(static_cast<std::size_t>(partCount), StepResult{0.0, 0});
    s.forEachPart([&](int part, int count) {
        const auto [first, end] = partRange(batch.size(0), part, count);
        const torch::Tensor rows = batch.narrow(0, first, end - first), truth = labels.narrow(0, first, end - first);
        const torch::Tensor output = s.netOfPart(part)->forward(rows);
        const torch::Tensor loss =
            torch::nn::functional::cross_entropy(
                output, truth, torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(s.config.labelSmoothing))
            * (static_cast<double>(end - first) / static_cast<double>(batch.size(0)));
        loss.backward();
        torch::NoGradGuard noGrad;
        parts[static_cast<std::size_t>(part)] = {loss.item<double>(),
                                                 output.argmax(1).eq(truth).sum().item<std::int64_t>()};
    });
    addPartGradients(s);
    StepResult whole{0.0, 0};
    for (const StepResult &part : parts) {  // in part order: the same sum every run
        whole.loss += part.loss;
        whole.correct += part.correct;
    }
    return whole;
}

/// The trainer's batch workers as DirectStep and sgdStepInParts take them (the caller's thread alone without).
DirectStep::PartRunner partsOnWorkers(TrainerState &s)
{
    return [&s](const std::function<void(int, int)> &job) { s.forEachPart(job); };
}

/// The same through DirectStep, without autograd, its stages' parts on the batch workers.
StepResult stepWithoutAutograd(TrainerState &s, const torch::Tensor &batch, const torch::Tensor &labels)
{
    const StackPass::Result result =
        s.directStep->run(batch.contiguous(), labels.contiguous(), s.config.labelSmoothing, partsOnWorkers(s));
    return {result.loss, result.correct};
}

/// One optimiser step on a batch. With batch workers, each part of the batch runs forward and backward on its own
/// thread, and the gradients the parts add up are the whole batch's (up to float rounding); only networks without
/// batch statistics or random layers get workers.
/// With `measure`, also every layer's statistics (LayerProbe), in the step's time: examples per second include them.
StepResult optimiserStep(TrainerState &s, const torch::Tensor &batch, const torch::Tensor &labels, RunTally &tally,
                         bool measure)
{
    const auto t0 = Clock::now();
    StepResult result = s.directStep ? stepWithoutAutograd(s, batch, labels) : autogradStep(s, batch, labels);
    if (measure) {
        if (!s.layerProbe)
            s.layerProbe = std::make_unique<LayerProbe>(s.config.network);
        s.layerProbe->beforeStep(s.net, batch);
    }
    if (!s.batchWorkers || !sgdStepInParts(*s.optimizer, partsOnWorkers(s)))
        s.optimizer->step();
    if (measure)
        result.layers = s.layerProbe->afterStep(s.net);
    tally.stepSeconds += seconds(t0);
    ++tally.step;
    tally.examples += batch.size(0);
    return result;
}

/// Whether each example's gradient is independent of the rest of its batch and of random draws: no batch norm,
/// no dropout. Such a network's batch can be split over threads with the same result.
bool splitsExactly(const std::vector<LayerSpec> &layers)
{
    return std::all_of(layers.begin(), layers.end(), [](const LayerSpec &l) {
        return l.kind != LayerKind::BatchNorm && l.kind != LayerKind::Dropout && splitsExactly(l.after)
               && std::all_of(l.branches.begin(), l.branches.end(), [](const auto &b) { return splitsExactly(b); });
    });
}

/// Threads for the run: a batch worker team for networks that split exactly, LibTorch's own threads otherwise.
void setUpThreads(TrainerState &s)
{
    const int threads = s.config.resolvedThreads();
    const bool split = threads > 1 && splitsExactly(s.config.network.layers);
    torch::set_num_threads(split ? 1 : threads);
    limitBlasThreads(split ? 1 : threads);
    s.partNets.clear();  // remade on every run: a loaded checkpoint gives `net` new storage
    s.directStep = DirectStep::of(s.net, s.config.network.input, split ? threads : 1);
    if (!split) {
        s.batchWorkers.reset();
        return;
    }
    if (!s.batchWorkers || s.batchWorkers->count() != threads)
        s.batchWorkers = std::make_unique<WorkerThreads>(threads, [] { limitOpenMpThreadsOfThisThread(1); });
    for (int part = 1; part < threads; ++part)
        s.partNets.push_back(sharingReplica(s));
}

QString divergedMessage(double loss, const RunTally &tally, int epoch, double learningRate)
{
    return "The loss became " + QString(std::isnan(loss) ? "NaN" : "infinite") + " at step " + QString::number(tally.step)
           + " (epoch " + QString::number(epoch) + ") with learning rate " + number(learningRate)
           + ". Try a lower learning rate (for example " + number(learningRate / 2)
           + "), batch-norm, MFCC standardisation or another seed.";
}

/// Divergence is judged on whole-epoch losses (single batches are too noisy): warns once when the loss climbs
/// back above chance after it had fallen well below.
void judgeEpochLoss(double loss, RunTally &tally, const Trainer::Callbacks &callbacks)
{
    tally.lowestLoss = std::min(tally.lowestLoss, loss);
    if (tally.warnedDivergence || !(tally.lowestLoss < 0.8 * kChanceLoss && loss > kChanceLoss))
        return;
    tally.warnedDivergence = true;
    if (callbacks.warning)
        callbacks.warning("The loss climbed back to " + number(loss) + ", above chance (ln 10 = " + number(kChanceLoss)
                          + "), after falling to " + number(tally.lowestLoss)
                          + ": the run is diverging. Try a lower learning rate, MFCC standardisation, or another seed.");
}

/// One epoch over the (shuffled) training set, with progress points `reportsPerEpoch` times and a test evaluation
/// at its end. Returns how the run ended early, if it did (Stop, or a loss that is not finite).
std::optional<EarlyEnd> runEpoch(TrainerState &s, TrainingControl &control, const Trainer::Callbacks &callbacks,
                                 RunTally &tally, TrainingSummary &summary)
{
    const TrainingConfig &c = s.config;
    const std::int64_t n = s.trainY.size(0);
    const std::int64_t batches = (n + c.batchSize - 1) / c.batchSize;
    const std::int64_t reportEvery = std::max<std::int64_t>(1, batches / std::max(1, c.reportsPerEpoch));
    s.net->train();
    torch::Tensor x = s.trainX, y = s.trainY;
    if (s.trainCopies > 1 || c.shuffle) {
        torch::Tensor clips = c.shuffle ? torch::randperm(n, s.generator, torch::kLong) : torch::arange(n);
        torch::Tensor rows = clips;
        if (s.trainCopies > 1)  // every clip once, each copy (speed, warp) drawn at random
            rows = clips + torch::randint(0, s.trainCopies, {n}, s.generator, torch::kLong) * n;
        x = x.index_select(0, rows);
        y = y.index_select(0, clips);
    }
    double lossSum = 0.0;
    std::int64_t correct = 0, seen = 0;
    for (std::int64_t b = 0; b < batches; ++b) {
        if (!control.waitBeforeBatch()) {
            // The run's test accuracy is that of the model as it stopped, not of the last epoch end.
            summary.testAccuracy = testAccuracy(s);
            return EarlyEnd{RunOutcome::Stopped, "Stopped at epoch " + QString::number(s.epochsDone + 1) + " of "
                                                     + QString::number(c.epochs) + ", batch " + QString::number(b + 1) + "."};
        }
        const std::int64_t start = b * c.batchSize, length = std::min<std::int64_t>(c.batchSize, n - start);
        if (c.schedule != LrSchedule::Constant)
            setLearningRate(*s.optimizer, c.learningRateAt(s.epochsDone * batches + b, c.epochs * batches));
        torch::Tensor batch = x.narrow(0, start, length);
        if (c.augment)
            batch = augmentBatch(batch, c.input == InputKind::Raw, s.generator);
        if (c.specAugmentMasks > 0)
            batch = maskBatch(batch, c.specAugmentMasks, s.generator);
        const bool reported = (b + 1) % reportEvery == 0 || b + 1 == batches;
        StepResult result = optimiserStep(s, batch, y.narrow(0, start, length), tally, reported && c.layerStatistics);
        if (!std::isfinite(result.loss))
            return EarlyEnd{RunOutcome::Diverged, divergedMessage(result.loss, tally, s.epochsDone + 1, c.learningRate)};
        lossSum += result.loss * static_cast<double>(length);
        correct += result.correct;
        seen += length;
        if (!reported)
            continue;
        TrainingProgress point;
        point.epoch = s.epochsDone;
        point.fraction = s.epochsDone + static_cast<double>(b + 1) / static_cast<double>(batches);
        point.step = tally.step;
        point.loss = lossSum / static_cast<double>(seen);
        point.trainAccuracy = static_cast<double>(correct) / static_cast<double>(seen);
        point.examplesPerSecond = tally.examplesPerSecond();
        point.epochEnd = b + 1 == batches;
        point.layers = std::move(result.layers);
        if (point.epochEnd) {
            point.testAccuracy = testAccuracy(s);
            summary.testAccuracy = point.testAccuracy;
            judgeEpochLoss(point.loss, tally, callbacks);
        }
        s.history.push_back(point);
        summary.loss = point.loss;
        summary.trainAccuracy = point.trainAccuracy;
        if (callbacks.progress)
            callbacks.progress(point);
    }
    return std::nullopt;
}

}  // namespace

Trainer::Trainer(std::unique_ptr<TrainerState> state) : m_state(std::move(state)) {}
Trainer::~Trainer() = default;

std::unique_ptr<Trainer> Trainer::create(const TrainingConfig &config, const FeatureCache &data, QString *error)
{
    try {
        auto state = TrainerState::create(config, data, error);
        return state ? std::unique_ptr<Trainer>(new Trainer(std::move(state))) : nullptr;
    } catch (const c10::Error &e) {
        if (error)
            *error = "LibTorch could not set up the run: " + QString::fromStdString(e.what_without_backtrace());
    } catch (const std::exception &e) {
        if (error)
            *error = "Could not set up the run: " + QString::fromUtf8(e.what());
    }
    return nullptr;
}

TrainingSummary Trainer::run(TrainingControl &control, const Callbacks &callbacks)
{
    TrainerState &s = *m_state;
    setUpThreads(s);
    torch::AutoGradMode gradients(true);
    TrainingSummary summary;
    RunTally tally;
    tally.step = s.history.empty() ? 0 : s.history.back().step;
    const auto finish = [&](RunOutcome outcome, const QString &message) {
        summary.outcome = outcome;
        summary.message = message;
        summary.epochsDone = s.epochsDone;
        summary.examplesPerSecond = tally.examplesPerSecond();
        summary.seconds = seconds(tally.started);
        return summary;
    };
    try {
        while (s.epochsDone < s.config.epochs) {
            if (const auto end = runEpoch(s, control, callbacks, tally, summary))
                return finish(end->outcome, end->message);
            ++s.epochsDone;
        }
        const bool stillDiverged = tally.warnedDivergence && summary.loss > kChanceLoss;
        return finish(stillDiverged ? RunOutcome::Diverged : RunOutcome::Finished,
                      stillDiverged ? QStringLiteral("The run ended with its loss above chance after it had fallen: "
                                                     "it diverged. Try a lower learning rate, MFCC standardisation "
                                                     "or another seed.")
                                    : QString());
    } catch (const c10::Error &e) {
        return finish(RunOutcome::Failed, "LibTorch stopped the run: " + QString::fromStdString(e.what_without_backtrace()));
    } catch (const std::exception &e) {
        return finish(RunOutcome::Failed, "The run failed: " + QString::fromUtf8(e.what()));
    }
}

const TrainingConfig &Trainer::config() const { return m_state->config; }
void Trainer::setEpochs(int epochs) { m_state->config.epochs = epochs; }
int Trainer::epochsDone() const { return m_state->epochsDone; }
const std::vector<TrainingProgress> &Trainer::history() const { return m_state->history; }
std::int64_t Trainer::trainSize() const { return m_state->trainY.size(0); }
std::int64_t Trainer::testSize() const { return m_state->testX.size(0); }

QString toString(RunOutcome outcome)
{
    switch (outcome) {
    case RunOutcome::Finished:
        return "finished";
    case RunOutcome::Stopped:
        return "stopped";
    case RunOutcome::Diverged:
        return "diverged";
    case RunOutcome::Failed:
        return "failed";
    }
    return "failed";
}

}  // namespace convscope
