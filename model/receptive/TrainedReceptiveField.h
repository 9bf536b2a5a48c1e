#pragma once

// LibTorch header, private to model/: include only from .cpp files (docs/architecture.md, "Qt and LibTorch together").
#include "GradientReceptiveField.h"

#include <torch/torch.h>

namespace convscope {

/**
 * The effective receptive field of a trained network over real inputs: `net` (built from `spec` by
 * buildTorchNetwork, one module per top-level layer) in eval mode, each clip of `clips` ([N, C, L] or
 * [N, C, H, W], N ≥ 1, in the network's input layout) forwarded through the first spatialLayerCount(spec) modules
 * as a batch of one, a backward pass from the one-hot seed at the request's output unit, and |gradient| averaged
 * over the clips. The maps have weights Trained and averaged = N. The request's cancel and progress work as in
 * computeReceptiveField (progress during the last clip); its weights, draws, seed and branch are ignored.
 * Defined in GradientReceptiveField.cpp, next to the other traces. Runs on the calling thread, which must own `net`.
 */
ReceptiveFieldResult traceTrainedField(const NetworkSpec &spec, torch::nn::Sequential &net, const torch::Tensor &clips,
                                       const ReceptiveFieldRequest &request);

}  // namespace convscope
