#include "FastKernels.h"

namespace convscope {

torch::Tensor StridedAvgPool1dImpl::forward(const torch::Tensor &x)
{
    const std::int64_t windows = x.size(-1) / m_kernel;  // like AvgPool1d, a partial last window is dropped
    return x.narrow(-1, 0, windows * m_kernel).reshape({x.size(0), x.size(1), windows, m_kernel}).mean(-1);
}

Im2colConv1dImpl::Im2colConv1dImpl(const LayerSpec &layer)
    : m_kernel(layer.kernel[0]), m_stride(layer.stride[0]), m_padding(layer.padding[0])
{
    // Initialise through a real Conv1d so that the same seed gives the same weights as the standard build.
    torch::nn::Conv1d reference(torch::nn::Conv1dOptions(layer.inChannels, layer.outChannels, m_kernel)
                                    .stride(m_stride)
                                    .padding(m_padding)
                                    .bias(layer.bias));
    m_weight = register_parameter("weight", reference->weight);
    if (layer.bias)
        m_bias = register_parameter("bias", reference->bias);
}

torch::Tensor Im2colConv1dImpl::forward(const torch::Tensor &x)
{
    const auto y = at::thnn_conv2d(x.unsqueeze(2), m_weight.unsqueeze(2), {1, m_kernel},
                                   m_bias.defined() ? c10::optional<at::Tensor>(m_bias) : c10::nullopt,
                                   {1, m_stride}, {0, m_padding});
    return y.squeeze(2);
}

bool usesStridedPoolKernel(const LayerSpec &layer)
{
    return layer.kind == LayerKind::AvgPool && layer.dims == 1 && layer.stride[0] == layer.kernel[0]
           && layer.padding[0] == 0 && layer.endPadding()[0] == 0 && !layer.ceilMode;
}

bool usesIm2colConvKernel(const LayerSpec &layer)
{
    return layer.kind == LayerKind::Conv && layer.dims == 1 && layer.dilation[0] == 1 && layer.groups == 1
           && !layer.hasAsymmetricPadding() && layer.inChannels * layer.kernel[0] <= 20;
}

}  // namespace convscope
