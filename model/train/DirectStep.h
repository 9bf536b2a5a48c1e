#pragma once

// LibTorch header, private to model/train.
#include "compute/StackPass.h"
#include "network/NetworkSpec.h"

#include <torch/torch.h>

#include <memory>
#include <vector>

namespace convscope {

/**
 * The trainer's forward and backward pass for networks that are a plain stack of the trainer's fast convolutions
 * (with their ReLU and AvgPool), ReLUs, flattens and fast linear layers (the plain and MFCC presets): StackPass per
 * batch part instead of autograd, writing into gradients that are the network's own `.grad` tensors. Each part has
 * its own pass and gradient buffer, so each runs on its own thread; gather() adds the parts' gradients up in part
 * order. Made for one run (the network's parameters must keep their tensors); used from the trainer's threads.
 */
class DirectStep {
public:
    /// The step for `net` (built with KernelChoice::Fast) on inputs of `inputShape` split into `parts` parts, or
    /// null when the network holds a module StackPass does not compute.
    static std::unique_ptr<DirectStep> of(const torch::nn::Sequential &net, const Shape &inputShape, int parts);

    /// Forward and backward of rows [first, end) of the batch (contiguous float [batch, …], int64 labels) as part
    /// `part`, its loss and gradients scaled by 1 / batch size so that the parts add up to the batch's mean.
    StackPass::Result runPart(int part, const torch::Tensor &batch, const torch::Tensor &labels, std::int64_t first,
                              std::int64_t end, double labelSmoothing);
    /// Adds every other part's gradients into part 0's, which are the network's; the values are split into
    /// `parts` slices and this adds slice `part`, so the parts can share the work.
    void gatherPart(int part, int parts);
    /// Makes each parameter's `.grad` the summed gradient again, should something have reset or replaced it.
    void linkGradients();

private:
    DirectStep(std::vector<StackLayer> layers, std::vector<torch::Tensor> parameters, int parts);

    std::vector<torch::Tensor> m_parameters;
    std::vector<StackPass> m_passes;                 ///< one per part
    std::vector<std::vector<const float *>> m_parameterValues;  ///< per part, so a step allocates nothing
    torch::Tensor m_gradient;                        ///< part 0's gradients, flat; the parameters' .grad are views
    std::vector<torch::Tensor> m_gradientViews;
    std::vector<std::vector<float>> m_partGradients;  ///< parts 1 … parts − 1
};

}  // namespace convscope
