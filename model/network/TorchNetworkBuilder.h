#pragma once

// LibTorch header: include only from .cpp files and non-Q_OBJECT headers (docs/architecture.md, "Qt and LibTorch together").
#include "NetworkSpec.h"

#include <torch/torch.h>

namespace convscope {

/**
 * The assignment's residual block: relu(bn2(conv2(relu(bn1(conv1(x))))) + conv_x(x)), with conv1 padded by
 * (k-1)/2 so that the main path and the unpadded k-wide shortcut have the same length. 1-D or 2-D.
 * Child names match the Python reference (conv1, bn1, conv2, bn2, conv_x). Used on one thread at a time.
 */
class ResidualBlockImpl : public torch::nn::Module {
public:
    explicit ResidualBlockImpl(const LayerSpec &layer);
    torch::Tensor forward(const torch::Tensor &x);

private:
    torch::nn::AnyModule m_conv1, m_bn1, m_conv2, m_bn2, m_shortcut;
};
TORCH_MODULE(ResidualBlock);

/// Which implementation of the layers to build.
enum class KernelChoice {
    Standard,  ///< torch::nn modules only, exactly as PyTorch code would build them
    Fast,      ///< the equivalent faster modules of FastKernels.h where they apply (the trainer's choice)
};

/// Builds the torch module for a valid spec; throws std::invalid_argument listing every issue otherwise.
torch::nn::Sequential buildTorchNetwork(const NetworkSpec &spec, KernelChoice kernels = KernelChoice::Standard);

}  // namespace convscope
