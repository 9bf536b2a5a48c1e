#pragma once

// LibTorch header: include only from .cpp files and non-Q_OBJECT headers (docs/architecture.md, "Qt and LibTorch together").
#include "LayerSpec.h"
#include "compute/ConvLoops.h"

#include <torch/torch.h>

namespace convscope {

/**
 * The trainer's faster modules (docs/performance.md, "Fast kernels"). Each computes what the standard torch::nn
 * modules compute, up to float rounding, forward and backward, and names and initialises its parameters exactly as
 * they do, so checkpoints and seeded runs do not depend on the choice. Each is used on one thread at a time; inside,
 * the work is split over LibTorch's threads (at::get_num_threads).
 */

/**
 * AvgPool1d with stride = kernel and no padding, computed as a reshape and a mean over the window axis: the same
 * numbers as torch::nn::AvgPool1d, without the generic 2-D pooling kernel.
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
 * Conv1d by im2col and one oneDNN GEMM per chunk of examples, the chunks split over the threads and the weight
 * gradients summed. With `pool` > 0 it is the convolution, the ReLU after it and the AvgPool1d(pool) after that
 * in one pass, which never writes the activations between them (the assignment's Conv → ReLU → AvgPool stages).
 * Parameters "weight" [out, in, kernel] and "bias" as torch::nn::Conv1d's.
 */
class FastConv1dImpl : public torch::nn::Module {
public:
    FastConv1dImpl(std::int64_t inChannels, std::int64_t outChannels, std::int64_t kernel, std::int64_t stride,
                   std::int64_t padding, bool bias, std::int64_t pool = 0);
    torch::Tensor forward(const torch::Tensor &x);
    /// What the module computes; `length` is 0, as each call supplies its own.
    const ConvGeometry &geometry() const { return m_geometry; }

private:
    torch::Tensor m_weight, m_bias;
    ConvGeometry m_geometry;  ///< all but the input length, which each call supplies
};
TORCH_MODULE(FastConv1d);

/// ReLU then AvgPool1d(pool, stride pool) in one pass, forward and backward (after a batch norm, or a block).
class ReluAvgPool1dImpl : public torch::nn::Module {
public:
    explicit ReluAvgPool1dImpl(std::int64_t pool) : m_pool(pool) {}
    torch::Tensor forward(const torch::Tensor &x);

private:
    std::int64_t m_pool;
};
TORCH_MODULE(ReluAvgPool1d);

/// Linear on [batch, features] by oneDNN GEMMs (other ranks go to torch::linear). Parameters as torch::nn::Linear's.
class FastLinearImpl : public torch::nn::Module {
public:
    FastLinearImpl(std::int64_t inFeatures, std::int64_t outFeatures, bool bias);
    torch::Tensor forward(const torch::Tensor &x);

private:
    torch::Tensor m_weight, m_bias;
};
TORCH_MODULE(FastLinear);

/**
 * BatchNorm1d with an optional residual added and an optional ReLU after it, or ReLU then AvgPool1d(pool, stride
 * pool), in one pass forward and one backward (the batch-norm presets' BatchNorm → ReLU → AvgPool, and the residual
 * block's two). Parameters and buffers as torch::nn::BatchNorm1d's (weight, bias, running_mean, running_var,
 * num_batches_tracked), updated the same way.
 */
class FastBatchNorm1dImpl : public torch::nn::Module {
public:
    /// pool 0: no pool; P > 0: ReLU then AvgPool1d(P) after the batch norm (whatever `relu` says).
    FastBatchNorm1dImpl(std::int64_t features, bool relu, std::int64_t pool = 0, double eps = kBatchNormEps);
    /// relu?(batchnorm(x) + residual) or pool(relu(batchnorm(x))), for [batch, features] or [batch, features,
    /// length] (a pool needs the length, and takes no residual); `residual` may be undefined.
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &residual = {});

protected:
    FORWARD_HAS_DEFAULT_ARGS({1, torch::nn::AnyValue(torch::Tensor())})

private:
    /// The same through torch::nn::functional, for inputs the fused kernels do not take.
    torch::Tensor standardForward(const torch::Tensor &x, const torch::Tensor &residual);

    torch::Tensor m_weight, m_bias, m_runningMean, m_runningVar, m_batchesTracked;
    double m_momentum = 0.1, m_eps = 1e-5;
    bool m_relu;
    std::int64_t m_pool;
};
TORCH_MODULE(FastBatchNorm1d);

/// A strided, unpadded 1-D average pool (what StridedAvgPool1d and the fused pools compute).
bool isStridedAvgPool1d(const LayerSpec &layer);
/// A 1-D convolution FastConv1d computes: no dilation, no groups, symmetric padding.
bool isFastConv1d(const LayerSpec &layer);
/// A 1-D batch norm over channels (FastBatchNorm1d's).
bool isBatchNorm1d(const LayerSpec &layer);
/// A ReLU activation layer.
bool isRelu(const LayerSpec &layer);

}  // namespace convscope
