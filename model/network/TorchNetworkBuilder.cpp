#include "TorchNetworkBuilder.h"

#include "FastKernels.h"
#include "NetworkAnalysis.h"

#include <stdexcept>

namespace convscope {

namespace {

torch::ExpandingArray<1> axes1(const std::array<std::int64_t, 2> &v) { return torch::ExpandingArray<1>(v[0]); }
torch::ExpandingArray<2> axes2(const std::array<std::int64_t, 2> &v)
{
    return torch::ExpandingArray<2>({v[0], v[1]});
}

torch::nn::AnyModule convModule(int dims, std::int64_t in, std::int64_t out, const std::array<std::int64_t, 2> &kernel,
                                const std::array<std::int64_t, 2> &stride, const std::array<std::int64_t, 2> &padding,
                                const std::array<std::int64_t, 2> &dilation, bool bias)
{
    if (dims == 1)
        return torch::nn::AnyModule(torch::nn::Conv1d(torch::nn::Conv1dOptions(in, out, axes1(kernel))
                                                          .stride(axes1(stride))
                                                          .padding(axes1(padding))
                                                          .dilation(axes1(dilation))
                                                          .bias(bias)));
    return torch::nn::AnyModule(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, axes2(kernel))
                                                      .stride(axes2(stride))
                                                      .padding(axes2(padding))
                                                      .dilation(axes2(dilation))
                                                      .bias(bias)));
}

torch::nn::AnyModule batchNormModule(int dims, std::int64_t features)
{
    if (dims == 1)
        return torch::nn::AnyModule(torch::nn::BatchNorm1d(features));
    return torch::nn::AnyModule(torch::nn::BatchNorm2d(features));
}

torch::nn::AnyModule layerModule(const LayerSpec &l)
{
    switch (l.kind) {
    case LayerKind::Conv:
        return convModule(l.dims, l.inChannels, l.outChannels, l.kernel, l.stride, l.padding, l.dilation, l.bias);
    case LayerKind::AvgPool:
        if (l.dims == 1)
            return torch::nn::AnyModule(torch::nn::AvgPool1d(
                torch::nn::AvgPool1dOptions(axes1(l.kernel)).stride(axes1(l.stride)).padding(axes1(l.padding))));
        return torch::nn::AnyModule(torch::nn::AvgPool2d(
            torch::nn::AvgPool2dOptions(axes2(l.kernel)).stride(axes2(l.stride)).padding(axes2(l.padding))));
    case LayerKind::MaxPool:
        if (l.dims == 1)
            return torch::nn::AnyModule(torch::nn::MaxPool1d(
                torch::nn::MaxPool1dOptions(axes1(l.kernel)).stride(axes1(l.stride)).padding(axes1(l.padding))));
        return torch::nn::AnyModule(torch::nn::MaxPool2d(
            torch::nn::MaxPool2dOptions(axes2(l.kernel)).stride(axes2(l.stride)).padding(axes2(l.padding))));
    case LayerKind::BatchNorm:
        return batchNormModule(l.dims, l.numFeatures);
    case LayerKind::ReLU:
        return torch::nn::AnyModule(torch::nn::ReLU());
    case LayerKind::Dropout:
        return torch::nn::AnyModule(torch::nn::Dropout(l.probability));
    case LayerKind::Flatten:
        return torch::nn::AnyModule(torch::nn::Flatten());
    case LayerKind::Linear:
        return torch::nn::AnyModule(torch::nn::Linear(torch::nn::LinearOptions(l.inFeatures, l.outFeatures).bias(l.bias)));
    case LayerKind::Residual:
        return torch::nn::AnyModule(ResidualBlock(l));
    }
    throw std::invalid_argument("unknown layer kind");
}

}  // namespace

ResidualBlockImpl::ResidualBlockImpl(const LayerSpec &l)
{
    const std::array<std::int64_t, 2> one{1, 1}, none{0, 0};
    const std::array<std::int64_t, 2> half{(l.kernel[0] - 1) / 2, (l.kernel[1] - 1) / 2};
    m_conv1 = convModule(l.dims, l.inChannels, l.outChannels, l.kernel, one, half, one, true);
    m_bn1 = batchNormModule(l.dims, l.outChannels);
    m_conv2 = convModule(l.dims, l.outChannels, l.outChannels, l.kernel, one, none, one, true);
    m_bn2 = batchNormModule(l.dims, l.outChannels);
    m_shortcut = convModule(l.dims, l.inChannels, l.outChannels, l.kernel, one, none, one, true);
    register_module("conv1", m_conv1.ptr());
    register_module("bn1", m_bn1.ptr());
    register_module("conv2", m_conv2.ptr());
    register_module("bn2", m_bn2.ptr());
    register_module("conv_x", m_shortcut.ptr());
}

torch::Tensor ResidualBlockImpl::forward(const torch::Tensor &x)
{
    auto y = torch::relu(m_bn1.forward(m_conv1.forward(x)));
    return torch::relu(m_bn2.forward(m_conv2.forward(y)) + m_shortcut.forward(x));
}

torch::nn::Sequential buildTorchNetwork(const NetworkSpec &spec, KernelChoice kernels)
{
    const NetworkAnalysis analysis = analyzeNetwork(spec);
    if (!analysis.ok()) {
        std::string text = "the network cannot be built:";
        for (const auto &issue : analysis.allIssues())
            text += "\n" + issue.text();
        throw std::invalid_argument(text);
    }
    torch::nn::Sequential net;
    for (const auto &layer : analysis.layers) {
        const LayerSpec &l = layer.resolved;
        if (kernels == KernelChoice::Fast && usesStridedPoolKernel(l))
            net->push_back(StridedAvgPool1d(l.kernel[0]));
        else if (kernels == KernelChoice::Fast && usesIm2colConvKernel(l))
            net->push_back(Im2colConv1d(l));
        else
            net->push_back(layerModule(l));
    }
    return net;
}

}  // namespace convscope
