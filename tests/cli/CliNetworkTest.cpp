// convscope-cli's network subcommands, run as a user would run them.
#include "TestPaths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using convscope::test::runCli;

namespace {

QJsonObject jsonObject(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

}  // namespace

TEST(CliNetwork, InspectPlainShowsTheAssignmentsNumbers)
{
    const auto result = runCli({"inspect", "preset:plain"});
    ASSERT_EQ(result.exitCode, 0) << result.err.constData();
    const QJsonObject out = jsonObject(result.out);
    EXPECT_EQ(out["total_params"].toInteger(), 1532090);
    EXPECT_TRUE(out["valid"].toBool());
    EXPECT_TRUE(out["errors"].toArray().isEmpty());
    const QJsonArray layers = out["layers"].toArray();
    ASSERT_EQ(layers.size(), 18);
    const QJsonObject flatten = layers.at(12).toObject();
    EXPECT_EQ(flatten["type"].toString(), "flatten");
    EXPECT_EQ(flatten["output_shape"].toArray(), (QJsonArray{11872}));
    const QJsonObject firstLinear = layers.at(13).toObject();
    EXPECT_EQ(firstLinear["params"].toInteger(), 1519744);
    EXPECT_EQ(firstLinear["formula"].toString(), "11872·128 + 128 = 1519744");
    const QJsonObject lastPool = layers.at(11).toObject();
    EXPECT_EQ(lastPool["rf"].toObject()["size"].toArray(), (QJsonArray{76}));
    EXPECT_EQ(lastPool["rf"].toObject()["jump"].toArray(), (QJsonArray{16}));
    EXPECT_TRUE(lastPool["rf"].toObject()["aligned"].toBool());
    EXPECT_EQ(out["output_shape"].toArray(), (QJsonArray{10}));
}

TEST(CliNetwork, InspectAssignmentParameterCounts)
{
    const std::vector<std::pair<QString, int>> expected{{"3.1a", 10},  {"3.1b", 26},  {"3.1g", 153}, {"3.3a", 732},
                                                        {"3.3b", 336}, {"3.3c", 207}, {"3.3d", 246}, {"3.3e", 168}};
    for (const auto &[preset, params] : expected) {
        const auto result = runCli({"inspect", "preset:" + preset});
        ASSERT_EQ(result.exitCode, 0) << preset.toStdString();
        EXPECT_EQ(jsonObject(result.out)["total_params"].toInt(), params) << preset.toStdString();
    }
}

TEST(CliNetwork, InspectCountsMultiplyAccumulates)
{
    const auto result = runCli({"inspect", "preset:alexnet"});
    ASSERT_EQ(result.exitCode, 0) << result.err.constData();
    const QJsonObject report = QJsonDocument::fromJson(result.out).object();
    EXPECT_EQ(report["total_macs"].toInteger(), 714188480);
    EXPECT_EQ(report["total_params"].toInteger(), 61100840);
    const QJsonObject first = report["layers"].toArray().at(0).toObject();
    EXPECT_EQ(first["macs"].toInteger(), 70276800);
    EXPECT_EQ(first["macs_formula"].toString(), "3·64·11·11·55·55 = 70,276,800");
    const QJsonObject relu = report["layers"].toArray().at(1).toObject();
    EXPECT_EQ(relu["macs"].toInteger(), 0);
    EXPECT_EQ(relu["other_ops"].toInteger(), 64 * 55 * 55);
    const auto all = runCli({"inspect", "preset:alexnet", "--count-all-ops"});
    ASSERT_EQ(all.exitCode, 0);
    EXPECT_GT(QJsonDocument::fromJson(all.out).object()["total_macs"].toInteger(), 714188480);
}

TEST(CliNetwork, InspectReportsEveryProblemAndExitsTwo)
{
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.json");
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({"input": [2, 4, 4], "layers": [
        {"type": "conv2d", "in_channels": 1, "out_channels": 3, "kernel": 5},
        {"type": "linear", "out_features": 10}]})");
    file.close();
    const auto result = runCli({"inspect", path});
    EXPECT_EQ(result.exitCode, 2);
    const QJsonArray errors = jsonObject(result.out)["errors"].toArray();
    ASSERT_EQ(errors.size(), 2);
    EXPECT_EQ(errors.at(0).toObject()["layer"].toInt(), 1);
    EXPECT_EQ(errors.at(0).toObject()["field"].toString(), "in_channels");
    EXPECT_EQ(errors.at(1).toObject()["field"].toString(), "kernel");
    EXPECT_TRUE(result.err.contains("Layer 1 (Conv2d 5x5, 1→3): expects 1 input channels")) << result.err.constData();

    const auto overridden = runCli({"inspect", "preset:3.1a", "--input", "1,2,2"});
    EXPECT_EQ(overridden.exitCode, 2);
    EXPECT_TRUE(overridden.err.contains("output would be 0×0 on a 2×2 input")) << overridden.err.constData();
}

TEST(CliNetwork, ReceptiveFieldMatchesTheGoldenFile)
{
    QFile golden(convscope::test::goldenFile("receptive_fields.json"));
    ASSERT_TRUE(golden.open(QIODevice::ReadOnly));
    const QJsonArray entries = QJsonDocument::fromJson(golden.readAll()).array();
    QTemporaryDir dir;
    for (const auto &value : entries) {
        const QJsonObject entry = value.toObject();
        const QString path = dir.filePath("net.json");
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(QJsonObject{{"input", entry["input"]}, {"layers", entry["layers"]}}).toJson());
        file.close();
        const QJsonArray pixel = entry["output_pixel"].toArray();
        const auto result = runCli({"rf", path, "--continuous", "--pixel",
                                    QString("%1,%2").arg(pixel.at(0).toInt()).arg(pixel.at(1).toInt())});
        ASSERT_EQ(result.exitCode, 0) << result.err.constData();
        const QJsonObject out = jsonObject(result.out);
        const QJsonObject expect = entry["expect"].toObject();
        EXPECT_EQ(out.keys(), expect.keys());
        for (const char *key : {"params", "shapes", "rf_size", "binary"})
            EXPECT_EQ(out[key], expect[key]) << entry["name"].toString().toStdString() << " " << key;
        const QJsonArray gotRows = out["gradient_input"].toArray(), wantRows = expect["gradient_input"].toArray();
        ASSERT_EQ(gotRows.size(), wantRows.size());
        for (int r = 0; r < wantRows.size(); ++r)
            for (int c = 0; c < wantRows.at(r).toArray().size(); ++c)
                ASSERT_NEAR(gotRows.at(r).toArray().at(c).toDouble(), wantRows.at(r).toArray().at(c).toDouble(), 1e-5);
    }
}

