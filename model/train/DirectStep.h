#pragma once

// LibTorch header, private to model/train.
#include "compute/StackPass.h"
#include "network/NetworkSpec.h"

#include <torch/torch.h>

#include <functional>
#include <memory>
#include <vector>

namespace convscope {

/**
 * The trainer's forward and backward pass for networks that are a plain stack of the trainer's fast convolutions
 * (with their ReLU and AvgPool), ReLUs, flattens and fast linear layers (the plain and MFCC presets): StackPass
 * instead of autograd, writing into gradients that are the network's own `.grad` tensors. The step's stages run on
 * the caller's threads, `parts` of them (StackPass). Made for one run (the network's parameters must keep their
 * tensors); used from the trainer's threads.
 */
class DirectStep {
public:
    /// The step for `net` (built with KernelChoice::Fast) on inputs of `inputShape`, split into `parts` parts, or
    /// null when the network holds a module StackPass does not compute.
    static std::unique_ptr<DirectStep> of(const torch::nn::Sequential &net, const Shape &inputShape, int parts);

    /// Runs job(part, parts) for every part and returns when all have ended, e.g. on a team of threads.
    using PartRunner = std::function<void(const std::function<void(int part, int parts)> &job)>;

    /// Forward and backward of a batch (contiguous float [batch, …], int64 labels), each stage's parts run by
    /// `runParts`: leaves the gradient of the batch's mean loss in the parameters' `.grad` and returns that loss.
    StackPass::Result run(const torch::Tensor &batch, const torch::Tensor &labels, double labelSmoothing,
                          const PartRunner &runParts);

private:
    DirectStep(std::vector<StackLayer> layers, std::vector<torch::Tensor> parameters, int parts);
    /// Makes each parameter's `.grad` the step's gradient again, should something have reset or replaced it.
    void linkGradients();

    std::vector<torch::Tensor> m_parameters;
    std::vector<const float *> m_parameterValues;  ///< kept, so a step allocates nothing
    StackPass m_pass;
    torch::Tensor m_gradient;  ///< every parameter's gradient, flat; the parameters' .grad are views of it
    std::vector<torch::Tensor> m_gradientViews;
};

/**
 * torch::optim::SGD's step with its values split into parts that `runParts` runs (sgdUpdatePart): the plain net's
 * 1.5 M parameters took 1.2 ms on one thread, 8 % of its two-thread step. Does nothing and returns false unless
 * `optimizer` is an SGD with one parameter group whose parameters all have their gradient and, with momentum, the
 * momentum buffer that SGD::step makes on the first step; the caller then steps the optimiser itself.
 */
bool sgdStepInParts(torch::optim::Optimizer &optimizer, const DirectStep::PartRunner &runParts);

}  // namespace convscope
