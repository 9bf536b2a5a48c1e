#pragma once

// LibTorch header: include only from .cpp files and non-Q_OBJECT headers (docs/architecture.md, "Qt and LibTorch together").
#include "AssignmentResidual.h"
#include "FastKernels.h"
#include "NetworkSpec.h"

#include <torch/torch.h>

namespace convscope {

/**
 * The assignment's residual block: relu(bn2(conv2(relu(bn1(conv1(x))))) + conv_x(x)), with conv1 padded by
 * (k-1)/2 so that the main path and the unpadded k-wide shortcut have the same length. 1-D or 2-D. It computes
 * what Block computes for AssignmentResidual::block(), initialised in the same order, but its child names match
 * the Python reference and ConvScope 0.1's checkpoints (conv1, bn1, conv2, bn2, conv_x). Used on one thread at a time.
 */
class ResidualBlockImpl : public torch::nn::Module {
public:
    /// `fastKernels`: a 1-D block is built of FastConv1d and FastBatchNorm1d (the trainer's build).
    explicit ResidualBlockImpl(const AssignmentResidual &residual, bool fastKernels = false);
    torch::Tensor forward(const torch::Tensor &x);

private:
    torch::nn::AnyModule m_conv1, m_bn1, m_conv2, m_bn2, m_shortcut;
    FastBatchNorm1d m_fastBn2{nullptr};  ///< bn2 when fast, which adds the shortcut itself
};
TORCH_MODULE(ResidualBlock);

/**
 * A layer with asymmetric padding (or a ZeroPad layer, when `inner` is empty): pads the input explicitly with `fill`
 * (0, or -inf before max pooling, as PyTorch pads), then runs `inner` unpadded. The inner module is the child
 * "layer". Used on one thread at a time.
 */
class PaddedLayerImpl : public torch::nn::Module {
public:
    PaddedLayerImpl(const LayerSpec &layer, double fill, torch::nn::AnyModule inner);
    torch::Tensor forward(const torch::Tensor &x);

private:
    std::vector<std::int64_t> m_pads;
    double m_fill;
    torch::nn::AnyModule m_inner;
};
TORCH_MODULE(PaddedLayer);

/**
 * A Block: every branch (a Sequential; an empty one is the identity) on the same input, summed or concatenated
 * along channels, then the optional layer after the merge. Children: "branches" (a ModuleList) and "after", as in
 * the generated PyTorch code. Built from a resolved spec. Used on one thread at a time.
 */
class BlockImpl : public torch::nn::Module {
public:
    explicit BlockImpl(const LayerSpec &block);
    torch::Tensor forward(const torch::Tensor &x);

private:
    std::vector<torch::nn::Sequential> m_branches;
    torch::nn::AnyModule m_after;
    BlockMerge m_merge;
};
TORCH_MODULE(Block);

/// A block's merge of its branches' outputs: their sum, or their concatenation along channels.
torch::Tensor mergeBranchOutputs(const std::vector<torch::Tensor> &outputs, BlockMerge merge);

/// Which implementation of the layers to build.
enum class KernelChoice {
    Standard,  ///< torch::nn modules only, exactly as PyTorch code would build them: one module per layer
    /// The equivalent faster modules of FastKernels.h where they apply (the trainer's choice). A Conv → ReLU →
    /// AvgPool run is one module, followed by torch::nn::Identity for the layers it includes, so every parameter
    /// keeps its standard name; so the layers' own outputs are only in the Standard and FastLayerwise builds.
    Fast,
    /// The same faster modules, one per layer, nothing fused: every layer's own output, at the fast kernels' speed
    /// (the trainer's layer statistics, train/LayerProbe).
    FastLayerwise,
};

/// Builds the torch module for a valid spec; throws std::invalid_argument listing every issue otherwise.
torch::nn::Sequential buildTorchNetwork(const NetworkSpec &spec, KernelChoice kernels = KernelChoice::Standard);

}  // namespace convscope
