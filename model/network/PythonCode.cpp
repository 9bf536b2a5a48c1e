#include "PythonCode.h"

#include "NetworkAnalysis.h"

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

std::string axes(const std::array<std::int64_t, 2> &v, int dims)
{
    if (dims == 1)
        return std::to_string(v[0]);
    return "(" + std::to_string(v[0]) + ", " + std::to_string(v[1]) + ")";
}

std::string pythonNumber(double v)
{
    std::ostringstream out;
    out << v;
    return out.str();
}

std::string layerCode(const LayerSpec &l)
{
    const std::string d = l.dims == 1 ? "1d" : "2d";
    switch (l.kind) {
    case LayerKind::Conv: {
        std::string code = "nn.Conv" + d + "(" + std::to_string(l.inChannels) + ", " + std::to_string(l.outChannels)
                           + ", kernel_size=" + axes(l.kernel, l.dims);
        if (l.stride != std::array<std::int64_t, 2>{1, 1})
            code += ", stride=" + axes(l.stride, l.dims);
        if (l.padding != std::array<std::int64_t, 2>{0, 0})
            code += ", padding=" + axes(l.padding, l.dims);
        if (l.dilation != std::array<std::int64_t, 2>{1, 1})
            code += ", dilation=" + axes(l.dilation, l.dims);
        if (!l.bias)
            code += ", bias=False";
        return code + ")";
    }
    case LayerKind::AvgPool:
    case LayerKind::MaxPool: {
        std::string code = std::string(l.kind == LayerKind::AvgPool ? "nn.AvgPool" : "nn.MaxPool") + d + "("
                           + axes(l.kernel, l.dims) + ", stride=" + axes(l.stride, l.dims);
        if (l.padding != std::array<std::int64_t, 2>{0, 0})
            code += ", padding=" + axes(l.padding, l.dims);
        return code + ")";
    }
    case LayerKind::BatchNorm:
        return l.numFeatures == kAuto ? "nn.LazyBatchNorm" + d + "()"
                                      : "nn.BatchNorm" + d + "(" + std::to_string(l.numFeatures) + ")";
    case LayerKind::ReLU:
        return "nn.ReLU()";
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
    case LayerKind::Residual: {
        std::string code = "Residual(" + std::to_string(l.inChannels) + ", " + std::to_string(l.outChannels) + ", "
                           + axes(l.kernel, l.dims);
        if (l.dims == 2)
            code += ", conv=nn.Conv2d, norm=nn.BatchNorm2d";
        return code + ")";
    }
    }
    return "";
}

}  // namespace

std::string toPyTorchCode(const NetworkSpec &spec)
{
    const NetworkAnalysis analysis = analyzeNetwork(spec);
    const NetworkSpec shown = analysis.ok() ? analysis.resolvedSpec(spec) : spec;
    std::ostringstream code;
    code << "import torch\nfrom torch import nn\n\n";
    for (const auto &layer : shown.layers) {
        if (layer.kind == LayerKind::Residual) {
            code << kResidualClass;
            break;
        }
    }
    if (!spec.name.empty())
        code << "# " << spec.name << "\n";
    code << "net = nn.Sequential(\n";
    for (const auto &layer : shown.layers)
        code << "    " << layerCode(layer) << ",\n";
    code << ")\n";
    code << "x = torch.zeros(1";
    for (auto v : spec.input)
        code << ", " << v;
    code << ")  # a batch of one input\n";
    return code.str();
}

}  // namespace convscope
