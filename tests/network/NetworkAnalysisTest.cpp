#include "network/AssignmentResidual.h"
#include "network/NetworkAnalysis.h"
#include "network/PresetLibrary.h"
#include "network/TorchNetworkBuilder.h"
#include "receptive/GradientReceptiveField.h"
#include "RandomNetworks.h"

#include <gtest/gtest.h>

using namespace convscope;

namespace {

std::int64_t totalParameters(const std::string &preset)
{
    static const PresetLibrary presets;
    const NetworkSpec *spec = presets.find(preset);
    EXPECT_NE(spec, nullptr) << preset;
    return spec ? analyzeNetwork(*spec).totalParameters : -1;
}

std::vector<std::string> issueTexts(const NetworkSpec &spec)
{
    std::vector<std::string> texts;
    for (const auto &issue : analyzeNetwork(spec).allIssues())
        texts.push_back(issue.text());
    return texts;
}

NetworkSpec image(Shape input, std::vector<LayerSpec> layers)
{
    NetworkSpec spec;
    spec.input = std::move(input);
    spec.layers = std::move(layers);
    return spec;
}

}  // namespace

TEST(NetworkAnalysis, TheAssignmentsNumbers)
{
    EXPECT_EQ(totalParameters("3.1a"), 10);
    EXPECT_EQ(totalParameters("3.1b"), 26);
    EXPECT_EQ(totalParameters("3.1g"), 153);
    EXPECT_EQ(totalParameters("3.3a"), 732);
    EXPECT_EQ(totalParameters("3.3b"), 336);
    EXPECT_EQ(totalParameters("3.3c"), 207);
    EXPECT_EQ(totalParameters("3.3d"), 246);
    EXPECT_EQ(totalParameters("3.3e"), 168);
    EXPECT_EQ(totalParameters("plain"), 1532090);

    const PresetLibrary presets;
    const NetworkAnalysis plain = analyzeNetwork(*presets.find("plain"));
    ASSERT_TRUE(plain.ok());
    // Layer 13 is the Flatten after four conv/relu/pool stages: 32 channels x 371 samples.
    EXPECT_EQ(plain.layers[12].resolved.kind, LayerKind::Flatten);
    EXPECT_EQ(plain.layers[12].output, (Shape{11872}));
    EXPECT_EQ(plain.layers[13].resolved.inFeatures, 11872);
    EXPECT_EQ(plain.layers[13].parameters.formula, "11872·128 + 128 = 1519744");
    EXPECT_EQ(plain.shapes().back(), (Shape{10}));

    const NetworkAnalysis mfcc = analyzeNetwork(*presets.find("mfcc"));
    ASSERT_TRUE(mfcc.ok());
    EXPECT_EQ(mfcc.layers[9].output, (Shape{576}));
}

TEST(NetworkAnalysis, EveryPresetIsValid)
{
    const PresetLibrary presets;
    for (const auto &id : presets.ids()) {
        const auto texts = issueTexts(*presets.find(id));
        EXPECT_TRUE(texts.empty()) << id << ": " << texts.front();
    }
    EXPECT_EQ(totalParameters("dropout"), 1532090);
    // Batch-norm adds 2 parameters per channel or feature: 2·(4+8+16+32+128+64) = 504.
    EXPECT_EQ(totalParameters("batchnorm"), 1532090 + 504);
}

TEST(NetworkAnalysis, FormulasAsText)
{
    const PresetLibrary presets;
    EXPECT_EQ(analyzeNetwork(*presets.find("3.1g")).layers[0].parameters.formula, "2·3·5·5 + 3 = 153");
    EXPECT_EQ(analyzeNetwork(*presets.find("plain")).layers[0].parameters.formula, "1·4·5 + 4 = 24");
    EXPECT_EQ(analyzeNetwork(*presets.find("batchnorm")).layers[1].parameters.formula, "2·4 = 8");
    EXPECT_EQ(analyzeNetwork(*presets.find("resnet")).layers[0].parameters.formula,
              "(1·4·5 + 4) + 2·4 + (4·4·5 + 4) + 2·4 + (1·4·5 + 4) = 148");
    LayerSpec noBias = LayerSpec::conv(2, 3, 3, 3);
    noBias.bias = false;
    EXPECT_EQ(countParameters(noBias).formula, "3·3·3·3 = 81");
    EXPECT_EQ(countParameters(LayerSpec::conv(2, 3, 3, 3)).formula, "3·3·3·3 + 3 = 84");
}

TEST(NetworkAnalysis, OutputBelowOneNamesLayerAndFix)
{
    const auto texts = issueTexts(image({1, 4, 4}, {LayerSpec::relu(), LayerSpec::relu(), LayerSpec::conv(2, 1, 1, 5)}));
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_EQ(texts[0], "Layer 3 (Conv2d 5x5, 1→1): output would be 0×0 on a 4×4 input; add padding 1 or use a "
                        "smaller kernel.");
    const auto dilated = issueTexts(image({1, 10}, {LayerSpec::conv(1, 1, 1, 3, 1, 0, 6)}));
    ASSERT_EQ(dilated.size(), 1u);
    EXPECT_EQ(dilated[0], "Layer 1 (Conv1d 3, 1→1, dilation 6): output would be 0 on a 10 input; add padding 2 or "
                          "use a smaller kernel.");
}

