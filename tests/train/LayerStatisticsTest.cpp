// Layer statistics in training runs, in the progress JSON, runs files and convscope-cli train --layer-stats.
#include "data/FeatureCache.h"
#include "network/PresetLibrary.h"
#include "train/ProgressJson.h"
#include "train/RunRecord.h"
#include "train/Trainer.h"
#include "SmallFeatureCache.h"
#include "TestPaths.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

using namespace convscope;

namespace {

TrainingConfig presetConfig(const char *id, bool statistics)
{
    const PresetLibrary presets;
    TrainingConfig config = *TrainingConfig::forPreset(id, *presets.find(id));
    config.epochs = 1;
    config.threads = 1;
    config.layerStatistics = statistics;
    return config;
}

std::vector<TrainingProgress> train(const TrainingConfig &config)
{
    const auto cache = test::smallFeatureCache(120);
    QString error;
    auto trainer = Trainer::create(config, *cache, &error);
    EXPECT_TRUE(trainer) << error.toStdString();
    if (!trainer)
        return {};
    TrainingControl control;
    std::vector<TrainingProgress> points;
    trainer->run(control, {[&](const TrainingProgress &p) { points.push_back(p); }, {}});
    return points;
}

LayerStatistics someLayer(int layer, bool relu)
{
    LayerStatistics l;
    l.layer = layer;
    l.name = QString::number(layer + 1) + (relu ? " relu" : " conv1d");
    l.weighted = !relu;
    if (!relu) {
        l.weightNorm = 1.25;
        l.gradNorm = 0.003;
        l.updateRatio = 0.0011;
    } else {
        l.deadFraction = 0.25;
    }
    l.activationMean = 0.5;
    l.activationStd = 0.75;
    l.histogram.assign(LayerStatistics::kHistogramBins, 0);
    l.histogram[16] = 40;
    l.histogram[20] = 2;
    return l;
}

}  // namespace

class LayerStatisticsRun : public ::testing::TestWithParam<const char *> {};

