// The vocabulary of real networks (groups, ceil_mode, adaptive pooling, asymmetric padding, activations) and the
// torchvision presets, against torchvision's published parameter counts and multiply-accumulates.
#include "network/MacCount.h"
#include "network/NetworkAnalysis.h"
#include "network/NetworkJson.h"
#include "network/PresetLibrary.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace convscope;

namespace {

Shape outputOf(const Shape &input, const LayerSpec &layer)
{
    NetworkSpec spec;
    spec.input = input;
    spec.layers = {layer};
    const NetworkAnalysis analysis = analyzeNetwork(spec);
    return analysis.layers.front().output;
}

LayerSpec ceilPool(std::int64_t kernel, std::int64_t stride, std::int64_t padding)
{
    LayerSpec pool = LayerSpec::pool(LayerKind::MaxPool, 1, kernel, stride, padding);
    pool.ceilMode = true;
    return pool;
}

}  // namespace

TEST(RealNetworks, TorchvisionParameterCountsAndMacs)
{
    const PresetLibrary presets;
    ASSERT_TRUE(presets.errors().empty()) << presets.errors().front();
    // torchvision's model cards: parameters exactly, GMACs ("GFLOPS" there) to two decimals.
    const struct {
        const char *id;
        std::int64_t parameters;
        double gigaMacs;
    } published[] = {{"alexnet", 61'100'840, 0.71},  {"vgg16", 138'357'544, 15.47},   {"resnet18", 11'689'512, 1.81},
                     {"resnet50", 25'557'032, 4.09}, {"mobilenet_v2", 3'504'872, 0.30}, {"googlenet", 6'624'904, 1.50}};
    for (const auto &network : published) {
        const NetworkSpec *spec = presets.find(network.id);
        ASSERT_NE(spec, nullptr) << network.id;
        const NetworkAnalysis analysis = analyzeNetwork(*spec);
        ASSERT_TRUE(analysis.ok()) << network.id << ": " << analysis.allIssues().front().text();
        EXPECT_EQ(analysis.totalParameters, network.parameters) << network.id;
        EXPECT_LT(std::abs(analysis.totalMacs / 1e9 - network.gigaMacs) / network.gigaMacs, 0.03) << network.id;
        EXPECT_EQ(analysis.shapes().back(), (Shape{1000})) << network.id;
        EXPECT_GT(analysis.macs(true), analysis.totalMacs) << network.id;  // ReLU and pooling add operations
    }
    const NetworkAnalysis alexnet = analyzeNetwork(*presets.find("alexnet"));
    EXPECT_EQ(alexnet.totalMacs, 714'188'480);
    EXPECT_EQ(alexnet.layers[0].macs.formula, "3·64·11·11·55·55 = 70,276,800");
    EXPECT_EQ(alexnet.layers[13].output, (Shape{256, 6, 6}));  // AdaptiveAvgPool2d((6, 6))
}

TEST(RealNetworks, CeilModeFollowsPyTorchIncludingTheLastWindowRule)
{
    EXPECT_EQ(outputOf({1, 112}, ceilPool(3, 2, 0)), (Shape{1, 56}));  // GoogLeNet's first max pool
    EXPECT_EQ(outputOf({1, 14}, ceilPool(3, 2, 0)), (Shape{1, 7}));
    EXPECT_EQ(outputOf({1, 5}, ceilPool(2, 2, 0)), (Shape{1, 3}));
    // ceil((5 + 2 - 2) / 2) + 1 = 4, but the fourth window would start in the end padding: 3.
    EXPECT_EQ(outputOf({1, 5}, ceilPool(2, 2, 1)), (Shape{1, 3}));
    EXPECT_EQ(outputOf({1, 5}, LayerSpec::pool(LayerKind::MaxPool, 1, 2, 2, 1)), (Shape{1, 3}));
}

