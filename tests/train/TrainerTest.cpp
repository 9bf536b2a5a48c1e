// Real LibTorch training on a few hundred real FSDD clips.
#include "data/DatasetScanner.h"
#include "data/FeatureCache.h"
#include "network/NetworkAnalysis.h"
#include "network/PresetLibrary.h"
#include "audio/AudioDecoder.h"
#include "train/TrainedModel.h"
#include "train/Trainer.h"
#include "SmallFeatureCache.h"
#include "TestPaths.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cmath>
#include <thread>

using namespace convscope;

namespace {

/// 300 evenly spaced clips of FSDD (all digits and speakers), raw and MFCC features; built once.
const FeatureCache &smallCache()
{
    static const FeatureCache cache = [] {
        DatasetLoadResult loaded = DatasetScanner::load(test::sharedDir() + "/fsdd/recordings");
        std::vector<DatasetItem> kept;
        const std::size_t total = loaded.dataset.items.size();
        for (std::size_t i = 0; i < 300 && total > 0; ++i)
            kept.push_back(loaded.dataset.items[i * total / 300]);
        loaded.dataset.items = kept;
        return *FeatureCache::build(loaded.dataset).cache;
    }();
    return cache;
}

TrainingConfig presetConfig(const char *id, int epochs)
{
    const PresetLibrary presets;
    auto config = *TrainingConfig::forPreset(id, *presets.find(id));
    config.epochs = epochs;
    config.threads = 1;
    return config;
}

}  // namespace

TEST(Trainer, MfccNetLearnsAndBeatsChance)
{
    ASSERT_EQ(smallCache().size(), 300);
    QString error;
    auto trainer = Trainer::create(presetConfig("mfcc", 10), smallCache(), &error);
    ASSERT_TRUE(trainer) << error.toStdString();
    EXPECT_EQ(trainer->trainSize(), 200);
    EXPECT_EQ(trainer->testSize(), 100);
    TrainingControl control;
    std::vector<TrainingProgress> points;
    const auto summary = trainer->run(control, {[&](const TrainingProgress &p) { points.push_back(p); }, {}});
    EXPECT_EQ(summary.outcome, RunOutcome::Finished) << summary.message.toStdString();
    EXPECT_EQ(summary.epochsDone, 10);
    // 200 clips in batches of 32 are 7 batches: 7 / 5 reports rounds down to one report per batch.
    ASSERT_EQ(points.size(), 70u);
    EXPECT_DOUBLE_EQ(points.back().fraction, 10.0);
    EXPECT_TRUE(points.back().epochEnd);
    EXPECT_LT(points.back().loss, points.front().loss);
    EXPECT_GT(summary.testAccuracy, 0.5);  // chance is 0.1
    EXPECT_GT(summary.examplesPerSecond, 0.0);

    const EvaluationReport report = trainer->evaluate();
    int total = 0;
    for (const auto &row : report.confusion)
        for (int v : row)
            total += v;
    EXPECT_EQ(total, 100);
    EXPECT_DOUBLE_EQ(report.accuracy, summary.testAccuracy);
    EXPECT_EQ(static_cast<int>(report.misclassified.size()), 100 - static_cast<int>(std::lround(report.accuracy * 100)));
}

TEST(Trainer, SameSeedSameNumbers)
{
    QString error;
    auto first = Trainer::create(presetConfig("mfcc", 1), smallCache(), &error);
    auto second = Trainer::create(presetConfig("mfcc", 1), smallCache(), &error);
    TrainingControl control;
    const auto a = first->run(control), b = second->run(control);
    EXPECT_EQ(a.loss, b.loss);
    EXPECT_EQ(a.testAccuracy, b.testAccuracy);
    auto config = presetConfig("mfcc", 1);
    config.seed = 99;
    auto third = Trainer::create(config, smallCache(), &error);
    EXPECT_NE(third->run(control).loss, a.loss);
}