TEST(CliNetwork, ReceptiveFieldOfDeepNetworksIsFinite)
{
    // Seen: ResNet-50's all-one gradient overflowed float and printed 50,176 nulls. Now the true gradient, as doubles.
    const auto resnet = runCli({"rf", "preset:resnet50", "--continuous"});
    ASSERT_EQ(resnet.exitCode, 0) << resnet.err.constData();
    const QJsonObject out = jsonObject(resnet.out);
    EXPECT_FALSE(out.contains("gradient_input_log10_scale"));
    double largest = 0.0;
    int numbers = 0;
    for (const auto &row : out["gradient_input"].toArray())
        for (const auto &value : row.toArray()) {
            ASSERT_TRUE(value.isDouble());
            largest = std::max(largest, value.toDouble());
            ++numbers;
        }
    EXPECT_EQ(numbers, 224 * 224);
    EXPECT_NEAR(largest / 1.7065e130, 1.0, 1e-4);  // as traced in double precision

    // Beyond a double: 200 layers of 16 channels × 3 taps reach about 1e340. The traced values and their power of ten.
    QJsonArray layers;
    for (int i = 0; i < 200; ++i)
        layers.append(QJsonObject{{"type", "conv1d"}, {"in_channels", 16}, {"out_channels", 16}, {"kernel", 3},
                                  {"padding", 1}});
    QTemporaryDir dir;
    QFile file(dir.filePath("deep.json"));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(QJsonObject{{"input", QJsonArray{16, 64}}, {"layers", layers}}).toJson());
    file.close();
    const auto deep = runCli({"rf", file.fileName(), "--continuous"});
    ASSERT_EQ(deep.exitCode, 0) << deep.err.constData();
    const QJsonObject deepOut = jsonObject(deep.out);
    const double scale = deepOut["gradient_input_log10_scale"].toDouble();
    EXPECT_GT(scale, 308.0);
    const QJsonArray row = deepOut["gradient_input"].toArray().at(0).toArray();
    ASSERT_EQ(row.size(), 64);
    for (const auto &value : row)
        ASSERT_TRUE(value.isDouble() && value.toDouble() > 0.0 && std::isfinite(value.toDouble()));
}