TEST(RealNetworks, GroupsDepthwiseAndTheirCounts)
{
    LayerSpec depthwise = LayerSpec::conv(2, 32, 32, 3, 1, 1);
    depthwise.groups = 32;
    depthwise.bias = false;
    NetworkSpec spec;
    spec.input = {32, 112, 112};
    spec.layers = {depthwise};
    const NetworkAnalysis analysis = analyzeNetwork(spec);
    ASSERT_TRUE(analysis.ok());
    EXPECT_EQ(analysis.totalParameters, 288);  // MobileNet v2's first depthwise 3×3
    EXPECT_EQ(analysis.layers[0].parameters.formula, "(32/32)·32·3·3 = 288");
    EXPECT_EQ(analysis.totalMacs, 288 * 112 * 112);
    EXPECT_EQ(depthwise.label(), "Conv2d 3x3, 32→32, pad 1x1, depthwise");

    spec.layers[0].groups = 5;
    const auto issues = analyzeNetwork(spec).allIssues();
    ASSERT_EQ(issues.size(), 2u);
    EXPECT_EQ(issues[0].text(), "Layer 1 (Conv2d 3x3, 32→32, pad 1x1, groups 5): in_channels 32 is not divisible by "
                                "groups 5; use a number of groups that divides both channel counts.");
}

TEST(RealNetworks, AsymmetricPaddingAdaptivePoolingAndZeroPad)
{
    // TensorFlow's "SAME" for a 3×3 stride-2 convolution on an even size pads 0 before and 1 after.
    LayerSpec same = LayerSpec::conv(2, 3, 8, 3, 2, 0);
    same.paddingEnd = {1, 1};
    EXPECT_EQ(outputOf({3, 224, 224}, same), (Shape{8, 112, 112}));
    EXPECT_EQ(same.label(), "Conv2d 3x3, 3→8, stride 2x2, pad 0x0|1x1");
    EXPECT_EQ(outputOf({3, 7, 9}, LayerSpec::zeroPad(2, {1, 0}, {2, 3})), (Shape{3, 10, 12}));
    EXPECT_EQ(outputOf({64, 7, 7}, LayerSpec::adaptivePool(LayerKind::AdaptiveAvgPool, 2, 1)), (Shape{64, 1, 1}));
    EXPECT_EQ(outputOf({8, 50}, LayerSpec::adaptivePool(LayerKind::AdaptiveMaxPool, 1, 7)), (Shape{8, 7}));
}

TEST(RealNetworks, NewLayerKindsRoundTripThroughJson)
{
    NetworkSpec spec;
    spec.input = {4, 20, 20};
    LayerSpec conv = LayerSpec::conv(2, 4, 8, 3, 2, 1);
    conv.groups = 2;
    conv.paddingEnd = {2, 0};
    LayerSpec pool = LayerSpec::pool(LayerKind::MaxPool, 2, 3, 2, 1);
    pool.ceilMode = true;
    LayerSpec leaky = LayerSpec::activationLayer(ActivationFunction::LeakyReLU);
    leaky.negativeSlope = 0.2;
    spec.layers = {conv, pool, leaky, LayerSpec::activationLayer(ActivationFunction::Hardswish),
                   LayerSpec::zeroPad(2, {0, 1}, {1, 0}), LayerSpec::adaptivePool(LayerKind::AdaptiveAvgPool, 2, 2)};
    const QByteArray bytes = networkToJsonBytes(spec);
    EXPECT_NE(bytes.indexOf("\"groups\": 2"), -1) << bytes.constData();
    EXPECT_NE(bytes.indexOf("\"type\": \"hardswish\""), -1);
    const auto again = parseNetworkJson(bytes);
    ASSERT_TRUE(again.spec) << again.error;
    EXPECT_EQ(*again.spec, spec);
    EXPECT_EQ(networkToJsonBytes(*again.spec), bytes);

    const auto wrong = parseNetworkJson(QByteArray(R"({"input": [1, 8], "layers": [{"type": "relu6", "negative_slope": 1}]})"));
    EXPECT_EQ(wrong.error, "layers[0]: unknown field \"negative_slope\" for relu6; allowed: type");
}

