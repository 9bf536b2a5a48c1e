#include "TorchNetworkBuilder.h"

#include "FastKernels.h"
#include "NetworkAnalysis.h"

#include <limits>
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
                                const std::array<std::int64_t, 2> &dilation, bool bias, std::int64_t groups = 1)
{
    if (dims == 1)
        return torch::nn::AnyModule(torch::nn::Conv1d(torch::nn::Conv1dOptions(in, out, axes1(kernel))
                                                          .stride(axes1(stride))
                                                          .padding(axes1(padding))
                                                          .dilation(axes1(dilation))
                                                          .groups(groups)
                                                          .bias(bias)));
    return torch::nn::AnyModule(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, axes2(kernel))
                                                      .stride(axes2(stride))
                                                      .padding(axes2(padding))
                                                      .dilation(axes2(dilation))
                                                      .groups(groups)
                                                      .bias(bias)));
}

torch::nn::AnyModule batchNormModule(int dims, std::int64_t features, double eps = kBatchNormEps)
{
    const auto options = torch::nn::BatchNormOptions(features).eps(eps);
    if (dims == 1)
        return torch::nn::AnyModule(torch::nn::BatchNorm1d(options));
    return torch::nn::AnyModule(torch::nn::BatchNorm2d(options));
}

/// A pooling layer with its (symmetric) padding; asymmetric padding is applied before it by PaddedLayer.
torch::nn::AnyModule poolModule(const LayerSpec &l, const std::array<std::int64_t, 2> &padding)
{
    const bool avg = l.kind == LayerKind::AvgPool;
    if (l.dims == 1) {
        if (avg)
            return torch::nn::AnyModule(torch::nn::AvgPool1d(torch::nn::AvgPool1dOptions(axes1(l.kernel))
                                                                 .stride(axes1(l.stride))
                                                                 .padding(axes1(padding))
                                                                 .ceil_mode(l.ceilMode)));
        return torch::nn::AnyModule(torch::nn::MaxPool1d(
            torch::nn::MaxPool1dOptions(axes1(l.kernel)).stride(axes1(l.stride)).padding(axes1(padding)).ceil_mode(l.ceilMode)));
    }
    if (avg)
        return torch::nn::AnyModule(torch::nn::AvgPool2d(
            torch::nn::AvgPool2dOptions(axes2(l.kernel)).stride(axes2(l.stride)).padding(axes2(padding)).ceil_mode(l.ceilMode)));
    return torch::nn::AnyModule(torch::nn::MaxPool2d(
        torch::nn::MaxPool2dOptions(axes2(l.kernel)).stride(axes2(l.stride)).padding(axes2(padding)).ceil_mode(l.ceilMode)));
}

torch::nn::AnyModule adaptivePoolModule(const LayerSpec &l)
{
    const std::int64_t h = l.outputSize[0], w = l.outputSize[1];
    if (l.kind == LayerKind::AdaptiveAvgPool)
        return l.dims == 1 ? torch::nn::AnyModule(torch::nn::AdaptiveAvgPool1d(h))
                           : torch::nn::AnyModule(torch::nn::AdaptiveAvgPool2d(torch::nn::AdaptiveAvgPool2dOptions({h, w})));
    return l.dims == 1 ? torch::nn::AnyModule(torch::nn::AdaptiveMaxPool1d(h))
                       : torch::nn::AnyModule(torch::nn::AdaptiveMaxPool2d(torch::nn::AdaptiveMaxPool2dOptions({h, w})));
}

torch::nn::AnyModule activationModule(const LayerSpec &l)
{
    switch (l.activation) {
    case ActivationFunction::ReLU:
        return torch::nn::AnyModule(torch::nn::ReLU());
    case ActivationFunction::ReLU6:
        return torch::nn::AnyModule(torch::nn::ReLU6());
    case ActivationFunction::LeakyReLU:
        return torch::nn::AnyModule(torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(l.negativeSlope)));
    case ActivationFunction::GELU:
        return torch::nn::AnyModule(torch::nn::GELU());
    case ActivationFunction::Sigmoid:
        return torch::nn::AnyModule(torch::nn::Sigmoid());
    case ActivationFunction::Tanh:
        return torch::nn::AnyModule(torch::nn::Tanh());
    case ActivationFunction::Hardswish:  // LibTorch 1.13 has the function but no module
        return torch::nn::AnyModule(torch::nn::Functional(static_cast<torch::Tensor (*)(const torch::Tensor &)>(torch::hardswish)));
    }
    throw std::invalid_argument("unknown activation function");
}