TEST(CliNetwork, ReceptiveFieldErrors)
{
    const auto outside = runCli({"rf", "preset:3.1a", "--pixel", "20,3"});
    EXPECT_EQ(outside.exitCode, 2);
    EXPECT_TRUE(outside.err.contains("output pixel (20, 3) is outside the 1×13×13 output"));
    const auto garbled = runCli({"rf", "preset:3.1a", "--pixel", "x"});
    EXPECT_EQ(garbled.exitCode, 2);
    const auto missing = runCli({"rf", "/no/such/file.json"});
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_TRUE(missing.err.startsWith("/no/such/file.json: cannot open")) << missing.err.constData();
}

TEST(CliNetwork, PresetsCodeHelpAndVersion)
{
    const auto presets = runCli({"presets"});
    ASSERT_EQ(presets.exitCode, 0);
    const QJsonArray list = QJsonDocument::fromJson(presets.out).array();
    ASSERT_EQ(list.size(), 27);
    EXPECT_EQ(list.at(0).toObject()["id"].toString(), "3.1a");
    EXPECT_EQ(list.at(17).toObject()["id"].toString(), "resnet18");
    EXPECT_EQ(list.at(17).toObject()["params"].toInteger(), 11689512);
    EXPECT_EQ(list.at(21).toObject()["id"].toString(), "plain");
    EXPECT_EQ(list.at(21).toObject()["params"].toInteger(), 1532090);

    const auto code = runCli({"code", "preset:mfcc"});
    ASSERT_EQ(code.exitCode, 0);
    EXPECT_TRUE(code.out.contains("nn.Conv1d(13, 16, kernel_size=3, padding=1),"));
    EXPECT_TRUE(code.out.contains("nn.Linear(576, 32),"));

    // Seen: "Usage: /path/to/convscope-cli [options]" for every subcommand.
    for (const QString command : {"inspect", "rf", "presets", "code", "dataset", "mfcc", "bench", "train", "play"}) {
        const auto help = runCli({command, "--help"});
        EXPECT_EQ(help.exitCode, 0) << command.toStdString();
        EXPECT_TRUE(help.out.startsWith(("Usage: convscope-cli " + command + " [options]").toUtf8()))
            << help.out.left(80).toStdString();
    }
    EXPECT_EQ(runCli({"--version"}).out, "convscope-cli 0.1.0\n");
    EXPECT_EQ(runCli({"frobnicate"}).exitCode, 2);
    EXPECT_EQ(runCli({"inspect", "preset:3.1a", "--bogus"}).exitCode, 2);
}

// Araujo et al.'s "not aligned": two added branches whose units look at different centres.
TEST(CliNetwork, InspectSaysWhenBranchesAreNotAligned)
{
    QTemporaryDir dir;
    const QString path = dir.filePath("shifted.json");
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({"input": [1, 20], "layers": [{"type": "block", "merge": "add", "branches": [
        [{"type": "conv1d", "in_channels": 1, "out_channels": 1, "kernel": 3, "padding": 0, "padding_end": 2}],
        [{"type": "conv1d", "in_channels": 1, "out_channels": 1, "kernel": 3, "padding": 1}]]}]})");
    file.close();
    const auto result = runCli({"inspect", path});
    ASSERT_EQ(result.exitCode, 0) << result.err.constData();
    const QJsonObject rf = jsonObject(result.out)["layers"].toArray().at(0).toObject()["rf"].toObject();
    EXPECT_FALSE(rf["aligned"].toBool());
    EXPECT_EQ(rf["size"].toArray(), (QJsonArray{4}));
    EXPECT_EQ(rf["start"].toArray(), (QJsonArray{-1}));
}
