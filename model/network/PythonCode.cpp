#include "PythonCode.h"

#include "AssignmentResidual.h"
#include "NetworkAnalysis.h"

#include <cmath>
#include <cstdlib>
#include <functional>
#include <optional>
#include <sstream>

namespace convscope {

namespace {

constexpr const char *kResidualClass = R"(class Residual(nn.Module):
    """Two convolutions and a shortcut, as in the assignment; padding (k-1)//2 on conv1 keeps both paths equally long."""
    def __init__(self, cin, cout, k, conv=nn.Conv1d, norm=nn.BatchNorm1d):
        super().__init__()
        self.conv1, self.conv2 = conv(cin, cout, k, padding=(k - 1) // 2), conv(cout, cout, k)
        self.bn1, self.bn2 = norm(cout), norm(cout)
        self.conv_x = conv(cin, cout, k)

    def forward(self, x):
        y = nn.functional.relu(self.bn1(self.conv1(x)))
        return nn.functional.relu(self.bn2(self.conv2(y)) + self.conv_x(x))

)";

constexpr const char *kBlockClass = R"(class Block(nn.Module):
    """Branches on the same input, added or concatenated along channels, then an optional layer (ConvScope's block)."""
    def __init__(self, branches, merge='add', after=None):
        super().__init__()
        self.branches, self.merge = nn.ModuleList(branches), merge
        self.after = after if after is not None else nn.Identity()

