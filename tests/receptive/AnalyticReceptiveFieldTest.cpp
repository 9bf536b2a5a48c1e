// The analytic receptive field (size, jump, start) against the gradient maps.
#include "network/NetworkAnalysis.h"
#include "network/PresetLibrary.h"
#include "receptive/AnalyticReceptiveField.h"
#include "receptive/GradientReceptiveField.h"
#include "RandomNetworks.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

using namespace convscope;

namespace {

/// Bounding box [first row, last row, first column, last column] of the non-zero input gradients.
std::array<std::int64_t, 4> nonZeroBox(const FeatureMap &map)
{
    std::array<std::int64_t, 4> box{map.height, -1, map.width, -1};
    for (std::int64_t r = 0; r < map.height; ++r)
        for (std::int64_t c = 0; c < map.width; ++c)
            if (map.at(0, r, c) != 0.0f)
                box = {std::min(box[0], r), std::max(box[1], r), std::min(box[2], c), std::max(box[3], c)};
    return box;
}

bool hasGaps(const NetworkSpec &spec)
{
    for (const auto &layer : spec.layers) {
        const bool dilated = layer.kind == LayerKind::Conv && (layer.dilation[0] > 1 || layer.dilation[1] > 1);
        const bool skips = layer.isSpatial() && (layer.stride[0] > layer.kernel[0] || layer.stride[1] > layer.kernel[1]);
        if (dilated || skips)
            return true;
    }
    return false;
}

/// A concat block's output channels come from different branches, each with its own field: the analytic field is
/// their union, while one channel's gradient shows its own branch's.
bool hasConcat(const NetworkSpec &spec)
{
    for (const auto &layer : spec.layers)
        if (layer.kind == LayerKind::Block && layer.merge == BlockMerge::Concat)
            return true;
    return false;
}

}  // namespace

TEST(AnalyticReceptiveField, AssignmentValues)
{
    const PresetLibrary presets;
    const auto fields = analyticReceptiveFields(*presets.find("3.3c"));
    ASSERT_EQ(fields.size(), 4u);
    EXPECT_EQ(fields.back().size, (std::array<std::int64_t, 2>{9, 9}));
    EXPECT_EQ(fields.back().jump, (std::array<std::int64_t, 2>{2, 2}));
    EXPECT_EQ(fields.back().start, (std::array<std::int64_t, 2>{-11, -11}));
    const auto plain = analyticReceptiveFields(*presets.find("plain"));
    ASSERT_EQ(plain.size(), 12u);  // four conv/relu/pool stages before the Flatten
    EXPECT_EQ(plain.back().size[0], 76);
    EXPECT_EQ(plain.back().jump[0], 16);
}

TEST(AnalyticReceptiveField, AgreesWithTheGradientMapWherePaddingDoesNotClip)
{
    std::mt19937 random(7);
    int compared = 0, dense = 0;
    for (int i = 0; i < 300; ++i) {
        const NetworkSpec spec = test::randomValidNetwork(random);
        const auto fields = analyticReceptiveFields(spec);
        if (fields.empty() || hasConcat(spec))
            continue;
        const auto result = computeReceptiveField(spec);
        ASSERT_TRUE(result.maps) << result.error;
        const AnalyticField &field = fields.back();
        const int dims = spec.inputDims();
        const std::array<std::int64_t, 2> inputSize{dims == 2 ? spec.input[1] : 1, spec.input.back()};
        const std::array<std::int64_t, 2> pixel = result.maps->pixel;
        bool clipped = false;
        std::array<std::int64_t, 4> expected{0, 0, 0, 0};
        for (int axis = 0; axis < dims; ++axis) {
            const int dataAxis = dims == 2 ? axis : 1;
            const std::int64_t first = field.start[axis] + pixel[dataAxis] * field.jump[axis];
            const std::int64_t last = first + field.size[axis] - 1;
            clipped |= first < 0 || last >= inputSize[dataAxis];
            expected[2 * dataAxis] = first;
            expected[2 * dataAxis + 1] = last;
        }
        if (clipped)
            continue;
        const FeatureMap &input = result.maps->gradients.front();
        EXPECT_EQ(nonZeroBox(input), expected) << "network " << i;
        ++compared;
        if (!hasGaps(spec)) {
            EXPECT_EQ(result.maps->rfSize, field.size[0] * (dims == 2 ? field.size[1] : 1)) << "network " << i;
            ++dense;
        }
    }
    EXPECT_GT(compared, 60);
    EXPECT_GT(dense, 20);
}