TEST(Trainer, TwoThreadsSplittingEachBatchTrainTheSameModelAsOne)
{
    // mfcc has no batch norm or dropout, so two threads each take half of every batch and add their gradients,
    // and update half of the weights (also with momentum and weight decay, whose buffers the first step makes).
    for (const double momentum : {0.0, 0.9}) {
        SCOPED_TRACE(momentum);
        QString error;
        auto config = presetConfig("mfcc", 3);
        config.momentum = momentum;
        if (momentum > 0) {  // the preset's step size: at lr 0.05 with momentum the loss climbs above chance, and
            config.learningRate = 0.005;  // rounding differences between the runs grow without bound
            config.weightDecay = 1e-3;
        }
        auto single = Trainer::create(config, smallCache(), &error);
        config.threads = 2;
        auto split = Trainer::create(config, smallCache(), &error);
        ASSERT_TRUE(single && split) << error.toStdString();
        TrainingControl control;
        const auto a = single->run(control), b = split->run(control);
        ASSERT_EQ(a.outcome, RunOutcome::Finished);
        ASSERT_EQ(b.outcome, RunOutcome::Finished);
        ASSERT_EQ(single->history().size(), split->history().size());
        for (std::size_t i = 0; i < single->history().size(); ++i)  // the same steps, up to float rounding
            EXPECT_NEAR(single->history()[i].loss, split->history()[i].loss, 1e-4 * single->history()[i].loss) << i;
        EXPECT_NEAR(a.trainAccuracy, b.trainAccuracy, 0.011);
        EXPECT_NEAR(a.testAccuracy, b.testAccuracy, 0.011);
    }
}

TEST(Trainer, CopiesOfTheNetworkLeaveTheGlobalRandomGeneratorAlone)
{
    // Dropout draws from LibTorch's global generator: a snapshot or a split run must not move it.
    QString error;
    auto config = presetConfig("mfcc", 1);
    auto single = Trainer::create(config, smallCache(), &error);
    config.threads = 2;
    auto split = Trainer::create(config, smallCache(), &error);
    ASSERT_TRUE(single && split) << error.toStdString();
    TrainingControl control;
    torch::manual_seed(42);
    single->run(control);
    const torch::Tensor afterSingle = torch::rand({8});
    torch::manual_seed(42);
    split->run(control);  // makes a part network
    const torch::Tensor afterSplit = torch::rand({8});
    EXPECT_TRUE(torch::equal(afterSingle, afterSplit));
    torch::manual_seed(42);
    const torch::Tensor untouched = torch::rand({8});
    torch::manual_seed(42);
    single->activationSnapshot(std::vector<float>(6000, 0.01f));  // builds the layer-by-layer network
    EXPECT_TRUE(torch::equal(untouched, torch::rand({8})));
}

TEST(Trainer, EveryTrainablePresetTrainsOneStep)
{
    for (const QString &name : trainablePresetIds()) {
        const QByteArray idText = name.toLatin1();
        const char *id = idText.constData();
        QString error;
        auto trainer = Trainer::create(presetConfig(id, 1), smallCache(), &error);
        ASSERT_TRUE(trainer) << id << ": " << error.toStdString();
        TrainingControl control;
        control.step();  // paused with one batch allowed
        std::vector<TrainingProgress> points;
        std::thread runner([&] { trainer->run(control, {[&](const TrainingProgress &p) { points.push_back(p); }, {}}); });
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        control.requestStop();
        runner.join();
        ASSERT_EQ(points.size(), 1u) << id;  // one batch, reported since it is the first of seven
        EXPECT_EQ(points[0].step, 1) << id;
        EXPECT_TRUE(std::isfinite(points[0].loss)) << id;
    }
}