TEST_P(LayerStatisticsRun, EveryPointCarriesTheLayersAndTrainingIsUnchanged)
{
    const std::vector<TrainingProgress> with = train(presetConfig(GetParam(), true));
    const std::vector<TrainingProgress> without = train(presetConfig(GetParam(), false));
    ASSERT_FALSE(with.empty());
    ASSERT_EQ(with.size(), without.size());
    const PresetLibrary presets;
    const NetworkSpec &spec = *presets.find(GetParam());
    std::size_t rows = 0;
    for (const LayerSpec &layer : spec.layers)
        rows += layer.kind != LayerKind::AvgPool && layer.kind != LayerKind::Flatten && layer.kind != LayerKind::Dropout;
    for (std::size_t i = 0; i < with.size(); ++i) {
        // Measuring draws no random number and changes no weight: the run is the same one.
        EXPECT_EQ(with[i].loss, without[i].loss) << GetParam() << " point " << i;
        EXPECT_TRUE(without[i].layers.empty());
        ASSERT_EQ(with[i].layers.size(), rows) << GetParam();
        for (const LayerStatistics &l : with[i].layers) {
            EXPECT_EQ(std::isfinite(l.weightNorm), l.weighted || l.name.endsWith("batchnorm1d")) << l.name.toStdString();
            EXPECT_EQ(std::isfinite(l.deadFraction), l.name.endsWith("relu") || l.name.endsWith("residual1d"))
                << l.name.toStdString();
            EXPECT_TRUE(std::isfinite(l.activationStd) && l.activationStd >= 0) << l.name.toStdString();
            ASSERT_EQ(l.histogram.size(), std::size_t(LayerStatistics::kHistogramBins));
            EXPECT_GT(std::accumulate(l.histogram.begin(), l.histogram.end(), std::int64_t{0}), 0);
            // The row opens the layer it measured, in the studio and in Inside the network.
            EXPECT_EQ(networkLayerOf(l, spec), std::optional<std::size_t>(static_cast<std::size_t>(l.layer)))
                << l.name.toStdString();
            EXPECT_EQ(spec.layers[static_cast<std::size_t>(l.layer)].kind == LayerKind::Activation, l.name.endsWith("relu"))
                << l.name.toStdString();
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Presets, LayerStatisticsRun, ::testing::Values("plain", "batchnorm", "resnet", "dropout"));

TEST(LayerStatistics, ARowMapsToItsLayerInItsOwnNetworkOnly)
{
    const PresetLibrary presets;
    const NetworkSpec &plain = *presets.find("plain"), &resnet = *presets.find("resnet");
    const LayerStatistics conv = someLayer(0, false), relu = someLayer(14, true);  // "1 conv1d", "15 relu"
    EXPECT_EQ(networkLayerOf(conv, plain), std::optional<std::size_t>(0));
    EXPECT_EQ(networkLayerOf(relu, plain), std::optional<std::size_t>(14));
    EXPECT_EQ(networkLayerOf(relu, resnet), std::optional<std::size_t>(14));  // the same layer in both
    EXPECT_EQ(networkLayerOf(conv, resnet), std::nullopt);  // resnet's first layer is a residual block
    LayerStatistics block = conv;
    block.name = "1 residual1d";
    EXPECT_EQ(networkLayerOf(block, resnet), std::optional<std::size_t>(0));
    EXPECT_EQ(networkLayerOf(block, plain), std::nullopt);
    const LayerStatistics past = someLayer(static_cast<int>(plain.layers.size()), true);
    EXPECT_EQ(networkLayerOf(past, plain), std::nullopt);
    LayerStatistics negative = conv;
    negative.layer = -1;
    EXPECT_EQ(networkLayerOf(negative, plain), std::nullopt);
}

TEST(LayerStatistics, RunsFileRoundTrip)
{
    RunRecord run;
    run.id = 3;
    run.network = "plain";
    run.input = "raw";
    run.epochsTarget = 1;
    TrainingProgress point;
    point.fraction = 0.2;
    point.layers = {someLayer(0, false), someLayer(1, true)};
    run.history = {point};
    const QJsonObject saved = run.toJson();
    const QJsonObject layer = saved["history"].toArray()[0].toObject()["layers"].toArray()[1].toObject();
    EXPECT_TRUE(layer["weight_norm"].isNull()) << "null where it does not apply";
    EXPECT_EQ(layer["dead_fraction"].toDouble(), 0.25);
    const auto loaded = RunRecord::fromJson(QJsonDocument::fromJson(QJsonDocument(saved).toJson()).object());
    ASSERT_TRUE(loaded);
    ASSERT_EQ(loaded->history.size(), std::size_t(1));
    EXPECT_EQ(loaded->history[0].layers.size(), std::size_t(2));
    EXPECT_TRUE(loaded->history[0].layers == point.layers);
}

TEST(LayerStatistics, OldRunsFileStillLoads)
{
    // A run as runs files held it before layer statistics: history points without "layers".
    const QByteArray old = R"({"id": 1, "network": "plain", "input": "raw", "epochs_target": 1, "lr": 0.01,
        "outcome": "finished", "epochs_done": 1, "loss": 1.5, "train_accuracy": 0.5, "test_accuracy": 0.4,
        "history": [{"epoch": 0, "fraction": 1, "step": 10, "loss": 1.5, "train_accuracy": 0.5,
                     "test_accuracy": 0.4, "examples_per_second": 900, "epoch_end": true}]})";
    QString error;
    const auto run = RunRecord::fromJson(QJsonDocument::fromJson(old).object(), &error);
    ASSERT_TRUE(run) << error.toStdString();
    ASSERT_EQ(run->history.size(), std::size_t(1));
    EXPECT_TRUE(run->history[0].layers.empty());
    EXPECT_FALSE(progressToJson(run->history[0]).contains("layers")) << "saved again, still without";
}

TEST(LayerStatistics, CliTrainAddsLayersToEachEpochLine)
{
    const auto result = test::runCli({"train", "--preset", "batchnorm", "--data", test::fsddFolder(), "--limit", "60",
                                      "--epochs", "2", "--threads", "1", "--layer-stats"});
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const QList<QByteArray> lines = result.out.trimmed().split('\n');
    ASSERT_EQ(lines.size(), 3);  // two epochs and the final line
    for (int epoch = 0; epoch < 2; ++epoch) {
        const QJsonArray layers = QJsonDocument::fromJson(lines[epoch]).object()["layers"].toArray();
        ASSERT_FALSE(layers.isEmpty());
        const QJsonObject first = layers[0].toObject(), relu = layers[2].toObject();
        EXPECT_EQ(first["name"].toString(), QString("1 conv1d"));
        for (const char *key : {"weight_norm", "grad_norm", "update_ratio", "activation_mean", "activation_std"})
            EXPECT_TRUE(first[key].isDouble()) << key;
        EXPECT_TRUE(first["dead_fraction"].isNull());
        EXPECT_EQ(relu["name"].toString(), QString("3 relu"));
        EXPECT_TRUE(relu["weight_norm"].isNull());
        EXPECT_TRUE(relu["dead_fraction"].isDouble());
    }
    const auto without = test::runCli({"train", "--preset", "batchnorm", "--data", test::fsddFolder(), "--limit",
                                       "60", "--epochs", "1", "--threads", "1"});
    EXPECT_FALSE(QJsonDocument::fromJson(without.out.split('\n')[0]).object().contains("layers"));
}
