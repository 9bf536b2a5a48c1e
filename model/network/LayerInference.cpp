#include "LayerInference.h"

#include "SaturatingMath.h"

#include <algorithm>
#include <sstream>
#include <utility>

namespace convscope {

namespace {

/// Collects issues for one layer with its number and label already filled in.
class IssueList {
public:
    IssueList(const LayerSpec &layer, int number) : m_number(number), m_label(layer.label()) {}

    void add(const std::string &field, const std::string &message, const std::string &hint)
    {
        m_issues.push_back({m_number, m_label, field, message, hint, {}});
    }
    bool empty() const { return m_issues.empty(); }
    std::vector<ValidationIssue> take() { return std::move(m_issues); }

private:
    int m_number;
    std::string m_label;
    std::vector<ValidationIssue> m_issues;
};

std::string rankName(std::size_t rank)
{
    switch (rank) {
    case 1:
        return "a flat vector";
    case 2:
        return "a 1-D signal (C×L)";
    case 3:
        return "an image (C×H×W)";
    default:
        return "a " + std::to_string(rank) + "-axis tensor";
    }
}

std::string spatialText(const std::array<std::int64_t, 2> &v, int dims)
{
    return dims == 1 ? std::to_string(v[0]) : std::to_string(v[0]) + "×" + std::to_string(v[1]);
}

void checkGroups(const LayerSpec &layer, IssueList &issues)
{
    const std::int64_t g = layer.groups;
    if (g < 1) {
        issues.add("groups", "groups is " + std::to_string(g), "use 1, or in_channels for a depthwise convolution");
        return;
    }
    for (const auto &[field, channels] : {std::pair<const char *, std::int64_t>{"in_channels", layer.inChannels},
                                          {"out_channels", layer.outChannels}}) {
        if (channels >= 1 && channels % g != 0)
            issues.add("groups", std::string(field) + " " + std::to_string(channels) + " is not divisible by groups "
                                     + std::to_string(g),
                       "use a number of groups that divides both channel counts");
    }
}

/// PyTorch refuses pooling padding above half the kernel; the same bound holds at the end of an axis.
void checkPoolPadding(const LayerSpec &layer, IssueList &issues)
{
    const auto end = layer.endPadding();
    for (int axis = 0; axis < (layer.dims == 1 ? 1 : 2); ++axis) {
        const std::int64_t k = layer.kernel[axis], p = std::max(layer.padding[axis], end[axis]);
        if (k >= 1 && 2 * p > k) {
            issues.add("padding", "padding " + std::to_string(p) + " is more than half the kernel " + std::to_string(k),
                       "use padding " + std::to_string(k / 2) + " or less");
            return;
        }
    }
}

/// The number of windows along one axis: PyTorch's rule, including ceil_mode and its "the last window must start
/// inside the input or its start padding". Asymmetric padding is applied first, as an explicit pad, so the last
/// window may then start anywhere in the padded input.
std::int64_t windowCount(const LayerSpec &layer, int axis, std::int64_t input, std::int64_t reach, bool isPool)
{
    const std::int64_t padded = input + layer.padding[axis] + layer.endPadding()[axis];
    if (padded < reach)
        return 0;
    const std::int64_t s = layer.stride[axis];
    if (!(isPool && layer.ceilMode))
        return (padded - reach) / s + 1;
    std::int64_t steps = (padded - reach + s - 1) / s;
    const std::int64_t lastStartLimit = layer.hasAsymmetricPadding() ? padded : input + layer.padding[axis];
    if (saturatingMul(steps, s) >= lastStartLimit)
        --steps;
    return steps + 1;
}

/// Fields that must be positive (or non-negative) whatever the input is.
void checkOwnFields(const LayerSpec &layer, IssueList &issues)
{
    const auto axesPositive = [&](const char *field, const std::array<std::int64_t, 2> &v, std::int64_t minimum) {
        for (int axis = 0; axis < (layer.dims == 1 ? 1 : 2); ++axis) {
            if (v[axis] < minimum) {
                issues.add(field, std::string(field) + " is " + std::to_string(v[axis]),
                           "use " + std::to_string(minimum) + " or more");
                return;
            }
        }
    };
    if (layer.hasDims() && layer.dims != 1 && layer.dims != 2)
        issues.add("type", "dimension " + std::to_string(layer.dims) + " is not supported", "use 1-D or 2-D");
    if (layer.kind == LayerKind::Conv) {
        if (layer.inChannels < 1)
            issues.add("in_channels", "in_channels is " + std::to_string(layer.inChannels), "use 1 or more");
        if (layer.outChannels < 1)
            issues.add("out_channels", "out_channels is " + std::to_string(layer.outChannels), "use 1 or more");
    }
    if (layer.isSpatial())
        axesPositive("kernel", layer.kernel, 1);
    if (layer.kind == LayerKind::Conv || layer.kind == LayerKind::AvgPool || layer.kind == LayerKind::MaxPool)
        axesPositive("stride", layer.stride, 1);
    if (layer.hasPadding()) {
        axesPositive("padding", layer.padding, 0);
        axesPositive("padding_end", layer.endPadding(), 0);
    }
    if (layer.kind == LayerKind::Conv) {
        axesPositive("dilation", layer.dilation, 1);
        checkGroups(layer, issues);
    }
    if (layer.kind == LayerKind::AvgPool || layer.kind == LayerKind::MaxPool)
        checkPoolPadding(layer, issues);
    if (layer.kind == LayerKind::AdaptiveAvgPool || layer.kind == LayerKind::AdaptiveMaxPool)
        axesPositive("output_size", layer.outputSize, 1);
    if (layer.kind == LayerKind::Dropout && !(layer.probability >= 0.0 && layer.probability < 1.0)) {
        std::ostringstream p;
        p << layer.probability;
        issues.add("p", "dropout probability " + p.str() + " is outside [0, 1)", "use a value such as 0.3");
    }
    if (layer.kind == LayerKind::BatchNorm && !(layer.eps > 0.0 && layer.eps < 1.0)) {
        std::ostringstream eps;
        eps << layer.eps;
        issues.add("eps", "batch norm eps " + eps.str() + " is outside (0, 1)", "use PyTorch's default, 1e-5");
    }
    if (layer.kind == LayerKind::Linear) {
        if (layer.inFeatures != kAuto && layer.inFeatures < 1)
            issues.add("in_features", "in_features is " + std::to_string(layer.inFeatures),
                       "use \"auto\" to take it from the previous layer");
        if (layer.outFeatures < 1)
            issues.add("out_features", "out_features is " + std::to_string(layer.outFeatures), "use 1 or more");
    }
    if (layer.kind == LayerKind::BatchNorm && layer.numFeatures != kAuto && layer.numFeatures < 1)
        issues.add("num_features", "num_features is " + std::to_string(layer.numFeatures),
                   "use \"auto\" to take it from the previous layer");
}

/// Conv and pooling output size along the spatial axes.
Shape spatialOutput(const LayerSpec &layer, const Shape &input, std::int64_t channels, IssueList &issues)
{
    const int dims = layer.dims;
    std::array<std::int64_t, 2> inSize{input[1], dims == 2 ? input[2] : 1};
    std::array<std::int64_t, 2> outSize{1, 1};
    const bool isPool = layer.kind == LayerKind::AvgPool || layer.kind == LayerKind::MaxPool;
    for (int axis = 0; axis < dims; ++axis) {
        const std::int64_t k = layer.kernel[axis];
        const std::int64_t reach = isPool ? k : saturatingAdd(saturatingMul(layer.dilation[axis], k - 1), 1);
        outSize[axis] = windowCount(layer, axis, inSize[axis], reach, isPool);
    }
    if (outSize[0] < 1 || outSize[1] < 1) {
        std::int64_t needed = 0;
        for (int axis = 0; axis < dims; ++axis) {
            const std::int64_t reach = saturatingAdd(
                saturatingMul(layer.kind == LayerKind::Conv ? layer.dilation[axis] : 1, layer.kernel[axis] - 1), 1);
            needed = std::max(needed, (reach - inSize[axis] + 1) / 2);
        }
        const std::string hint = isPool ? "use a smaller kernel or remove an earlier downsampling layer"
                                        : "add padding " + std::to_string(needed) + " or use a smaller kernel";
        std::array<std::int64_t, 2> shown{std::max<std::int64_t>(outSize[0], 0),
                                          std::max<std::int64_t>(outSize[1], 0)};
        issues.add("kernel",
                   "output would be " + spatialText(shown, dims) + " on a " + spatialText(inSize, dims) + " input",
                   hint);
        return {};
    }
    Shape out{channels, outSize[0]};
    if (dims == 2)
        out.push_back(outSize[1]);
    return out;
}

/// Checks that the input has the rank the layer needs; returns false (with an issue) when it does not.
bool checkRank(const LayerSpec &layer, const Shape &input, IssueList &issues)
{
    const std::size_t rank = input.size();
    switch (layer.kind) {
    case LayerKind::Conv:
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
    case LayerKind::AdaptiveAvgPool:
    case LayerKind::AdaptiveMaxPool:
    case LayerKind::ZeroPad: {
        const std::size_t wanted = static_cast<std::size_t>(layer.dims) + 1;
        if (rank != wanted) {
            const std::string hint = rank == 1 ? "move it before the Flatten"
                                               : "use the " + std::to_string(rank - 1) + "-D version of this layer";
            issues.add("type", "needs " + rankName(wanted) + " but gets " + rankName(rank), hint);
            return false;
        }
        return true;
    }
    case LayerKind::BatchNorm: {
        const bool fits = layer.dims == 2 ? rank == 3 : (rank == 1 || rank == 2);
        if (!fits) {
            issues.add("type", "needs " + std::string(layer.dims == 2 ? rankName(3) : "a 1-D signal or a flat vector")
                                   + " but gets " + rankName(rank),
                       rank == 3 ? "use batchnorm2d" : "use batchnorm1d");
            return false;
        }
        return true;
    }
    case LayerKind::Linear:
        if (rank != 1) {
            issues.add("type", "needs a flat vector but gets " + rankName(rank) + " " + shapeToString(input),
                       "insert a Flatten layer before it");
            return false;
        }
        return true;
    case LayerKind::Activation:
    case LayerKind::Dropout:
    case LayerKind::Flatten:
    case LayerKind::Block:  // checked layer by layer (see NetworkAnalysis)
        return true;
    }
    return true;
}

}  // namespace

LayerInference inferLayer(LayerSpec &layer, const Shape &input, int number)
{
    IssueList issues(layer, number);
    checkOwnFields(layer, issues);
    if (input.empty() || !issues.empty() || !checkRank(layer, input, issues))
        return {{}, issues.take()};

    Shape output;
    switch (layer.kind) {
    case LayerKind::Conv:
        if (layer.inChannels != input[0]) {
            issues.add("in_channels",
                       "expects " + std::to_string(layer.inChannels) + " input channels but the previous layer gives "
                           + std::to_string(input[0]),
                       "set in_channels to " + std::to_string(input[0]));
        }
        output = spatialOutput(layer, input, layer.outChannels, issues);
        break;
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
        output = spatialOutput(layer, input, input[0], issues);
        break;
    case LayerKind::AdaptiveAvgPool:
    case LayerKind::AdaptiveMaxPool:
        output = {input[0], layer.outputSize[0]};
        if (layer.dims == 2)
            output.push_back(layer.outputSize[1]);
        break;
    case LayerKind::ZeroPad:
        output = input;
        for (int axis = 0; axis < layer.dims; ++axis)
            output[static_cast<std::size_t>(axis) + 1] += layer.padding[axis] + layer.endPadding()[axis];
        break;
    case LayerKind::BatchNorm:
        if (layer.numFeatures == kAuto) {
            layer.numFeatures = input[0];
        } else if (layer.numFeatures != input[0]) {
            issues.add("num_features",
                       "expects " + std::to_string(layer.numFeatures) + " features but the previous layer gives "
                           + std::to_string(input[0]),
                       "set num_features to " + std::to_string(input[0]) + " or \"auto\"");
        }
        output = input;
        break;
    case LayerKind::Activation:
    case LayerKind::Dropout:
        output = input;
        break;
    case LayerKind::Flatten: {
        std::int64_t size = 1;
        for (auto v : input)
            size = saturatingMul(size, v);
        output = {size};
        break;
    }
    case LayerKind::Linear:
        if (layer.inFeatures == kAuto) {
            layer.inFeatures = input[0];
        } else if (layer.inFeatures != input[0]) {
            issues.add("in_features",
                       "expects " + std::to_string(layer.inFeatures) + " inputs but the previous layer gives "
                           + std::to_string(input[0]),
                       "set in_features to " + std::to_string(input[0]) + " or \"auto\"");
        }
        output = {layer.outFeatures};
        break;
    case LayerKind::Block:  // analysed layer by layer by NetworkAnalysis, never here
        break;
    }
    if (!issues.empty())
        output.clear();
    return {output, issues.take()};
}

}  // namespace convscope