TEST(Trainer, PauseResumeAndStopAreAnsweredWithinABatch)
{
    QString error;
    auto trainer = Trainer::create(presetConfig("mfcc", 50), smallCache(), &error);
    TrainingControl control;
    std::atomic<std::int64_t> lastStep{0};
    TrainingSummary summary;
    std::thread runner([&] {
        summary = trainer->run(control, {[&](const TrainingProgress &p) { lastStep = p.step; }, {}});
    });
    while (lastStep < 3)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    control.pause();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const std::int64_t pausedAt = lastStep;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(lastStep, pausedAt);  // nothing moves while paused
    control.step();
    while (lastStep == pausedAt)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(lastStep, pausedAt + 1);  // exactly one batch
    control.resume();
    while (lastStep < pausedAt + 10)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    control.requestStop();
    runner.join();
    EXPECT_EQ(summary.outcome, RunOutcome::Stopped);
    EXPECT_LT(summary.epochsDone, 50);
}

TEST(Trainer, NanLossStopsTheRunAndSaysSo)
{
    auto config = presetConfig("mfcc", 5);
    config.learningRate = 1e6;
    QString error;
    auto trainer = Trainer::create(config, smallCache(), &error);
    TrainingControl control;
    const auto summary = trainer->run(control);
    EXPECT_EQ(summary.outcome, RunOutcome::Diverged);
    EXPECT_TRUE(summary.message.contains("with learning rate 1e+06")) << summary.message.toStdString();
    EXPECT_TRUE(summary.message.contains("Try a lower learning rate")) << summary.message.toStdString();
}

TEST(Trainer, CheckpointRoundTripGivesTheSamePredictions)
{
    QString error;
    auto trainer = Trainer::create(presetConfig("mfcc", 2), smallCache(), &error);
    TrainingControl control;
    trainer->run(control);
    QTemporaryDir dir;
    const QString path = dir.filePath("run.cspt");
    ASSERT_EQ(trainer->saveCheckpoint(path), "");
    auto loaded = Trainer::loadCheckpoint(path, smallCache(), &error);
    ASSERT_TRUE(loaded) << error.toStdString();
    EXPECT_EQ(loaded->epochsDone(), 2);
    EXPECT_EQ(loaded->history().size(), trainer->history().size());
    EXPECT_EQ(loaded->evaluate().confusion, trainer->evaluate().confusion);
    const std::vector<float> clip(4000, 0.01f);
    EXPECT_EQ(loaded->classProbabilities(clip), trainer->classProbabilities(clip));
    // Continue training from the checkpoint.
    loaded->setEpochs(3);
    EXPECT_EQ(loaded->run(control).epochsDone, 3);

    const QString junk = dir.filePath("junk.cspt");
    QFile file(junk);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("not a checkpoint");
    file.close();
    EXPECT_FALSE(Trainer::loadCheckpoint(junk, smallCache(), &error));
    EXPECT_TRUE(error.startsWith(junk + ": not a readable checkpoint")) << error.toStdString();
}

// A checkpoint written by ConvScope 0.1, whose residual blocks were a layer kind of their own (the network in it:
// residual1d 13→4 k=3, avgpool1d 2, batchnorm1d, flatten, linear → 10; mfcc input, 3 epochs on all 3000 clips).
// The block they are now keeps the module names, so the weights load and answer as they did.
TEST(Trainer, ResidualCheckpointOfVersion01StillLoads)
{
    QString error;
    const auto everyClip = test::smallFeatureCache(3000, &error);
    ASSERT_TRUE(everyClip) << error.toStdString();
    auto loaded = Trainer::loadCheckpoint(test::testDataFile("train/data/residual-0.1.cspt"), *everyClip, &error);
    ASSERT_TRUE(loaded) << error.toStdString();
    EXPECT_EQ(loaded->config().network.layers.front().label(), "Residual1d 3, 13→4");
    ASSERT_FALSE(loaded->history().empty());
    // 0.879, the test accuracy 0.1 printed when it saved the file: the same weights on the same split.
    EXPECT_DOUBLE_EQ(loaded->history().back().testAccuracy, 0.879);
    EXPECT_DOUBLE_EQ(loaded->evaluate().accuracy, 0.879);
}