/// The layer's own module, with asymmetric padding left to the caller.
torch::nn::AnyModule unpaddedModule(const LayerSpec &l, const std::array<std::int64_t, 2> &padding)
{
    switch (l.kind) {
    case LayerKind::Conv:
        return convModule(l.dims, l.inChannels, l.outChannels, l.kernel, l.stride, padding, l.dilation, l.bias, l.groups);
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
        return poolModule(l, padding);
    case LayerKind::AdaptiveAvgPool:
    case LayerKind::AdaptiveMaxPool:
        return adaptivePoolModule(l);
    case LayerKind::ZeroPad:  // PaddedLayer alone (see layerModule)
        break;
    case LayerKind::BatchNorm:
        return batchNormModule(l.dims, l.numFeatures, l.eps);
    case LayerKind::Activation:
        return activationModule(l);
    case LayerKind::Dropout:
        return torch::nn::AnyModule(torch::nn::Dropout(l.probability));
    case LayerKind::Flatten:
        return torch::nn::AnyModule(torch::nn::Flatten());
    case LayerKind::Linear:
        return torch::nn::AnyModule(torch::nn::Linear(torch::nn::LinearOptions(l.inFeatures, l.outFeatures).bias(l.bias)));
    case LayerKind::Block:
        if (const auto residual = AssignmentResidual::of(l))
            return torch::nn::AnyModule(ResidualBlock(*residual));
        return torch::nn::AnyModule(Block(l));
    }
    throw std::invalid_argument("unknown layer kind");
}

torch::nn::AnyModule layerModule(const LayerSpec &l)
{
    if (l.kind == LayerKind::ZeroPad)
        return torch::nn::AnyModule(PaddedLayer(l, 0.0, torch::nn::AnyModule()));
    if (!l.hasAsymmetricPadding())
        return unpaddedModule(l, l.padding);
    // -inf before max pooling, as PyTorch's own padding: a padded cell never wins.
    const double fill = l.kind == LayerKind::MaxPool ? -std::numeric_limits<double>::infinity() : 0.0;
    return torch::nn::AnyModule(PaddedLayer(l, fill, unpaddedModule(l, {0, 0})));
}

/// The trainer's module for layers[i] and how many layers it computes: with `fuse`, a Conv → ReLU → AvgPool or
/// BatchNorm → ReLU → AvgPool run, or a ReLU → AvgPool pair, is one fused module.
std::pair<torch::nn::AnyModule, std::size_t> fastModule(const std::vector<LayerAnalysis> &layers, std::size_t i,
                                                        bool fuse)
{
    const LayerSpec &l = layers[i].resolved;
    const auto followedBy = [&](std::size_t offset, bool (*test)(const LayerSpec &)) {
        return fuse && i + offset < layers.size() && test(layers[i + offset].resolved);
    };
    if (isFastConv1d(l)) {
        const bool fused = followedBy(1, isRelu) && followedBy(2, isStridedAvgPool1d);
        const std::int64_t pool = fused ? layers[i + 2].resolved.kernel[0] : 0;
        return {torch::nn::AnyModule(
                    FastConv1d(l.inChannels, l.outChannels, l.kernel[0], l.stride[0], l.padding[0], l.bias, pool)),
                fused ? 3 : 1};
    }
    if (isBatchNorm1d(l)) {
        const bool relu = followedBy(1, isRelu), pooled = relu && followedBy(2, isStridedAvgPool1d);
        const std::int64_t pool = pooled ? layers[i + 2].resolved.kernel[0] : 0;
        return {torch::nn::AnyModule(FastBatchNorm1d(l.numFeatures, relu, pool, l.eps)), pooled ? 3 : relu ? 2 : 1};
    }
    if (isRelu(l) && followedBy(1, isStridedAvgPool1d))
        return {torch::nn::AnyModule(ReluAvgPool1d(layers[i + 1].resolved.kernel[0])), 2};
    if (isStridedAvgPool1d(l))
        return {torch::nn::AnyModule(StridedAvgPool1d(l.kernel[0])), 1};
    // An adaptive average pool whose input length its output size divides is AvgPool1d(length / size): LibTorch
    // computes it through its generic 2-D adaptive kernel, 1.2 ms of the voice preset's 20 ms step (profiled).
    if (l.kind == LayerKind::AdaptiveAvgPool && l.dims == 1 && layers[i].input.size() == 2 && l.outputSize[0] > 0
        && layers[i].input[1] % l.outputSize[0] == 0)
        return {torch::nn::AnyModule(StridedAvgPool1d(layers[i].input[1] / l.outputSize[0])), 1};
    if (l.kind == LayerKind::Linear)
        return {torch::nn::AnyModule(FastLinear(l.inFeatures, l.outFeatures, l.bias)), 1};
    if (const auto residual = AssignmentResidual::of(l); residual && residual->dims == 1)
        return {torch::nn::AnyModule(ResidualBlock(*residual, true)), 1};
    return {layerModule(l), 1};
}

}  // namespace

