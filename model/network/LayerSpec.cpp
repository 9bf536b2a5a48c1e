#include "LayerSpec.h"

#include "AssignmentResidual.h"

#include <sstream>
#include <tuple>

namespace convscope {

namespace {

struct KindName {
    LayerKind kind;
    const char *stem;
    bool hasDims;
};

constexpr KindName kKindNames[] = {
    {LayerKind::Conv, "conv", true},
    {LayerKind::AvgPool, "avgpool", true},
    {LayerKind::MaxPool, "maxpool", true},
    {LayerKind::AdaptiveAvgPool, "adaptiveavgpool", true},
    {LayerKind::AdaptiveMaxPool, "adaptivemaxpool", true},
    {LayerKind::ZeroPad, "zeropad", true},
    {LayerKind::BatchNorm, "batchnorm", true},
    {LayerKind::Activation, "relu", false},  // the default function's name; see activationTypeName
    {LayerKind::Dropout, "dropout", false},
    {LayerKind::Flatten, "flatten", false},
    {LayerKind::Linear, "linear", false},
    {LayerKind::Block, "block", false},
};

struct FunctionName {
    ActivationFunction function;
    const char *typeName;
    const char *label;
};

constexpr FunctionName kFunctionNames[] = {
    {ActivationFunction::ReLU, "relu", "ReLU"},
    {ActivationFunction::ReLU6, "relu6", "ReLU6"},
    {ActivationFunction::LeakyReLU, "leakyrelu", "LeakyReLU"},
    {ActivationFunction::GELU, "gelu", "GELU"},
    {ActivationFunction::Sigmoid, "sigmoid", "Sigmoid"},
    {ActivationFunction::Tanh, "tanh", "Tanh"},
    {ActivationFunction::Hardswish, "hardswish", "Hardswish"},
};

const KindName &kindName(LayerKind kind)
{
    for (const auto &entry : kKindNames)
        if (entry.kind == kind)
            return entry;
    return kKindNames[0];
}

const FunctionName &functionName(ActivationFunction function)
{
    for (const auto &entry : kFunctionNames)
        if (entry.function == function)
            return entry;
    return kFunctionNames[0];
}

std::string axes(const std::array<std::int64_t, 2> &v, int dims)
{
    if (dims == 1 || v[0] == v[1])
        return std::to_string(v[0]) + (dims == 2 ? "x" + std::to_string(v[1]) : "");
    return std::to_string(v[0]) + "x" + std::to_string(v[1]);
}

/// ", pad 1" or ", pad 0|1" (start|end) for asymmetric padding; empty without padding.
std::string paddingLabel(const LayerSpec &l)
{
    const std::array<std::int64_t, 2> none{0, 0};
    if (l.hasAsymmetricPadding())
        return ", pad " + axes(l.padding, l.dims) + "|" + axes(l.endPadding(), l.dims);
    if (l.dims == 1 ? l.padding[0] != 0 : l.padding != none)
        return ", pad " + axes(l.padding, l.dims);
    return {};
}

std::string layerTypeName(LayerKind kind, int dims)
{
    const auto &entry = kindName(kind);
    return std::string(entry.stem) + (entry.hasDims ? (dims == 1 ? "1d" : "2d") : "");
}

}  // namespace

std::string activationTypeName(ActivationFunction function) { return functionName(function).typeName; }

bool parseLayerTypeName(const std::string &name, LayerSpec &layer)
{
    for (const auto &entry : kFunctionNames) {
        if (name == entry.typeName) {
            layer.kind = LayerKind::Activation;
            layer.activation = entry.function;
            return true;
        }
    }
    for (const auto &entry : kKindNames) {
        for (int d : {1, 2}) {
            if (entry.kind != LayerKind::Activation && name == layerTypeName(entry.kind, d)) {
                layer.kind = entry.kind;
                layer.dims = entry.hasDims ? d : 2;
                return true;
            }
        }
    }
    return false;
}

std::vector<std::string> allLayerTypeNames()
{
    std::vector<std::string> names;
    for (const auto &entry : kKindNames) {
        if (entry.kind == LayerKind::Activation) {
            for (const auto &function : kFunctionNames)
                names.push_back(function.typeName);
        } else if (entry.hasDims) {
            names.push_back(layerTypeName(entry.kind, 1));
            names.push_back(layerTypeName(entry.kind, 2));
        } else {
            names.push_back(entry.stem);
        }
    }
    // The assignment's residual block: a shorthand for one Block (see AssignmentResidual and LayerJson).
    names.push_back("residual1d");
    names.push_back("residual2d");
    return names;
}

bool LayerSpec::operator==(const LayerSpec &o) const
{
    if (kind != o.kind || (hasDims() && dims != o.dims))
        return false;
    // A 1-D layer ignores the second entry of every per-axis pair.
    const auto view = [this](const std::array<std::int64_t, 2> &v) {
        return dims == 1 ? std::array<std::int64_t, 2>{v[0], 0} : v;
    };
    const auto window = [&](const LayerSpec &l) {
        return std::make_tuple(view(l.kernel), view(l.stride), view(l.padding), view(l.endPadding()));
    };
    switch (kind) {
    case LayerKind::Conv:
        return window(*this) == window(o) && view(dilation) == view(o.dilation)
               && std::tie(inChannels, outChannels, bias, groups) == std::tie(o.inChannels, o.outChannels, o.bias, o.groups);
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
        return window(*this) == window(o) && ceilMode == o.ceilMode;
    case LayerKind::AdaptiveAvgPool:
    case LayerKind::AdaptiveMaxPool:
        return view(outputSize) == view(o.outputSize);
    case LayerKind::ZeroPad:
        return view(padding) == view(o.padding) && view(endPadding()) == view(o.endPadding());
    case LayerKind::BatchNorm:
        return numFeatures == o.numFeatures && eps == o.eps;
    case LayerKind::Activation:
        return activation == o.activation
               && (activation != ActivationFunction::LeakyReLU || negativeSlope == o.negativeSlope);
    case LayerKind::Dropout:
        return probability == o.probability;
    case LayerKind::Linear:
        return std::tie(inFeatures, outFeatures, bias) == std::tie(o.inFeatures, o.outFeatures, o.bias);
    case LayerKind::Block:
        return merge == o.merge && branches == o.branches && after == o.after;
    case LayerKind::Flatten:
        return true;
    }
    return false;
}

bool LayerSpec::hasDims() const { return kindName(kind).hasDims; }

bool LayerSpec::isSpatial() const
{
    return kind == LayerKind::Conv || kind == LayerKind::AvgPool || kind == LayerKind::MaxPool;
}

bool LayerSpec::changesSpatialAxes() const
{
    return isSpatial() || kind == LayerKind::AdaptiveAvgPool || kind == LayerKind::AdaptiveMaxPool
           || kind == LayerKind::ZeroPad;
}

bool LayerSpec::hasPadding() const
{
    return kind == LayerKind::Conv || kind == LayerKind::AvgPool || kind == LayerKind::MaxPool
           || kind == LayerKind::ZeroPad;
}

std::array<std::int64_t, 2> LayerSpec::endPadding() const
{
    return {paddingEnd[0] == kAuto ? padding[0] : paddingEnd[0], paddingEnd[1] == kAuto ? padding[1] : paddingEnd[1]};
}

bool LayerSpec::hasAsymmetricPadding() const
{
    const auto end = endPadding();
    return hasPadding() && (end[0] != padding[0] || (dims == 2 && end[1] != padding[1]));
}

bool LayerSpec::isActivation(ActivationFunction function) const
{
    return kind == LayerKind::Activation && activation == function;
}

std::string LayerSpec::typeName() const
{
    return kind == LayerKind::Activation ? activationTypeName(activation) : layerTypeName(kind, dims);
}
std::string LayerSpec::label() const
{
    const std::string d = dims == 1 ? "1d" : "2d";
    std::ostringstream out;
    switch (kind) {
    case LayerKind::Conv:
        out << "Conv" << d << ' ' << axes(kernel, dims) << ", " << inChannels << "→" << outChannels;
        if (stride != std::array<std::int64_t, 2>{1, 1})
            out << ", stride " << axes(stride, dims);
        out << paddingLabel(*this);
        if (groups == inChannels && groups > 1)
            out << ", depthwise";
        else if (groups != 1)
            out << ", groups " << groups;
        if (dilation != std::array<std::int64_t, 2>{1, 1})
            out << ", dilation " << axes(dilation, dims);
        break;
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
        out << (kind == LayerKind::AvgPool ? "AvgPool" : "MaxPool") << d << ' ' << axes(kernel, dims);
        if (stride != kernel)
            out << ", stride " << axes(stride, dims);
        out << paddingLabel(*this);
        if (ceilMode)
            out << ", ceil";
        break;
    case LayerKind::AdaptiveAvgPool:
    case LayerKind::AdaptiveMaxPool:
        out << (kind == LayerKind::AdaptiveAvgPool ? "AdaptiveAvgPool" : "AdaptiveMaxPool") << d << " → "
            << axes(outputSize, dims);
        break;
    case LayerKind::ZeroPad:
        out << "ZeroPad" << d << paddingLabel(*this);
        break;
    case LayerKind::BatchNorm:
        out << "BatchNorm" << d;
        if (eps != kBatchNormEps)
            out << " eps=" << eps;
        break;
    case LayerKind::Activation:
        out << functionName(activation).label;
        if (activation == ActivationFunction::LeakyReLU)
            out << ' ' << negativeSlope;
        break;
    case LayerKind::Dropout:
        out << "Dropout p=" << probability;
        break;
    case LayerKind::Flatten:
        out << "Flatten";
        break;
    case LayerKind::Linear:
        out << "Linear " << (inFeatures == kAuto ? std::string("auto") : std::to_string(inFeatures)) << "→"
            << outFeatures;
        break;
    case LayerKind::Block:
        if (const auto residual = AssignmentResidual::of(*this)) {
            out << residual->label();
            break;
        }
        // "Add block: 8 | identity, then ReLU": the layers of each branch; short enough for a stack row.
        out << (merge == BlockMerge::Add ? "Add" : "Concat") << " block: ";
        for (std::size_t b = 0; b < branches.size(); ++b)
            out << (b ? " | " : "") << (branches[b].empty() ? std::string("identity") : std::to_string(branches[b].size()));
        if (!after.empty())
            out << ", then " << after.front().label();
        break;
    }
    return out.str();
}

LayerSpec LayerSpec::conv(int dims, std::int64_t in, std::int64_t out, std::int64_t k, std::int64_t s,
                          std::int64_t p, std::int64_t d)
{
    LayerSpec l;
    l.kind = LayerKind::Conv;
    l.dims = dims;
    l.inChannels = in;
    l.outChannels = out;
    l.kernel = {k, k};
    l.stride = {s, s};
    l.padding = {p, p};
    l.dilation = {d, d};
    return l;
}

LayerSpec LayerSpec::pool(LayerKind kind, int dims, std::int64_t k, std::int64_t s, std::int64_t p)
{
    LayerSpec l;
    l.kind = kind;
    l.dims = dims;
    l.kernel = {k, k};
    l.stride = {s, s};
    l.padding = {p, p};
    return l;
}

LayerSpec LayerSpec::batchNorm(int dims, std::int64_t features)
{
    LayerSpec l;
    l.kind = LayerKind::BatchNorm;
    l.dims = dims;
    l.numFeatures = features;
    return l;
}

LayerSpec LayerSpec::relu() { return activationLayer(ActivationFunction::ReLU); }

LayerSpec LayerSpec::activationLayer(ActivationFunction function)
{
    LayerSpec l;
    l.kind = LayerKind::Activation;
    l.activation = function;
    return l;
}

LayerSpec LayerSpec::adaptivePool(LayerKind kind, int dims, std::int64_t size)
{
    LayerSpec l;
    l.kind = kind;
    l.dims = dims;
    l.outputSize = {size, size};
    return l;
}

LayerSpec LayerSpec::zeroPad(int dims, const std::array<std::int64_t, 2> &start, const std::array<std::int64_t, 2> &end)
{
    LayerSpec l;
    l.kind = LayerKind::ZeroPad;
    l.dims = dims;
    l.padding = start;
    l.paddingEnd = end;
    return l;
}

LayerSpec LayerSpec::dropout(double p)
{
    LayerSpec l;
    l.kind = LayerKind::Dropout;
    l.probability = p;
    return l;
}

LayerSpec LayerSpec::flatten()
{
    LayerSpec l;
    l.kind = LayerKind::Flatten;
    return l;
}

LayerSpec LayerSpec::linear(std::int64_t in, std::int64_t out)
{
    LayerSpec l;
    l.kind = LayerKind::Linear;
    l.inFeatures = in;
    l.outFeatures = out;
    return l;
}

LayerSpec LayerSpec::block(BlockMerge merge, std::vector<std::vector<LayerSpec>> branches, std::vector<LayerSpec> after)
{
    LayerSpec l;
    l.kind = LayerKind::Block;
    l.merge = merge;
    l.branches = std::move(branches);
    l.after = std::move(after);
    return l;
}

}  // namespace convscope