TEST(AnalyticReceptiveField, TorchvisionAlexNetAgreesWithTheGradient)
{
    const PresetLibrary presets;
    NetworkSpec alexnet = *presets.find("alexnet");
    const auto fields = analyticReceptiveFields(alexnet);
    ASSERT_EQ(fields.size(), 14u);  // up to the adaptive pool, before the Flatten
    EXPECT_EQ(fields[10].size[0], 163);  // conv5
    EXPECT_EQ(fields[10].jump[0], 16);
    EXPECT_EQ(fields[10].start[0], -66);
    EXPECT_EQ(fields[12].size[0], 195);  // the last max pool
    EXPECT_EQ(fields[12].jump[0], 32);
    const auto vgg = analyticReceptiveFields(*presets.find("vgg16"));
    ASSERT_EQ(vgg.size(), 32u);
    EXPECT_EQ(vgg[28].size, (std::array<std::int64_t, 2>{196, 196}));  // conv5_3, as published for VGG-16
    EXPECT_EQ(vgg[28].jump, (std::array<std::int64_t, 2>{16, 16}));
    EXPECT_EQ(vgg[28].start, (std::array<std::int64_t, 2>{-90, -90}));
    // The gradient of the last max pool's units covers exactly the analytic range, clipped to the image.
    alexnet.layers.resize(13);
    for (const std::array<std::int64_t, 2> pixel : {std::array<std::int64_t, 2>{3, 3}, {0, 5}}) {
        ReceptiveFieldRequest request;
        request.pixel = pixel;
        const auto result = computeReceptiveField(alexnet, request);
        ASSERT_TRUE(result.maps) << result.error;
        const auto rows = fields[12].clippedRange(0, pixel[0], 224), columns = fields[12].clippedRange(1, pixel[1], 224);
        EXPECT_EQ(nonZeroBox(result.maps->gradients.front()),
                  (std::array<std::int64_t, 4>{rows[0], rows[1], columns[0], columns[1]}));
    }
}

TEST(AnalyticReceptiveField, ResNet50ThroughItsBlocks)
{
    const PresetLibrary presets;
    const auto fields = analyticReceptiveFields(*presets.find("resnet50"));
    ASSERT_EQ(fields.size(), 20u);  // stem (4) and 16 bottleneck units; global pooling sees everything
    const AnalyticField &last = fields[19];  // the last unit of the last stage
    EXPECT_EQ(last.size, (std::array<std::int64_t, 2>{427, 427}));
    EXPECT_EQ(last.jump, (std::array<std::int64_t, 2>{32, 32}));
    EXPECT_EQ(last.start, (std::array<std::int64_t, 2>{-213, -213}));
    EXPECT_TRUE(last.aligned);
}

TEST(AnalyticReceptiveField, BranchesThatSeeDifferentCentresAreNotAligned)
{
    NetworkSpec spec;
    spec.input = {1, 20};
    LayerSpec shifted = LayerSpec::conv(1, 1, 1, 3, 1, 0);
    shifted.paddingEnd = {2, 0};  // pads only the end: its units look right of the other branch's
    LayerSpec centred = LayerSpec::conv(1, 1, 1, 3, 1, 1);
    spec.layers = {LayerSpec::block(BlockMerge::Add, {{shifted}, {centred}})};
    const auto fields = analyticReceptiveFields(spec);
    ASSERT_EQ(fields.size(), 1u);
    EXPECT_FALSE(fields[0].aligned);
    EXPECT_EQ(fields[0].size[0], 4);  // the union of [0, 2] and [-1, 1]
    EXPECT_EQ(fields[0].start[0], -1);
    ReceptiveFieldRequest request;
    request.pixel = std::array<std::int64_t, 2>{0, 5};
    const auto result = computeReceptiveField(spec, request);
    ASSERT_TRUE(result.maps) << result.error;
    EXPECT_EQ(nonZeroBox(result.maps->gradients.front()), (std::array<std::int64_t, 4>{0, 0, 4, 7}));
}

