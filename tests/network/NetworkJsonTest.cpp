#include "network/NetworkJson.h"
#include "network/PresetLibrary.h"
#include "network/ShapeText.h"
#include "TestPaths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace convscope;

namespace {

std::string parseError(const char *json)
{
    const auto result = parseNetworkJson(QByteArray(json));
    EXPECT_FALSE(result.spec.has_value()) << json;
    return result.error;
}

}  // namespace

TEST(NetworkJson, EveryPresetRoundTripsLosslessly)
{
    const PresetLibrary presets;
    ASSERT_TRUE(presets.errors().empty()) << presets.errors().front();
    ASSERT_EQ(presets.ids().size(), 27u);
    for (const auto &id : presets.ids()) {
        const NetworkSpec &spec = *presets.find(id);
        const auto again = parseNetworkJson(networkToJsonBytes(spec));
        ASSERT_TRUE(again.spec) << id << ": " << again.error;
        EXPECT_EQ(*again.spec, spec) << id;
        EXPECT_EQ(networkToJsonBytes(*again.spec), networkToJsonBytes(spec)) << id;
    }
}

TEST(NetworkJson, ReadsTheGoldenFileFormat)
{
    QFile file(test::goldenFile("receptive_fields.json"));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QJsonArray entries = QJsonDocument::fromJson(file.readAll()).array();
    ASSERT_EQ(entries.size(), 15);
    const QJsonObject first = entries.at(2).toObject();  // 3.1g: 2 -> 3 channels, 5x5
    const auto result = parseNetworkJson(QJsonObject{{"input", first["input"]}, {"layers", first["layers"]}});
    ASSERT_TRUE(result.spec) << result.error;
    EXPECT_EQ(result.spec->input, (Shape{2, 15, 15}));
    ASSERT_EQ(result.spec->layers.size(), 1u);
    const LayerSpec &conv = result.spec->layers[0];
    EXPECT_EQ(conv.kind, LayerKind::Conv);
    EXPECT_EQ(conv.dims, 2);
    EXPECT_EQ(conv.inChannels, 2);
    EXPECT_EQ(conv.outChannels, 3);
    EXPECT_EQ(conv.kernel, (std::array<std::int64_t, 2>{5, 5}));
    EXPECT_TRUE(conv.bias);
}

TEST(NetworkJson, PoolStrideDefaultsToKernelAndScalarsMeanEveryAxis)
{
    const auto result = parseNetworkJson(QByteArray(
        R"({"input": [1, 8, 8], "layers": [{"type": "maxpool2d", "kernel": 2}, {"type": "conv2d", "in_channels": 1,
            "out_channels": 2, "kernel": [3, 1], "padding": 1}]})"));
    ASSERT_TRUE(result.spec) << result.error;
    EXPECT_EQ(result.spec->layers[0].stride, (std::array<std::int64_t, 2>{2, 2}));
    EXPECT_EQ(result.spec->layers[1].kernel, (std::array<std::int64_t, 2>{3, 1}));
    EXPECT_EQ(result.spec->layers[1].padding, (std::array<std::int64_t, 2>{1, 1}));
    EXPECT_EQ(result.spec->layers[1].stride, (std::array<std::int64_t, 2>{1, 1}));
}

TEST(NetworkJson, AutoSizesRoundTrip)
{
    const auto result = parseNetworkJson(QByteArray(
        R"({"input": [1, 100], "layers": [{"type": "batchnorm1d"}, {"type": "flatten"},
            {"type": "linear", "in_features": "auto", "out_features": 3}, {"type": "dropout", "p": 0.3}]})"));
    ASSERT_TRUE(result.spec) << result.error;
    EXPECT_EQ(result.spec->layers[0].numFeatures, kAuto);
    EXPECT_EQ(result.spec->layers[2].inFeatures, kAuto);
    EXPECT_DOUBLE_EQ(result.spec->layers[3].probability, 0.3);
    const QByteArray written = networkToJsonBytes(*result.spec);
    EXPECT_TRUE(written.contains(R"("in_features": "auto")")) << written.constData();
}

TEST(NetworkJson, MalformedJsonNamesLineAndColumn)
{
    EXPECT_EQ(parseError("{\n  \"input\": [1, 2, 3],\n  \"layers\": [}\n"),
              "not valid JSON at line 3, column 15: object is missing after a comma");
    EXPECT_EQ(parseError("[1, 2]"), "expected a JSON object with \"input\" and \"layers\"");
    EXPECT_EQ(parseError(""), "not valid JSON at line 1, column 1: illegal value");
}