    def forward(self, x):
        outputs = [branch(x) for branch in self.branches]
        y = sum(outputs[1:], outputs[0]) if self.merge == 'add' else torch.cat(outputs, 1)
        return self.after(y)

)";

/// Whether the layers, or any block among them, contain a layer for which `wanted` holds.
bool uses(const std::vector<LayerSpec> &layers, const std::function<bool(const LayerSpec &)> &wanted)
{
    for (const auto &layer : layers) {
        if (wanted(layer))
            return true;
        for (const auto &branch : layer.branches)
            if (uses(branch, wanted))
                return true;
        if (uses(layer.after, wanted))
            return true;
    }
    return false;
}

/// `Residual(cin, cout, k)` for the assignment's block, when the Residual class can build it (a 1-D or square kernel,
/// since the class pads by (k - 1) // 2); nullopt otherwise (a Block then spells it out).
std::optional<std::string> residualCode(const LayerSpec &l)
{
    const auto residual = AssignmentResidual::of(l);
    if (!residual || (residual->dims == 2 && residual->kernel[0] != residual->kernel[1]))
        return std::nullopt;
    std::string code = "Residual(" + std::to_string(residual->inChannels) + ", " + std::to_string(residual->outChannels)
                       + ", " + std::to_string(residual->kernel[0]);
    if (residual->dims == 2)
        code += ", conv=nn.Conv2d, norm=nn.BatchNorm2d";
    return code + ")";
}

bool isGeneralBlock(const LayerSpec &l) { return l.kind == LayerKind::Block && !residualCode(l); }

std::string axes(const std::array<std::int64_t, 2> &v, int dims)
{
    if (dims == 1)
        return std::to_string(v[0]);
    return "(" + std::to_string(v[0]) + ", " + std::to_string(v[1]) + ")";
}

/// Whether every axis the layer uses holds `value` (a 1-D layer ignores its second entry).
bool allAxes(const std::array<std::int64_t, 2> &v, int dims, std::int64_t value)
{
    return v[0] == value && (dims == 1 || v[1] == value);
}

/// The shortest text that Python reads back as exactly `v` (float('inf') and float('nan') where needed).
std::string pythonNumber(double v)
{
    if (!std::isfinite(v))
        return std::isnan(v) ? "float('nan')" : v > 0 ? "float('inf')" : "float('-inf')";
    for (int precision = 6;; ++precision) {
        std::ostringstream out;
        out.precision(precision);
        out << v;
        if (precision >= 17 || std::strtod(out.str().c_str(), nullptr) == v)
            return out.str();
    }
}

/// The explicit padding layer for asymmetric padding (and ZeroPad); F.pad order, the last axis first.
std::string padCode(const LayerSpec &l, const std::string &fill)
{
    const auto end = l.endPadding();
    if (l.dims == 1)
        return "nn.ConstantPad1d((" + std::to_string(l.padding[0]) + ", " + std::to_string(end[0]) + "), " + fill + ")";
    const std::string pads = "(" + std::to_string(l.padding[1]) + ", " + std::to_string(end[1]) + ", "
                             + std::to_string(l.padding[0]) + ", " + std::to_string(end[0]) + ")";
    return fill == "0.0" ? "nn.ZeroPad2d(" + pads + ")" : "nn.ConstantPad2d(" + pads + ", " + fill + ")";
}

std::string convCode(const LayerSpec &l, bool withPadding)
{
    const std::string d = l.dims == 1 ? "1d" : "2d";
    std::string code = "nn.Conv" + d + "(" + std::to_string(l.inChannels) + ", " + std::to_string(l.outChannels)
                       + ", kernel_size=" + axes(l.kernel, l.dims);
    if (!allAxes(l.stride, l.dims, 1))
        code += ", stride=" + axes(l.stride, l.dims);
    if (withPadding && !allAxes(l.padding, l.dims, 0))
        code += ", padding=" + axes(l.padding, l.dims);
    if (!allAxes(l.dilation, l.dims, 1))
        code += ", dilation=" + axes(l.dilation, l.dims);
    if (l.groups != 1)
        code += ", groups=" + std::to_string(l.groups);
    if (!l.bias)
        code += ", bias=False";
    return code + ")";
}

std::string poolCode(const LayerSpec &l, bool withPadding)
{
    const std::string d = l.dims == 1 ? "1d" : "2d";
    std::string code = std::string(l.kind == LayerKind::AvgPool ? "nn.AvgPool" : "nn.MaxPool") + d + "("
                       + axes(l.kernel, l.dims) + ", stride=" + axes(l.stride, l.dims);
    if (withPadding && !allAxes(l.padding, l.dims, 0))
        code += ", padding=" + axes(l.padding, l.dims);
    if (l.ceilMode)
        code += ", ceil_mode=True";
    return code + ")";
}

std::string activationCode(const LayerSpec &l)
{
    switch (l.activation) {
    case ActivationFunction::ReLU:
        return "nn.ReLU()";
    case ActivationFunction::ReLU6:
        return "nn.ReLU6()";
    case ActivationFunction::LeakyReLU:
        return "nn.LeakyReLU(negative_slope=" + pythonNumber(l.negativeSlope) + ")";
    case ActivationFunction::GELU:
        return "nn.GELU()";
    case ActivationFunction::Sigmoid:
        return "nn.Sigmoid()";
    case ActivationFunction::Tanh:
        return "nn.Tanh()";
    case ActivationFunction::Hardswish:
        return "nn.Hardswish()";
    }
    return "";
}

std::string layerCode(const LayerSpec &l, const std::string &indent);

/// Block([nn.Sequential(...), nn.Identity()], merge='add', after=nn.ReLU()) over several lines.
std::string blockCode(const LayerSpec &l, const std::string &indent)
{
    const std::string inner = indent + "    ", deeper = inner + "    ";
    std::string code = "Block([\n";
    for (const auto &branch : l.branches) {
        if (branch.empty()) {
            code += inner + "nn.Identity(),\n";
            continue;
        }
        code += inner + "nn.Sequential(\n";
        for (const auto &layer : branch)
            code += deeper + layerCode(layer, deeper) + ",\n";
        code += inner + "),\n";
    }
    code += indent + "], merge='" + std::string(l.merge == BlockMerge::Add ? "add" : "concat") + "'";
    if (!l.after.empty())
        code += ", after=" + layerCode(l.after.front(), indent);
    return code + ")";
}

std::string layerCode(const LayerSpec &l, const std::string &indent)
{
    const std::string d = l.dims == 1 ? "1d" : "2d";
    switch (l.kind) {
    case LayerKind::Conv:
        if (l.hasAsymmetricPadding())
            return "nn.Sequential(" + padCode(l, "0.0") + ", " + convCode(l, false) + ")";
        return convCode(l, true);
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
        if (l.hasAsymmetricPadding())  // -inf before max pooling, as PyTorch's own padding
            return "nn.Sequential(" + padCode(l, l.kind == LayerKind::MaxPool ? "float('-inf')" : "0.0") + ", "
                   + poolCode(l, false) + ")";
        return poolCode(l, true);
    case LayerKind::AdaptiveAvgPool:
    case LayerKind::AdaptiveMaxPool:
        return std::string(l.kind == LayerKind::AdaptiveAvgPool ? "nn.AdaptiveAvgPool" : "nn.AdaptiveMaxPool") + d + "("
               + axes(l.outputSize, l.dims) + ")";
    case LayerKind::ZeroPad:
        return padCode(l, "0.0");
    case LayerKind::BatchNorm: {
        const std::string eps = l.eps == kBatchNormEps ? "" : "eps=" + pythonNumber(l.eps);
        return l.numFeatures == kAuto ? "nn.LazyBatchNorm" + d + "(" + eps + ")"
                                      : "nn.BatchNorm" + d + "(" + std::to_string(l.numFeatures)
                                            + (eps.empty() ? "" : ", " + eps) + ")";
    }
    case LayerKind::Activation:
        return activationCode(l);
    case LayerKind::Dropout:
        return "nn.Dropout(" + pythonNumber(l.probability) + ")";
    case LayerKind::Flatten:
        return "nn.Flatten()";
    case LayerKind::Linear: {
        const std::string bias = l.bias ? "" : ", bias=False";
        if (l.inFeatures == kAuto)
            return "nn.LazyLinear(" + std::to_string(l.outFeatures) + bias + ")";
        return "nn.Linear(" + std::to_string(l.inFeatures) + ", " + std::to_string(l.outFeatures) + bias + ")";
    }
    case LayerKind::Block:
        if (const auto residual = residualCode(l))
            return *residual;
        return blockCode(l, indent);
    }
    return "";
}

}  // namespace

const char *pythonResidualClass() { return kResidualClass; }

const char *pythonBlockClass() { return kBlockClass; }

std::string toPyTorchCode(const NetworkSpec &spec)
{
    const NetworkAnalysis analysis = analyzeNetwork(spec);
    const NetworkSpec shown = analysis.ok() ? analysis.resolvedSpec(spec) : spec;
    std::ostringstream code;
    code << "import torch\nfrom torch import nn\n\n";
    if (uses(shown.layers, [](const LayerSpec &l) { return residualCode(l).has_value(); }))
        code << kResidualClass;
    if (uses(shown.layers, isGeneralBlock))
        code << kBlockClass;
    if (!spec.name.empty())
        code << "# " << spec.name << "\n";
    code << "net = nn.Sequential(\n";
    for (const auto &layer : shown.layers)
        code << "    " << layerCode(layer, "    ") << ",\n";
    code << ")\n";
    code << "x = torch.zeros(1";
    for (auto v : spec.input)
        code << ", " << v;
    code << ")  # a batch of one input\n";
    return code.str();
}

}  // namespace convscope
