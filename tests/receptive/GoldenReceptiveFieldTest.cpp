// Every entry of ../shared/golden/receptive_fields.json (made with Python PyTorch), reproduced.
#include "network/NetworkAnalysis.h"
#include "network/NetworkJson.h"
#include "network/PresetLibrary.h"
#include "receptive/GradientReceptiveField.h"
#include "TestPaths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

#include <gtest/gtest.h>

using namespace convscope;

namespace {

QJsonArray goldenEntries()
{
    QFile file(test::goldenFile("receptive_fields.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).array();
}

Shape toShape(const QJsonValue &value)
{
    Shape shape;
    for (const auto &v : value.toArray())
        shape.push_back(v.toInteger());
    return shape;
}

}  // namespace

class GoldenReceptiveField : public ::testing::TestWithParam<int> {};

TEST_P(GoldenReceptiveField, MatchesPyTorch)
{
    const QJsonObject entry = goldenEntries().at(GetParam()).toObject();
    const std::string name = entry["name"].toString().toStdString();
    const auto parsed = parseNetworkJson(QJsonObject{{"input", entry["input"]}, {"layers", entry["layers"]}});
    ASSERT_TRUE(parsed.spec) << name << ": " << parsed.error;
    const QJsonObject expect = entry["expect"].toObject();

    const NetworkAnalysis analysis = analyzeNetwork(*parsed.spec);
    EXPECT_EQ(analysis.totalParameters, expect["params"].toInteger()) << name;
    std::vector<Shape> expectedShapes;
    for (const auto &shape : expect["shapes"].toArray())
        expectedShapes.push_back(toShape(shape));
    EXPECT_EQ(analysis.shapes(), expectedShapes) << name;

    const Shape pixel = toShape(entry["output_pixel"]);
    ReceptiveFieldRequest request;
    request.pixel = std::array<std::int64_t, 2>{pixel[0], pixel[1]};
    const auto result = computeReceptiveField(*parsed.spec, request);
    ASSERT_TRUE(result.maps) << name << ": " << result.error;
    // The default pixel is the centre, which the golden file uses except for its corner case.
    if (name.find("corner") == std::string::npos) {
        EXPECT_EQ(computeReceptiveField(*parsed.spec).maps->pixel, *request.pixel) << name;
    }

    EXPECT_EQ(result.maps->rfSize, expect["rf_size"].toInteger()) << name;
    const QJsonArray binary = expect["binary"].toArray();
    ASSERT_EQ(result.maps->gradients.size(), static_cast<std::size_t>(binary.size())) << name;
    for (int i = 0; i < binary.size(); ++i) {
        std::vector<std::string> rows;
        for (const auto &row : binary.at(i).toArray())
            rows.push_back(row.toString().toStdString());
        EXPECT_EQ(result.maps->gradients[i].binaryRows(0), rows) << name << ", map " << i;
    }
    const QJsonArray gradient = expect["gradient_input"].toArray();
    const FeatureMap &input = result.maps->gradients.front();
    ASSERT_EQ(input.height, gradient.size());
    for (int r = 0; r < gradient.size(); ++r) {
        const QJsonArray row = gradient.at(r).toArray();
        ASSERT_EQ(input.width, row.size());
        for (int c = 0; c < row.size(); ++c)
            ASSERT_NEAR(input.at(0, r, c), row.at(c).toDouble(), 1e-5) << name << " at " << r << "," << c;
    }
}

INSTANTIATE_TEST_SUITE_P(AllEntries, GoldenReceptiveField, ::testing::Range(0, 15));

TEST(GoldenReceptiveFieldFile, HasFifteenEntriesAndPresetsMatchThem)
{
    const QJsonArray entries = goldenEntries();
    ASSERT_EQ(entries.size(), 15);
    const PresetLibrary presets;
    int matched = 0;
    for (const auto &value : entries) {
        const QJsonObject entry = value.toObject();
        const auto parsed = parseNetworkJson(QJsonObject{{"input", entry["input"]}, {"layers", entry["layers"]}});
        ASSERT_TRUE(parsed.spec);
        const std::string id = entry["name"].toString().section(' ', 0, 0).toStdString();
        const NetworkSpec *preset = presets.find(id);
        ASSERT_NE(preset, nullptr) << id;
        EXPECT_EQ(preset->input, parsed.spec->input) << id;
        EXPECT_EQ(preset->layers, parsed.spec->layers) << id;
        ++matched;
    }
    EXPECT_EQ(matched, 15);
}

TEST(GradientReceptiveField, OneDimensionalNetwork)
{
    NetworkSpec spec;
    spec.input = {1, 30};
    spec.layers = {LayerSpec::conv(1, 1, 2, 3), LayerSpec::relu(), LayerSpec::pool(LayerKind::MaxPool, 1, 2, 2),
                   LayerSpec::conv(1, 2, 1, 3), LayerSpec::flatten(), LayerSpec::linear(kAuto, 4)};
    const auto result = computeReceptiveField(spec);
    ASSERT_TRUE(result.maps) << result.error;
    // Spatial part: input 30 → 28 → 28 → 14 → 12; the field is 3, then 4 (jump 2) after pooling, then
    // 4 + 2·2 = 8, so the centre output unit 5 sees inputs 10..17.
    ASSERT_EQ(result.maps->gradients.size(), 5u);
    EXPECT_EQ(result.maps->pixel, (std::array<std::int64_t, 2>{0, 5}));
    EXPECT_EQ(result.maps->gradients.front().binaryRows(0),
              std::vector<std::string>{"000000000011111111000000000000"});
    EXPECT_EQ(result.maps->rfSize, 8);
}

TEST(GradientReceptiveField, PixelOutsideTheOutputIsAnError)
{
    const PresetLibrary presets;
    ReceptiveFieldRequest request;
    request.pixel = std::array<std::int64_t, 2>{13, 0};
    const auto result = computeReceptiveField(*presets.find("3.1a"), request);
    EXPECT_FALSE(result.maps);
    EXPECT_EQ(result.error, "output pixel (13, 0) is outside the 1×13×13 output; choose a row below 13 and a column "
                            "below 13");
}

TEST(EffectiveReceptiveField, ShrinksRelativeToTheTheoreticalFieldWithDepth)
{
    // Luo et al. (NeurIPS 2016): on a stack of 3×3 convolutions with ReLU the theoretical field grows linearly
    // with depth (2n + 1) and the effective one only like √n, so their ratio falls.
    std::vector<double> ratios;
    for (const int depth : {4, 8, 16, 32}) {
        NetworkSpec spec;
        spec.input = {1, 80, 80};
        for (int i = 0; i < depth; ++i) {
            spec.layers.push_back(LayerSpec::conv(2, i == 0 ? 1 : 4, 4, 3, 1, 1));
            spec.layers.push_back(LayerSpec::relu());
        }
        ReceptiveFieldRequest request;
        request.weights = ProbeWeights::Random;
        request.draws = 16;
        const auto random = computeReceptiveField(spec, request);
        ASSERT_TRUE(random.maps) << random.error;
        EXPECT_EQ(random.maps->rfSize, (2 * depth + 1) * (2 * depth + 1)) << depth;  // what it can see: the same
        ratios.push_back(static_cast<double>(random.maps->effectiveSize) / (2 * depth + 1));
        const auto ones = computeReceptiveField(spec);
        ASSERT_TRUE(ones.maps);
        // All-one weights: 4 channels·9 taps per layer pass float's range at depth 32, scaled by a power of ten.
        EXPECT_EQ(ones.maps->effectiveSize % 2, 1);
        EXPECT_LE(ones.maps->effectiveSize, 2 * depth + 1);
    }
    std::printf("effective / theoretical at depth 4, 8, 16, 32: %.2f %.2f %.2f %.2f\n", ratios[0], ratios[1], ratios[2],
                ratios[3]);
    for (std::size_t i = 1; i < ratios.size(); ++i)
        EXPECT_LT(ratios[i], ratios[i - 1]) << "depth step " << i;
    EXPECT_LT(ratios.back(), 0.6);
}

TEST(EffectiveReceptiveField, SizeOfAKnownMap)
{
    FeatureMap map;
    map.channels = 1;
    map.height = 1;
    map.width = 11;
    map.values = {0, 0, 0, 1, 2, 94, 2, 1, 0, 0, 0};  // 94 % in the centre, 98 % within one pixel of it
    EXPECT_EQ(effectiveFieldSize(map), 3);
    EXPECT_EQ(effectiveFieldSize(map, 0.9), 1);
    // An even field centres between two pixels: the square around the rounded centre would be 5 wide, but all of
    // the mass lies within the field's 4 pixels, and the effective field never exceeds the field.
    map.values = {0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0};
    EXPECT_EQ(effectiveFieldSize(map), 4);
    map.values.assign(11, 0.0f);
    EXPECT_EQ(effectiveFieldSize(map), 0);
}

TEST(GradientReceptiveField, BranchMapsSplitTheBlocksGradient)
{
    // A unit with a 3×3 path and an identity shortcut: the block input's gradient is the sum of the two branches'.
    NetworkSpec spec;
    spec.input = {1, 12, 12};
    spec.layers = {LayerSpec::conv(2, 1, 1, 3, 1, 1),
                   LayerSpec::block(BlockMerge::Add, {{LayerSpec::conv(2, 1, 1, 3, 1, 1), LayerSpec::relu()}, {}},
                                    {LayerSpec::relu()})};
    ReceptiveFieldRequest main, shortcut;
    main.branch = {{1, 0}};
    shortcut.branch = {{1, 1}};
    const auto throughMain = computeReceptiveField(spec, main), throughShortcut = computeReceptiveField(spec, shortcut);
    ASSERT_TRUE(throughMain.maps && throughShortcut.maps);
    ASSERT_EQ(throughMain.maps->branchGradients.size(), 3u);  // branch input, conv output (ReLU input), branch output
    ASSERT_EQ(throughShortcut.maps->branchGradients.size(), 1u);
    EXPECT_EQ(throughMain.maps->branchGradients[0].nonZeroCount(), 9);  // the 3×3 conv's window
    EXPECT_EQ(throughShortcut.maps->branchGradients[0].nonZeroCount(), 1);  // the identity: one pixel
    const FeatureMap &blockInput = throughMain.maps->gradients[1];
    for (std::int64_t r = 0; r < 12; ++r)
        for (std::int64_t c = 0; c < 12; ++c)
            EXPECT_FLOAT_EQ(throughMain.maps->branchGradients[0].at(0, r, c) + throughShortcut.maps->branchGradients[0].at(0, r, c),
                            blockInput.at(0, r, c));
    EXPECT_TRUE(computeReceptiveField(spec).maps->branchGradients.empty());
}
