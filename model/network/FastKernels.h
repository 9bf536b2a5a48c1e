#pragma once

// LibTorch header: include only from .cpp files and non-Q_OBJECT headers (docs/architecture.md, "Qt and LibTorch together").
#include "LayerSpec.h"

#include <torch/torch.h>

namespace convscope {

/**
 * AvgPool1d with stride = kernel and no padding, computed as a reshape and a mean over the window axis:
 * the same numbers as torch::nn::AvgPool1d (the sum of each window divided by the kernel), about twice as fast
 * forward and backward, because it avoids the generic 2-D pooling kernel. Used on one thread at a time.
 */
class StridedAvgPool1dImpl : public torch::nn::Module {
public:
    explicit StridedAvgPool1dImpl(std::int64_t kernel) : m_kernel(kernel) {}
    torch::Tensor forward(const torch::Tensor &x);

private:
    std::int64_t m_kernel;
};
TORCH_MODULE(StridedAvgPool1d);

/**
 * Conv1d computed by im2col + GEMM (ATen's thnn_conv2d on a height-1 image) instead of oneDNN. For convolutions
 * with few input channels on long signals (the spoken-digit nets' first layers) oneDNN's setup dominates and
 * this path is 2-3x faster forward and backward. Parameters are named and initialised exactly as
 * torch::nn::Conv1d's ("weight", "bias"), so checkpoints and seeded runs do not depend on the choice.
 * Stride and padding are supported; dilation must be 1. Used on one thread at a time.
 */
class Im2colConv1dImpl : public torch::nn::Module {
public:
    explicit Im2colConv1dImpl(const LayerSpec &layer);
    torch::Tensor forward(const torch::Tensor &x);

private:
    torch::Tensor m_weight, m_bias;
    std::int64_t m_kernel, m_stride, m_padding;
};
TORCH_MODULE(Im2colConv1d);

/// Whether the faster module above applies to a layer: which layers the training build swaps in.
bool usesStridedPoolKernel(const LayerSpec &layer);
/// Few input channels times kernel taps (≤ 20, measured on the assignment's nets), no dilation, no groups and
/// symmetric padding.
bool usesIm2colConvKernel(const LayerSpec &layer);

}  // namespace convscope