TEST(NetworkJson, ErrorsNameTheField)
{
    EXPECT_EQ(parseError(R"({"input": [1, 5, 5], "layers": [{"type": "conv2d", "in_channels": 1, "out_channels": 1,
                 "kernal": 3}]})"),
              "layers[0]: unknown field \"kernal\" for conv2d; allowed: bias, dilation, groups, in_channels, kernel, "
              "out_channels, padding, padding_end, stride, type");
    EXPECT_EQ(parseError(R"({"input": [1, 5, 5], "layers": [{"type": "relu"}, {"type": "conv2d", "in_channels": 1,
                 "out_channels": "two", "kernel": 3}]})"),
              "layers[1].out_channels: expected a whole number, got \"two\"");
    EXPECT_EQ(parseError(R"({"input": [1, 5, 5], "layers": [{"type": "conv2d", "in_channels": 1, "out_channels": 1,
                 "kernel": [3, 3, 3]}]})"),
              "layers[0].kernel: expected 2 numbers, got a list of 3");
    EXPECT_EQ(parseError(R"({"input": [1, 5, 5], "layers": [{"type": "conv2d", "in_channels": 1, "out_channels": 1,
                 "kernel": 2.5}]})"),
              "layers[0].kernel: expected a whole number, got 2.5");
    EXPECT_EQ(parseError(R"({"input": [1, 5, 5], "layers": [{"type": "conv2d", "in_channels": 1, "kernel": 3}]})"),
              "layers[0]: the field \"out_channels\" is missing");
    EXPECT_EQ(parseError(R"({"input": [1, 5, 5], "layers": [{"type": "conv3d"}]})").rfind(
                  "layers[0].type: unknown layer type \"conv3d\"; use one of conv1d, conv2d", 0),
              0u);
    EXPECT_EQ(parseError(R"({"input": [1, 5, 5], "layers": [{"type": "linear", "out_features": 3, "bias": 1}]})"),
              "layers[0].bias: expected true or false, got 1");
    EXPECT_EQ(parseError(R"({"input": "1x5x5", "layers": []})"),
              "input: expected a shape such as [1, 15, 15] or [1, 6000], got \"1x5x5\"");
    EXPECT_EQ(parseError(R"({"input": [1, 5, 5], "layers": [], "extra": 1})"),
              "unknown field \"extra\" at the top level; allowed: description, input, layers, name");
    EXPECT_EQ(parseError(R"({"input": [1, 5, 5]})"), "layers: expected a list of layers, got nothing");
}

TEST(NetworkJson, SaveIsAtomicAndLoadNamesTheFile)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath("net.json");
    const PresetLibrary presets;
    const NetworkSpec spec = *presets.find("3.3c");
    ASSERT_EQ(saveNetworkFile(path, spec), "");
    const auto loaded = loadNetworkFile(path);
    ASSERT_TRUE(loaded.spec) << loaded.error;
    EXPECT_EQ(*loaded.spec, spec);
    // Only the file itself is left: QSaveFile wrote to a temporary file and renamed it.
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files), QStringList{"net.json"});

    const QString broken = dir.filePath("broken.json");
    QFile file(broken);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("{\"input\": [1, 2, 3], \"layers\": [");
    file.close();
    const auto failed = loadNetworkFile(broken);
    EXPECT_FALSE(failed.spec);
    EXPECT_EQ(failed.error, broken.toStdString() + ": not valid JSON at line 1, column 33: unterminated array");
    const auto missing = loadNetworkFile(dir.filePath("missing.json"));
    EXPECT_EQ(missing.error.rfind(dir.filePath("missing.json").toStdString() + ": cannot open:", 0), 0u);

    // Saving into a folder that does not exist fails with a message and leaves nothing behind.
    EXPECT_NE(saveNetworkFile(dir.filePath("no/such/folder/net.json"), spec), "");
}

TEST(PresetLibrary, AliasesAndUnknownNames)
{
    const PresetLibrary presets;
    ASSERT_NE(presets.find("build_net"), nullptr);
    EXPECT_EQ(*presets.find("build_net"), *presets.find("plain"));
    EXPECT_EQ(presets.find("nope"), nullptr);
    const auto result = presets.load("preset:nope");
    EXPECT_FALSE(result.spec);
    EXPECT_EQ(result.error.rfind("unknown preset \"nope\"; available: 3.1a, 3.1b", 0), 0u);
    const std::vector<std::string> trainable(presets.ids().end() - 6, presets.ids().end());
    EXPECT_EQ(trainable, (std::vector<std::string>{"plain", "dropout", "batchnorm", "resnet", "mfcc", "voice"}));
}