TEST(NetworkAnalysis, ChannelMismatch)
{
    const auto texts = issueTexts(image({2, 15, 15}, {LayerSpec::conv(2, 1, 3, 5)}));
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_EQ(texts[0], "Layer 1 (Conv2d 5x5, 1→3): expects 1 input channels but the previous layer gives 2; set "
                        "in_channels to 2.");
}

TEST(NetworkAnalysis, LinearAfterNonFlatShape)
{
    const auto texts = issueTexts(image({1, 8, 8}, {LayerSpec::linear(kAuto, 10)}));
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_EQ(texts[0], "Layer 1 (Linear auto→10): needs a flat vector but gets an image (C×H×W) 1×8×8; insert a "
                        "Flatten layer before it.");
}

TEST(NetworkAnalysis, SeveralProblemsAtOnce)
{
    LayerSpec badPool = LayerSpec::pool(LayerKind::AvgPool, 2, 2, 2, 2);
    LayerSpec zeroKernel = LayerSpec::conv(2, 1, 1, 0);
    LayerSpec wrongLinear = LayerSpec::linear(5, 0);
    const auto texts = issueTexts(
        image({1, 8, 8}, {badPool, zeroKernel, LayerSpec::conv(1, 1, 1, 3), LayerSpec::flatten(), wrongLinear}));
    ASSERT_EQ(texts.size(), 3u);
    EXPECT_EQ(texts[0], "Layer 1 (AvgPool2d 2x2, pad 2x2): padding 2 is more than half the kernel 2; use padding 1 "
                        "or less.");
    EXPECT_EQ(texts[1], "Layer 2 (Conv2d 0x0, 1→1): kernel is 0; use 1 or more.");
    EXPECT_EQ(texts[2], "Layer 5 (Linear 5→0): out_features is 0; use 1 or more.");
}

TEST(NetworkAnalysis, WrongRankAndInput)
{
    const auto conv1dOnImage = issueTexts(image({1, 8, 8}, {LayerSpec::conv(1, 1, 1, 3)}));
    ASSERT_EQ(conv1dOnImage.size(), 1u);
    EXPECT_EQ(conv1dOnImage[0], "Layer 1 (Conv1d 3, 1→1): needs a 1-D signal (C×L) but gets an image (C×H×W); use "
                                "the 2-D version of this layer.");
    const auto badInput = issueTexts(image({1, 0, 8}, {LayerSpec::relu()}));
    ASSERT_EQ(badInput.size(), 1u);
    EXPECT_EQ(badInput[0], "Input: the input shape 1×0×8 has a size below 1; use sizes of 1 or more.");
    AssignmentResidual even;
    even.outChannels = 4;
    even.kernel = {4, 4};
    const auto evenResidual = issueTexts(image({1, 100}, {even.block()}));
    ASSERT_EQ(evenResidual.size(), 1u);
    EXPECT_EQ(evenResidual[0], "Layer 1 (Residual1d 4, 1→4): branch 2 gives 4×97 but branch 1 gives 4×96; adding "
                               "needs equal shapes; an even kernel makes the main path and the shortcut differ in "
                               "length: use an odd kernel such as 5.");
}

TEST(NetworkAnalysis, RandomInvalidStacksGiveErrorsNeverCrashes)
{
    std::mt19937 random(20261127);
    int invalid = 0;
    for (int i = 0; i < 400; ++i) {
        const NetworkSpec spec = test::randomAnyNetwork(random);
        const NetworkAnalysis analysis = analyzeNetwork(spec);
        if (analysis.ok())
            continue;
        ++invalid;
        const auto issues = analysis.allIssues();
        ASSERT_FALSE(issues.empty());
        for (const auto &issue : issues) {
            EXPECT_FALSE(issue.message.empty());
            EXPECT_FALSE(issue.hint.empty()) << issue.text();
        }
        EXPECT_THROW(buildTorchNetwork(spec), std::invalid_argument);
        // The receptive field either works on a valid spatial prefix or explains itself.
        const auto field = computeReceptiveField(spec);
        EXPECT_TRUE(field.maps.has_value() || !field.error.empty());
    }
    EXPECT_GT(invalid, 300);
}

TEST(NetworkAnalysis, BatchNormEpsMustBePositiveAndSmall)
{
    LayerSpec norm = LayerSpec::batchNorm(2, 1);
    norm.eps = 0.0;
    const auto texts = issueTexts(image({1, 4, 4}, {norm}));
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_NE(texts[0].find("batch norm eps 0 is outside (0, 1)"), std::string::npos) << texts[0];
    norm.eps = 0.001;
    EXPECT_TRUE(issueTexts(image({1, 4, 4}, {norm})).empty());
}