TEST(RealNetworks, NumbersForPeople)
{
    EXPECT_EQ(withThousands(118013952), "118,013,952");
    EXPECT_EQ(withThousands(999), "999");
    EXPECT_EQ(shortCount(4'089'184'256), "4.09 G");
    EXPECT_EQ(shortCount(118'013'952), "118.0 M");
    EXPECT_EQ(shortCount(12'500), "12.5 k");
    EXPECT_EQ(shortCount(950), "950");
}

TEST(RealNetworks, BlocksAddOrConcatenateAndNameTheLayerAtFault)
{
    const PresetLibrary presets;
    const NetworkAnalysis resnet = analyzeNetwork(*presets.find("resnet18"));
    ASSERT_TRUE(resnet.ok());
    const LayerAnalysis &down = resnet.layers[6];  // layer2's first unit: stride 2 and a projection shortcut
    EXPECT_EQ(down.input, (Shape{64, 56, 56}));
    EXPECT_EQ(down.output, (Shape{128, 28, 28}));
    ASSERT_EQ(down.branches.size(), 2u);
    EXPECT_EQ(down.branches[1].back().output, (Shape{128, 28, 28}));
    // conv 64·128·9, bn 256, conv 128·128·9, bn 256, shortcut 64·128, bn 256
    EXPECT_EQ(down.parameters.count, 73728 + 256 + 147456 + 256 + 8192 + 256);
    EXPECT_EQ(down.resolved.label(), "Add block: 5 | 2, then ReLU");

    const NetworkAnalysis googlenet = analyzeNetwork(*presets.find("googlenet"));
    ASSERT_TRUE(googlenet.ok());
    EXPECT_EQ(googlenet.layers[11].output, (Shape{256, 28, 28}));  // inception 3a: 64 + 128 + 32 + 32 channels

    // The identity shortcut of a unit whose main path changes the size: the message names block, branch, shapes.
    NetworkSpec broken = *presets.find("resnet18");
    broken.layers[6].branches[1].clear();
    const auto issues = analyzeNetwork(broken).allIssues();
    ASSERT_FALSE(issues.empty());
    EXPECT_EQ(issues.front().text(), "Layer 7 (Add block: 5 | identity, then ReLU): branch 2 gives "
                                     "64×56×56 but branch 1 gives 128×28×28; adding needs equal shapes; end every "
                                     "branch with the same channels and size (a strided 1×1 convolution on the "
                                     "shortcut).");
    broken = *presets.find("resnet18");
    broken.layers[6].branches[0][3].inChannels = 64;
    const auto inner = analyzeNetwork(broken).allIssues();
    ASSERT_FALSE(inner.empty());
    EXPECT_EQ(inner.front().text().rfind("Layer 7 (Add block: 5 | 2, then ReLU), branch 1, "
                                         "layer 4 (Conv2d 3x3, 64→128, pad 1x1): expects 64 input channels",
                                         0),
              0u)
        << inner.front().text();
}

TEST(RealNetworks, AbsurdSizesSaturateInsteadOfOverflowing)
{
    // A file may say anything: counts that do not fit stop at the largest number (UBSan in CI checks the rest).
    NetworkSpec spec;
    spec.input = {1'000'000, 1'000'000, 1'000'000};
    LayerSpec huge = LayerSpec::conv(2, 1'000'000, 1'000'000'000'000, 1000);
    huge.dilation = {1'000'000'000'000, 1};
    spec.layers = {LayerSpec::conv(2, 1'000'000, 1'000'000'000'000, 1000), LayerSpec::flatten(),
                   LayerSpec::linear(kAuto, 1'000'000'000'000)};
    const NetworkAnalysis analysis = analyzeNetwork(spec);
    EXPECT_EQ(analysis.totalParameters, std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(analysis.totalMacs, std::numeric_limits<std::int64_t>::max());
    spec.layers = {huge};
    EXPECT_FALSE(analyzeNetwork(spec).ok());  // its reach is far beyond the input
}
