#include "ParameterCount.h"

#include "SaturatingMath.h"

#include <algorithm>
#include <string>

namespace convscope {

namespace {

/// The weight and bias of a convolution as "in·out·k[·k]" and "+ out".
struct ConvTerms {
    std::int64_t count;
    std::string text;
};

ConvTerms convTerms(std::int64_t in, std::int64_t out, const std::array<std::int64_t, 2> &kernel, int dims,
                    bool bias, std::int64_t groups = 1)
{
    // Each output channel sees in/groups input channels.
    std::int64_t count = saturatingMul(saturatingMul(in / groups, out), kernel[0]);
    const std::string inText = groups == 1 ? std::to_string(in) : "(" + std::to_string(in) + "/" + std::to_string(groups) + ")";
    std::string text = inText + "·" + std::to_string(out) + "·" + std::to_string(kernel[0]);
    if (dims == 2) {
        count = saturatingMul(count, kernel[1]);
        text += "·" + std::to_string(kernel[1]);
    }
    if (bias) {
        count = saturatingAdd(count, out);
        text += " + " + std::to_string(out);
    }
    return {count, text};
}

}  // namespace

ParameterCount countParameters(const LayerSpec &layer)
{
    switch (layer.kind) {
    case LayerKind::Conv: {
        const auto terms =
            convTerms(layer.inChannels, layer.outChannels, layer.kernel, layer.dims, layer.bias, std::max<std::int64_t>(layer.groups, 1));
        return {terms.count, terms.text + " = " + std::to_string(terms.count)};
    }
    case LayerKind::BatchNorm: {
        const std::int64_t count = saturatingMul(2, layer.numFeatures);
        return {count, "2·" + std::to_string(layer.numFeatures) + " = " + std::to_string(count)};
    }
    case LayerKind::Linear: {
        std::int64_t count = saturatingMul(layer.inFeatures, layer.outFeatures);
        std::string text = std::to_string(layer.inFeatures) + "·" + std::to_string(layer.outFeatures);
        if (layer.bias) {
            count = saturatingAdd(count, layer.outFeatures);
            text += " + " + std::to_string(layer.outFeatures);
        }
        return {count, text + " = " + std::to_string(count)};
    }
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
    case LayerKind::AdaptiveAvgPool:
    case LayerKind::AdaptiveMaxPool:
    case LayerKind::Block:  // the sum of its layers, counted by NetworkAnalysis
    case LayerKind::ZeroPad:
    case LayerKind::Activation:
    case LayerKind::Dropout:
    case LayerKind::Flatten:
        return {0, "no parameters"};
    }
    return {0, "no parameters"};
}

}  // namespace convscope
