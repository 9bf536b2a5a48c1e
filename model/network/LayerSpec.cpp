#include "LayerSpec.h"

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
    {LayerKind::Conv, "conv", true},          {LayerKind::AvgPool, "avgpool", true},
    {LayerKind::MaxPool, "maxpool", true},    {LayerKind::BatchNorm, "batchnorm", true},
    {LayerKind::Residual, "residual", true},  {LayerKind::ReLU, "relu", false},
    {LayerKind::Dropout, "dropout", false},   {LayerKind::Flatten, "flatten", false},
    {LayerKind::Linear, "linear", false},
};

const KindName &kindName(LayerKind kind)
{
    for (const auto &entry : kKindNames)
        if (entry.kind == kind)
            return entry;
    return kKindNames[0];
}

std::string axes(const std::array<std::int64_t, 2> &v, int dims)
{
    if (dims == 1 || v[0] == v[1])
        return std::to_string(v[0]) + (dims == 2 ? "x" + std::to_string(v[1]) : "");
    return std::to_string(v[0]) + "x" + std::to_string(v[1]);
}

}  // namespace

std::string layerTypeName(LayerKind kind, int dims)
{
    const auto &entry = kindName(kind);
    return std::string(entry.stem) + (entry.hasDims ? (dims == 1 ? "1d" : "2d") : "");
}

bool parseLayerTypeName(const std::string &name, LayerKind &kind, int &dims)
{
    for (const auto &entry : kKindNames) {
        for (int d : {1, 2}) {
            if (name == layerTypeName(entry.kind, d)) {
                kind = entry.kind;
                dims = entry.hasDims ? d : 2;
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
        if (entry.hasDims) {
            names.push_back(layerTypeName(entry.kind, 1));
            names.push_back(layerTypeName(entry.kind, 2));
        } else {
            names.push_back(entry.stem);
        }
    }
    return names;
}

bool LayerSpec::operator==(const LayerSpec &o) const
{
    if (kind != o.kind || (hasDims() && dims != o.dims))
        return false;
    // A 1-D layer ignores the second entry of every per-axis pair.
    const auto axisView = [this](const std::array<std::int64_t, 2> &v) {
        return dims == 1 ? std::array<std::int64_t, 2>{v[0], 0} : v;
    };
    const auto kernel = axisView(this->kernel), stride = axisView(this->stride),
               padding = axisView(this->padding), dilation = axisView(this->dilation);
    const auto oKernel = axisView(o.kernel), oStride = axisView(o.stride), oPadding = axisView(o.padding),
               oDilation = axisView(o.dilation);
    switch (kind) {
    case LayerKind::Conv:
        return std::tie(inChannels, outChannels, bias, kernel, stride, padding, dilation)
               == std::tie(o.inChannels, o.outChannels, o.bias, oKernel, oStride, oPadding, oDilation);
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
        return std::tie(kernel, stride, padding) == std::tie(oKernel, oStride, oPadding);
    case LayerKind::BatchNorm:
        return numFeatures == o.numFeatures;
    case LayerKind::Dropout:
        return probability == o.probability;
    case LayerKind::Linear:
        return std::tie(inFeatures, outFeatures, bias) == std::tie(o.inFeatures, o.outFeatures, o.bias);
    case LayerKind::Residual:
        return std::tie(inChannels, outChannels, kernel) == std::tie(o.inChannels, o.outChannels, oKernel);
    case LayerKind::ReLU:
    case LayerKind::Flatten:
        return true;
    }
    return false;
}

bool LayerSpec::hasDims() const { return kindName(kind).hasDims; }

bool LayerSpec::isSpatial() const
{
    return kind == LayerKind::Conv || kind == LayerKind::AvgPool || kind == LayerKind::MaxPool
           || kind == LayerKind::Residual;
}

std::string LayerSpec::typeName() const { return layerTypeName(kind, dims); }

std::string LayerSpec::label() const
{
    const std::string d = dims == 1 ? "1d" : "2d";
    std::ostringstream out;
    switch (kind) {
    case LayerKind::Conv:
        out << "Conv" << d << ' ' << axes(kernel, dims) << ", " << inChannels << "→" << outChannels;
        if (stride != std::array<std::int64_t, 2>{1, 1})
            out << ", stride " << axes(stride, dims);
        if (padding != std::array<std::int64_t, 2>{0, 0})
            out << ", pad " << axes(padding, dims);
        if (dilation != std::array<std::int64_t, 2>{1, 1})
            out << ", dilation " << axes(dilation, dims);
        break;
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
        out << (kind == LayerKind::AvgPool ? "AvgPool" : "MaxPool") << d << ' ' << axes(kernel, dims);
        if (stride != kernel)
            out << ", stride " << axes(stride, dims);
        if (padding != std::array<std::int64_t, 2>{0, 0})
            out << ", pad " << axes(padding, dims);
        break;
    case LayerKind::BatchNorm:
        out << "BatchNorm" << d;
        break;
    case LayerKind::ReLU:
        out << "ReLU";
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
    case LayerKind::Residual:
        out << "Residual" << d << ' ' << axes(kernel, dims) << ", " << inChannels << "→" << outChannels;
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

LayerSpec LayerSpec::relu()
{
    LayerSpec l;
    l.kind = LayerKind::ReLU;
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

LayerSpec LayerSpec::residual(int dims, std::int64_t in, std::int64_t out, std::int64_t k)
{
    LayerSpec l;
    l.kind = LayerKind::Residual;
    l.dims = dims;
    l.inChannels = in;
    l.outChannels = out;
    l.kernel = {k, k};
    return l;
}

}  // namespace convscope
