#include "RandomNetworks.h"

#include "network/NetworkAnalysis.h"

namespace convscope::test {

namespace {

std::int64_t uniform(std::mt19937 &random, std::int64_t low, std::int64_t high)
{
    return std::uniform_int_distribution<std::int64_t>(low, high)(random);
}

std::array<std::int64_t, 2> pair(std::mt19937 &random, std::int64_t low, std::int64_t high, int dims)
{
    const std::int64_t first = uniform(random, low, high);
    return {first, dims == 2 ? uniform(random, low, high) : first};
}

/// Asymmetric padding on one layer in four: a different amount at the end of each axis.
void maybeAsymmetric(std::mt19937 &random, LayerSpec &layer, std::int64_t maximum, int dims)
{
    if (uniform(random, 0, 3) == 0)
        layer.paddingEnd = pair(random, 0, maximum, dims);
}

LayerSpec randomConv(std::mt19937 &random, int dims, std::int64_t channels)
{
    LayerSpec layer;
    layer.dims = dims;
    layer.kind = LayerKind::Conv;
    layer.inChannels = channels;
    // Groups that divide the input channels; the output is a multiple of them.
    layer.groups = uniform(random, 0, 2) == 0 ? channels : 1;
    layer.outChannels = layer.groups * uniform(random, 1, layer.groups > 1 ? 2 : 4);
    layer.kernel = pair(random, 1, 5, dims);
    layer.stride = pair(random, 1, 3, dims);
    layer.padding = pair(random, 0, 2, dims);
    maybeAsymmetric(random, layer, 2, dims);
    layer.dilation = pair(random, 1, 3, dims);
    layer.bias = uniform(random, 0, 3) != 0;
    return layer;
}

LayerSpec randomPool(std::mt19937 &random, int dims)
{
    LayerSpec layer;
    layer.dims = dims;
    layer.kind = uniform(random, 0, 1) ? LayerKind::AvgPool : LayerKind::MaxPool;
    layer.kernel = pair(random, 1, 4, dims);
    layer.stride = pair(random, 1, 3, dims);
    layer.padding = {uniform(random, 0, layer.kernel[0] / 2), uniform(random, 0, layer.kernel[1] / 2)};
    if (dims == 1)
        layer.padding[1] = layer.padding[0];
    if (uniform(random, 0, 3) == 0)
        layer.paddingEnd = {uniform(random, 0, layer.kernel[0] / 2), dims == 1 ? 0 : uniform(random, 0, layer.kernel[1] / 2)};
    layer.ceilMode = uniform(random, 0, 2) == 0;
    return layer;
}

/// Element-wise and shape-keeping layers, global pooling and zero padding.
LayerSpec randomOtherLayer(std::mt19937 &random, int dims)
{
    switch (uniform(random, 0, 4)) {
    case 0:
        return LayerSpec::relu();
    case 1:
        return LayerSpec::activationLayer(static_cast<ActivationFunction>(uniform(random, 0, 6)));
    case 2:
        return LayerSpec::batchNorm(dims);
    case 3:  // global pooling: one window, so the analytic field stays exact
        return LayerSpec::adaptivePool(uniform(random, 0, 1) ? LayerKind::AdaptiveAvgPool : LayerKind::AdaptiveMaxPool,
                                       dims, 1);
    default:
        return LayerSpec::zeroPad(dims, pair(random, 0, 2, dims), pair(random, 0, 2, dims));
    }
}

/// A block on `channels` input channels: a residual unit (a same-size path and an identity or 1×1 shortcut,
/// added) or an Inception-style pair of convolutions, concatenated.
LayerSpec randomBlock(std::mt19937 &random, int dims, std::int64_t channels)
{
    const std::int64_t k = 2 * uniform(random, 0, 2) + 1;  // odd, so that padding (k-1)/2 keeps the size
    if (uniform(random, 0, 1)) {
        const std::vector<LayerSpec> main{LayerSpec::conv(dims, channels, channels, k, 1, (k - 1) / 2),
                                          LayerSpec::batchNorm(dims), LayerSpec::relu()};
        const std::vector<LayerSpec> shortcut = uniform(random, 0, 1) ? std::vector<LayerSpec>{}
                                                                      : std::vector<LayerSpec>{LayerSpec::conv(dims, channels, channels, 1)};
        return LayerSpec::block(BlockMerge::Add, {main, shortcut},
                                uniform(random, 0, 1) ? std::vector<LayerSpec>{LayerSpec::relu()} : std::vector<LayerSpec>{});
    }
    return LayerSpec::block(BlockMerge::Concat, {{LayerSpec::conv(dims, channels, uniform(random, 1, 3), 1)},
                                                 {LayerSpec::conv(dims, channels, uniform(random, 1, 3), k, 1, (k - 1) / 2)}});
}

/// The channels a layer gives, from the channels it gets.
std::int64_t channelsAfter(const LayerSpec &layer, std::int64_t channels)
{
    if (layer.kind == LayerKind::Conv)
        return layer.outChannels;
    if (layer.kind == LayerKind::Block && layer.merge == BlockMerge::Concat)
        return layer.branches[0][0].outChannels + layer.branches[1][0].outChannels;
    return channels;
}

LayerSpec randomSpatialLayer(std::mt19937 &random, int dims, std::int64_t channels)
{
    if (uniform(random, 0, 9) == 0)
        return randomBlock(random, dims, channels);
    switch (uniform(random, 0, 5)) {
    case 0:
    case 1:
    case 2:
        return randomConv(random, dims, channels);
    case 3:
    case 4:
        return randomPool(random, dims);
    default:
        return randomOtherLayer(random, dims);
    }
}

}  // namespace

NetworkSpec randomValidNetwork(std::mt19937 &random)
{
    for (;;) {
        NetworkSpec spec;
        const int dims = static_cast<int>(uniform(random, 1, 2));
        spec.input = {uniform(random, 1, 3), uniform(random, 6, 40)};
        if (dims == 2)
            spec.input.push_back(uniform(random, 6, 40));
        std::int64_t channels = spec.input[0];
        const auto count = uniform(random, 1, 6);
        for (std::int64_t i = 0; i < count; ++i) {
            spec.layers.push_back(randomSpatialLayer(random, dims, channels));
            channels = channelsAfter(spec.layers.back(), channels);
        }
        if (uniform(random, 0, 2) == 0) {
            spec.layers.push_back(LayerSpec::flatten());
            spec.layers.push_back(LayerSpec::linear(kAuto, uniform(random, 1, 12)));
            if (uniform(random, 0, 1))
                spec.layers.push_back(LayerSpec::dropout(0.25));
        }
        if (analyzeNetwork(spec).ok())
            return spec;
    }
}

NetworkSpec randomAnyNetwork(std::mt19937 &random)
{
    NetworkSpec spec;
    const auto rank = uniform(random, 0, 4);
    for (std::int64_t i = 0; i < rank; ++i)
        spec.input.push_back(uniform(random, -2, 20));
    const auto count = uniform(random, 0, 8);
    for (std::int64_t i = 0; i < count; ++i) {
        LayerSpec layer;
        layer.kind = static_cast<LayerKind>(uniform(random, 0, static_cast<std::int64_t>(LayerKind::Linear)));
        layer.activation = static_cast<ActivationFunction>(uniform(random, 0, 6));
        layer.groups = uniform(random, -1, 4);
        layer.paddingEnd = {uniform(random, -2, 6), uniform(random, -2, 6)};
        layer.ceilMode = uniform(random, 0, 1) != 0;
        layer.outputSize = {uniform(random, -1, 8), uniform(random, -1, 8)};
        layer.dims = static_cast<int>(uniform(random, 0, 3));
        layer.inChannels = uniform(random, -1, 5);
        layer.outChannels = uniform(random, -1, 5);
        layer.kernel = {uniform(random, -1, 30), uniform(random, -1, 30)};
        layer.stride = {uniform(random, -1, 4), uniform(random, -1, 4)};
        layer.padding = {uniform(random, -1, 12), uniform(random, -1, 12)};
        layer.dilation = {uniform(random, -1, 4), uniform(random, -1, 4)};
        layer.numFeatures = uniform(random, 0, 3) ? kAuto : uniform(random, -1, 6);
        layer.probability = uniform(random, -1, 2) * 0.6;
        layer.inFeatures = uniform(random, 0, 2) ? kAuto : uniform(random, -1, 100);
        layer.outFeatures = uniform(random, -1, 10);
        spec.layers.push_back(layer);
    }
    return spec;
}

}  // namespace convscope::test