TEST(AnalyticReceptiveField, TorchvisionPresetsTracedWithAllOneWeightsStayFiniteAndExact)
{
    // Seen: with all-one weights ResNet-50's gradients overflowed float (its input gradient reaches 1e130), so maps
    // were blank, hovering said "gradient inf" and the 95 % figure was missing. Every map is finite now, each one's
    // field is where the analytic arithmetic puts it (so the binary field is what it was), and the 95 % figure is
    // there. The pixel counts are the fields the traces gave before, overflowing or not.
    const PresetLibrary presets;
    const std::map<std::string, std::int64_t> fieldPixels{{"alexnet", 193 * 193},  {"vgg16", 212 * 212},
                                                          {"resnet18", 224 * 224}, {"resnet50", 224 * 224},
                                                          {"mobilenet_v2", 224 * 224}, {"googlenet", 224 * 224}};
    for (const auto &[id, pixels] : fieldPixels) {
        const NetworkSpec &spec = *presets.find(id);
        const auto result = computeReceptiveField(spec);
        ASSERT_TRUE(result.maps) << id << ": " << result.error;
        const ReceptiveFieldMaps &maps = *result.maps;
        const NetworkAnalysis analysis = analyzeNetwork(spec);
        for (std::size_t i = 0; i < maps.gradients.size(); ++i) {
            const FeatureMap &map = maps.gradients[i];
            EXPECT_TRUE(std::all_of(map.values.begin(), map.values.end(), [](float v) { return std::isfinite(v); }))
                << id << ", map " << i;
            EXPECT_TRUE(std::isfinite(map.log10Scale)) << id << ", map " << i;
            if (hasConcat(spec) || i + 1 == maps.gradients.size())
                continue;  // a concat's channel 0 sees its own branch's field only
            // The analytic field of the layers from layer i on, around the traced unit, clipped to the map.
            NetworkSpec tail;
            tail.input = analysis.layers[i].input;
            tail.layers.assign(spec.layers.begin() + static_cast<std::ptrdiff_t>(i),
                               spec.layers.begin() + static_cast<std::ptrdiff_t>(maps.gradients.size() - 1));
            const AnalyticField field = analyticReceptiveFields(tail).back();
            const auto rows = field.clippedRange(0, maps.pixel[0], map.height);
            const auto columns = field.clippedRange(1, maps.pixel[1], map.width);
            EXPECT_EQ(nonZeroBox(map), (std::array<std::int64_t, 4>{rows[0], rows[1], columns[0], columns[1]}))
                << id << ", map " << i;
            EXPECT_EQ(map.nonZeroCount(0), (rows[1] - rows[0] + 1) * (columns[1] - columns[0] + 1))
                << id << ", map " << i;
        }
        EXPECT_EQ(maps.rfSize, pixels) << id;
        EXPECT_GT(maps.effectiveSize, 0) << id;
        EXPECT_LE(maps.effectiveSize, 224) << id;
    }
}

TEST(AnalyticReceptiveField, ResNet50sInputGradientIsTheTrueCountOfPaths)
{
    // The largest input gradient of ResNet-50's centre unit with all-one weights, traced in double precision.
    const auto result = computeReceptiveField(*PresetLibrary().find("resnet50"));
    ASSERT_TRUE(result.maps) << result.error;
    const FeatureMap &input = result.maps->gradients.front();
    EXPECT_GT(input.log10Scale, 38.0);  // beyond float
    const float largest = *std::max_element(input.values.begin(), input.values.end());
    EXPECT_NEAR(largest * std::pow(10.0, input.log10Scale) / 1.7065e130, 1.0, 1e-4);
}

TEST(AnalyticReceptiveField, AVeryDeepChainKeepsEveryPixelOfItsField)
{
    // 150 single-channel 3-tap convolutions: about 1e70 paths reach the centre pixel and one reaches each end of the
    // 301-pixel field, a range no float holds; the ends stay in the field.
    NetworkSpec spec;
    spec.input = {1, 401};
    for (int i = 0; i < 150; ++i)
        spec.layers.push_back(LayerSpec::conv(1, 1, 1, 3));
    const auto result = computeReceptiveField(spec);
    ASSERT_TRUE(result.maps) << result.error;
    const FeatureMap &input = result.maps->gradients.front();
    EXPECT_EQ(result.maps->rfSize, 301);
    EXPECT_EQ(nonZeroBox(input), (std::array<std::int64_t, 4>{0, 0, 50, 350}));
    EXPECT_TRUE(std::all_of(input.values.begin(), input.values.end(), [](float v) { return std::isfinite(v); }));
    // The centre: the central trinomial coefficient of order 150, the paths of 150 steps of -1, 0 or +1 back to 0.
    std::vector<double> paths{1.0};
    for (int step = 0; step < 150; ++step) {
        std::vector<double> next(paths.size() + 2, 0.0);
        for (std::size_t k = 0; k < paths.size(); ++k)
            for (std::size_t tap = 0; tap < 3; ++tap)
                next[k + tap] += paths[k];
        paths = std::move(next);
    }
    EXPECT_NEAR(input.at(0, 0, 200) * std::pow(10.0, input.log10Scale) / paths[150], 1.0, 1e-4);
    EXPECT_GT(result.maps->effectiveSize, 0);
}