BlockImpl::BlockImpl(const LayerSpec &block) : m_merge(block.merge)
{
    torch::nn::ModuleList branches;
    for (const auto &branch : block.branches) {
        torch::nn::Sequential stack;
        for (const auto &layer : branch)
            stack->push_back(layerModule(layer));
        branches->push_back(stack);
        m_branches.push_back(stack);
    }
    register_module("branches", branches);
    if (!block.after.empty()) {
        m_after = layerModule(block.after.front());
        register_module("after", m_after.ptr());
    }
}

torch::Tensor BlockImpl::forward(const torch::Tensor &x)
{
    std::vector<torch::Tensor> outputs;
    for (auto &branch : m_branches)
        outputs.push_back(branch->is_empty() ? x : branch->forward(x));
    const torch::Tensor merged = mergeBranchOutputs(outputs, m_merge);
    return m_after.is_empty() ? merged : m_after.forward(merged);
}

torch::Tensor mergeBranchOutputs(const std::vector<torch::Tensor> &outputs, BlockMerge merge)
{
    if (merge == BlockMerge::Concat)
        return torch::cat(outputs, 1);
    torch::Tensor sum = outputs.front();
    for (std::size_t b = 1; b < outputs.size(); ++b)
        sum = sum + outputs[b];
    return sum;
}

PaddedLayerImpl::PaddedLayerImpl(const LayerSpec &layer, double fill, torch::nn::AnyModule inner)
    : m_fill(fill), m_inner(std::move(inner))
{
    const auto end = layer.endPadding();
    // F.pad lists the last axis first: (left, right) or (left, right, top, bottom).
    m_pads = layer.dims == 1 ? std::vector<std::int64_t>{layer.padding[0], end[0]}
                             : std::vector<std::int64_t>{layer.padding[1], end[1], layer.padding[0], end[0]};
    if (!m_inner.is_empty())
        register_module("layer", m_inner.ptr());
}

torch::Tensor PaddedLayerImpl::forward(const torch::Tensor &x)
{
    const auto padded = torch::constant_pad_nd(x, m_pads, m_fill);
    return m_inner.is_empty() ? padded : m_inner.forward(padded);
}

ResidualBlockImpl::ResidualBlockImpl(const AssignmentResidual &l, bool fastKernels)
{
    const std::array<std::int64_t, 2> one{1, 1}, none{0, 0};
    const std::array<std::int64_t, 2> half{(l.kernel[0] - 1) / 2, (l.kernel[1] - 1) / 2};
    const bool fast = fastKernels && l.dims == 1;
    const auto conv = [&](std::int64_t in, const std::array<std::int64_t, 2> &padding) {
        if (fast)
            return torch::nn::AnyModule(FastConv1d(in, l.outChannels, l.kernel[0], 1, padding[0], true));
        return convModule(l.dims, in, l.outChannels, l.kernel, one, padding, one, true);
    };
    // Fast: each batch norm includes the ReLU after it (and bn2 the shortcut's sum before that ReLU).
    const auto batchNorm = [&] {
        return fast ? torch::nn::AnyModule(FastBatchNorm1d(l.outChannels, true)) : batchNormModule(l.dims, l.outChannels);
    };
    m_conv1 = conv(l.inChannels, half);
    m_bn1 = batchNorm();
    m_conv2 = conv(l.outChannels, none);
    m_bn2 = batchNorm();
    m_shortcut = conv(l.inChannels, none);
    register_module("conv1", m_conv1.ptr());
    register_module("bn1", m_bn1.ptr());
    register_module("conv2", m_conv2.ptr());
    register_module("bn2", m_bn2.ptr());
    register_module("conv_x", m_shortcut.ptr());
    if (fast)
        m_fastBn2 = m_bn2.get<FastBatchNorm1d>();
}

torch::Tensor ResidualBlockImpl::forward(const torch::Tensor &x)
{
    if (m_fastBn2)
        return m_fastBn2->forward(m_conv2.forward(m_bn1.forward(m_conv1.forward(x))), m_shortcut.forward(x));
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
    for (std::size_t i = 0; i < analysis.layers.size();) {
        const auto [module, layers] = kernels != KernelChoice::Standard
                                          ? fastModule(analysis.layers, i, kernels == KernelChoice::Fast)
                                          : std::make_pair(layerModule(analysis.layers[i].resolved), std::size_t{1});
        net->push_back(module);
        for (std::size_t placeholder = 1; placeholder < layers; ++placeholder)
            net->push_back(torch::nn::Identity());
        i += layers;
    }
    return net;
}

}  // namespace convscope