// The assignment's residual block is a Block; "residual1d" stays its shorthand in files, both ways.
TEST(NetworkJson, AssignmentResidualIsABlockWithItsShorthand)
{
    const auto read = parseNetworkJson(QByteArray(R"({"input": [1, 100], "layers": [
        {"type": "residual1d", "in_channels": 1, "out_channels": 4, "kernel": 5},
        {"type": "residual2d", "in_channels": 4, "out_channels": 4, "kernel": [3, 5]}]})"));
    ASSERT_TRUE(read.spec) << read.error;
    const LayerSpec &residual = read.spec->layers[0];
    ASSERT_EQ(residual.kind, LayerKind::Block);
    ASSERT_EQ(residual.branches.size(), 2u);
    EXPECT_EQ(residual.branches[0].size(), 5u);
    EXPECT_EQ(residual.branches[0][0].padding[0], 2);  // (k - 1) / 2 on the first convolution only
    EXPECT_EQ(residual.branches[0][3].padding[0], 0);
    EXPECT_EQ(residual.branches[1].size(), 1u);
    ASSERT_EQ(residual.after.size(), 1u);
    EXPECT_TRUE(residual.after[0].isActivation(ActivationFunction::ReLU));
    EXPECT_EQ(residual.label(), "Residual1d 5, 1→4");
    EXPECT_EQ(read.spec->layers[1].label(), "Residual2d 3x5, 4→4");

    const QJsonArray written = networkToJson(*read.spec)["layers"].toArray();
    EXPECT_EQ(written[0].toObject(), (QJsonObject{{"type", "residual1d"}, {"in_channels", 1}, {"out_channels", 4},
                                                  {"kernel", 5}}));
    EXPECT_EQ(written[1].toObject()["kernel"].toArray(), (QJsonArray{3, 5}));

    // Edited, it is a block like any other: its own label and the block form in files.
    NetworkSpec edited = *read.spec;
    edited.layers[0].branches[0][3].padding = {1, 1};
    EXPECT_EQ(edited.layers[0].label(), "Add block: 5 | 1, then ReLU");
    EXPECT_EQ(networkToJson(edited)["layers"].toArray()[0].toObject()["type"].toString(), "block");
    const auto again = parseNetworkJson(networkToJsonBytes(edited));
    ASSERT_TRUE(again.spec) << again.error;
    EXPECT_EQ(*again.spec, edited);

    EXPECT_EQ(parseError(R"({"input": [1, 100], "layers": [{"type": "residual1d", "in_channels": 1,
                             "out_channels": 4, "kernel": 5, "stride": 2}]})"),
              "layers[0]: unknown field \"stride\" for residual1d; allowed: in_channels, kernel, out_channels, type");
    EXPECT_EQ(parseError(R"({"input": [1, 100], "layers": [{"type": "residual1d", "in_channels": 1, "kernel": 5}]})"),
              "layers[0]: the field \"out_channels\" is missing");
}

// torchvision's GoogLeNet normalises with eps 0.001: the file keeps it, and leaves PyTorch's default out.
TEST(NetworkJson, BatchNormEpsIsKeptAndTheDefaultLeftOut)
{
    const auto result = parseNetworkJson(QByteArray(
        R"({"input": [4, 8, 8], "layers": [{"type": "batchnorm2d", "num_features": 4, "eps": 0.001},
            {"type": "batchnorm2d", "num_features": 4}]})"));
    ASSERT_TRUE(result.spec) << result.error;
    EXPECT_DOUBLE_EQ(result.spec->layers[0].eps, 0.001);
    EXPECT_DOUBLE_EQ(result.spec->layers[1].eps, kBatchNormEps);
    EXPECT_NE(result.spec->layers[0], result.spec->layers[1]);
    EXPECT_EQ(result.spec->layers[0].label(), "BatchNorm2d eps=0.001");
    const QByteArray written = networkToJsonBytes(*result.spec);
    EXPECT_EQ(written.count("\"eps\""), 1) << written.constData();
    EXPECT_EQ(parseNetworkJson(written).spec->layers, result.spec->layers);
    EXPECT_EQ(parseError(R"({"input": [4, 8, 8], "layers": [{"type": "batchnorm2d", "eps": "small"}]})"),
              "layers[0].eps: expected a number, got \"small\"");
}

// The text a user types for --input (CLI and app) and in the input size dialog, read and written by one pair.
TEST(ShapeText, ReadsOneToThreePositiveNumbersAndWritesThemBack)
{
    EXPECT_EQ(parseCommaShape("3,224,224"), (Shape{3, 224, 224}));
    EXPECT_EQ(parseCommaShape(" 13 , 74 "), (Shape{13, 74}));
    EXPECT_EQ(parseCommaShape("6000"), (Shape{6000}));
    for (const char *bad : {"", "1,2,3,4", "1,0,5", "1,-2", "1x28x28", "1,,28", "2.5"})
        EXPECT_FALSE(parseCommaShape(bad)) << bad;
    EXPECT_EQ(shapeToCommaText({1, 28, 28}), QString("1,28,28"));
    EXPECT_EQ(parseCommaShape(shapeToCommaText({4, 9})), (Shape{4, 9}));
}