TEST(Trainer, BadConfigurationsExplainThemselves)
{
    QString error;
    auto config = presetConfig("plain", 1);
    config.input = InputKind::Mfcc;
    EXPECT_FALSE(Trainer::create(config, smallCache(), &error));
    EXPECT_EQ(error, "The network's input is 1×6000 but mfcc features are 13×74: set the network input to 13×74 or "
                     "choose the other input.");
    const PresetLibrary presets;
    config = presetConfig("mfcc", 1);
    config.network.layers.back().outFeatures = 7;
    EXPECT_FALSE(Trainer::create(config, smallCache(), &error));
    EXPECT_EQ(error, "The network ends in 7 but must end in 10 outputs, one per digit: make the last layer a Linear "
                     "with 10 outputs.");
}

namespace {

/// Expects the model and the trainer to give the same probabilities (to 1e-6) for a few FSDD recordings.
template <typename Model>
void expectSameProbabilities(const Trainer &trainer, const Model &model)
{
    for (const char *file : {"7_jackson_32.wav", "0_george_5.wav", "4_yweweler_12.wav"}) {
        const auto clip = AudioDecoder::decodeFile(test::fsddFolder() + "/" + file).clip;
        ASSERT_TRUE(clip) << file;
        const auto expected = trainer.classProbabilities(clip->samples), got = model.classProbabilities(clip->samples);
        for (int d = 0; d < 10; ++d)
            EXPECT_NEAR(got[d], expected[d], 1e-6) << file << " digit " << d;
    }
}

}  // namespace

TEST(Trainer, SavedCheckpointStandsAloneWithItsMfccStatistics)
{
    auto config = presetConfig("mfcc", 2);
    config.standardizeMfcc = true;
    QString error;
    auto trainer = Trainer::create(config, smallCache(), &error);
    ASSERT_TRUE(trainer) << error.toStdString();
    TrainingControl control;
    trainer->run(control);
    QTemporaryDir dir;
    const QString path = dir.filePath("standalone.cspt");
    ASSERT_EQ(trainer->saveCheckpoint(path), QString());
    const auto model = TrainedModel::load(path, &error);
    ASSERT_TRUE(model) << error.toStdString();
    EXPECT_TRUE(model->config().standardizeMfcc);
    expectSameProbabilities(*trainer, *model);

    // Every layer's output for one clip: the analysis's shapes, and the last one's softmax is the prediction.
    const auto clip = AudioDecoder::decodeFile(test::fsddFolder() + "/3_theo_7.wav").clip;
    ASSERT_TRUE(clip);
    const ActivationSnapshot snapshot = model->snapshot(clip->samples);
    const std::vector<LayerActivation> &layers = snapshot.activations;
    const std::vector<Shape> shapes = analyzeNetwork(config.network).shapes();
    ASSERT_EQ(layers.size(), shapes.size());
    for (std::size_t i = 0; i < layers.size(); ++i)
        EXPECT_EQ(layers[i].shape, shapes[i]) << "layer " << i;
    const std::vector<float> &scores = layers.back().values;
    double sum = 0.0;
    for (float score : scores)
        sum += std::exp(static_cast<double>(score));
    const auto probabilities = model->classProbabilities(clip->samples);
    for (int d = 0; d < 10; ++d) {
        EXPECT_NEAR(std::exp(static_cast<double>(scores[static_cast<std::size_t>(d)])) / sum, probabilities[d], 1e-6);
        EXPECT_NEAR(snapshot.probabilities[d], probabilities[d], 1e-6);
    }
    // The window as heard (6000 samples, the clip at its start), its 13 × 74 MFCC, and the weights of the
    // convolutions and Linear layers only, with their torch shapes.
    ASSERT_EQ(snapshot.window.size(), 6000u);
    EXPECT_EQ(snapshot.window[100], clip->samples[100]);
    EXPECT_EQ(snapshot.mfcc.rows, 74);
    EXPECT_EQ(snapshot.mfcc.columns, 13);
    EXPECT_TRUE(snapshot.mfccInput);
    ASSERT_EQ(snapshot.weights.size(), config.network.layers.size());
    for (std::size_t i = 0; i < config.network.layers.size(); ++i) {
        const LayerSpec &layer = config.network.layers[i];
        if (layer.kind == LayerKind::Conv)
            EXPECT_EQ(snapshot.weights[i].shape,
                      (std::vector<std::int64_t>{layer.outChannels, shapes[i][0], layer.kernel[0]}));
        else if (layer.kind == LayerKind::Linear)
            EXPECT_EQ(snapshot.weights[i].shape, (std::vector<std::int64_t>{layer.outFeatures, shapes[i][0]}));
        else
            EXPECT_TRUE(snapshot.weights[i].empty()) << "layer " << i;
    }
}

TEST(Trainer, OldCheckpointWithoutStatisticsLoadsAloneWhenItNeedsNone)
{
    // residual-0.1.cspt predates stored statistics; its MFCC input is not standardised, so it needs no data.
    QString error;
    const auto everyClip = test::smallFeatureCache(3000, &error);
    ASSERT_TRUE(everyClip) << error.toStdString();
    const QString path = test::testDataFile("train/data/residual-0.1.cspt");
    const auto trainer = Trainer::loadCheckpoint(path, *everyClip, &error);
    ASSERT_TRUE(trainer) << error.toStdString();
    const auto model = TrainedModel::load(path, &error);
    ASSERT_TRUE(model) << error.toStdString();
    expectSameProbabilities(*trainer, *model);
}

TEST(Trainer, StandaloneLoadNamesTheFileThatIsNoCheckpoint)
{
    QTemporaryDir dir;
    QFile file(dir.filePath("notes.cspt"));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("just some text");
    file.close();
    QString error;
    EXPECT_FALSE(TrainedModel::load(file.fileName(), &error));
    EXPECT_TRUE(error.startsWith(file.fileName() + ": not a readable checkpoint")) << error.toStdString();
    EXPECT_FALSE(TrainedModel::load(dir.filePath("missing.cspt"), &error));
    EXPECT_TRUE(error.startsWith(dir.filePath("missing.cspt") + ": cannot open")) << error.toStdString();
}

TEST(Trainer, SplitNoneTrainsOnEveryClipWithoutATestSet)
{
    auto config = presetConfig("mfcc", 1);
    config.split = *SplitSpec::parse("none");
    QString error;
    auto trainer = Trainer::create(config, smallCache(), &error);
    ASSERT_TRUE(trainer) << error.toStdString();
    EXPECT_EQ(trainer->trainSize(), 300);
    EXPECT_EQ(trainer->testSize(), 0);
    TrainingControl control;
    const TrainingSummary summary = trainer->run(control);
    EXPECT_EQ(summary.outcome, RunOutcome::Finished);
    EXPECT_TRUE(std::isnan(summary.testAccuracy));
    EXPECT_TRUE(std::isfinite(summary.trainAccuracy));
    EXPECT_TRUE(std::isnan(trainer->evaluate().accuracy));
    ReceptiveFieldRequest request;
    EXPECT_FALSE(trainer->effectiveField(request).error.empty());
}

TEST(Trainer, OldStandardisedCheckpointNeedsTheDatasetAndSaysSo)
{
    // A 1-epoch standardised mfcc checkpoint (train --preset mfcc --epochs 1 --standardize --limit 100) with
    // "mfcc_mean", "mfcc_std" and "preprocessing" removed from its run description: what older versions wrote.
    const QString path = test::testDataFile("train/data/standardised-without-statistics.cspt");
    QString error;
    EXPECT_FALSE(TrainedModel::load(path, &error));
    EXPECT_EQ(error, path + ": was saved by an older ConvScope without its MFCC statistics; open it in the Training "
                            "tab with the dataset, then save it again.");
    const auto trainer = Trainer::loadCheckpoint(path, smallCache(), &error);
    ASSERT_TRUE(trainer) << error.toStdString();
    EXPECT_TRUE(trainer->config().standardizeMfcc);
}
