#pragma once

#include <cstdint>
#include <vector>

namespace convscope {

/// torch::optim::SGDOptions, as the floats its tensor arithmetic uses.
struct SgdSettings {
    float learningRate = 0.0f, momentum = 0.0f, dampening = 0.0f, weightDecay = 0.0f;
    bool nesterov = false;
};

/// One parameter's values, its gradient and its momentum buffer (null without momentum), `count` floats each.
struct SgdValues {
    float *parameter = nullptr;
    const float *gradient = nullptr;
    float *momentumBuffer = nullptr;
    std::int64_t count = 0;
};

/**
 * The update of torch::optim::SGD::step (LibTorch 1.13) after its first step, for part `part` of `parts` of all the
 * values (the parameters' values in order, split into nearly equal slices), so that a team of threads can update
 * a large network at once. For each value: d = g + weightDecay · p; with momentum, b = momentum · b + (1 −
 * dampening) · d and d = nesterov ? d + momentum · b : b; then p = p − learningRate · d. The first step, which makes
 * the momentum buffers, is SGD::step's own.
 */
void sgdUpdatePart(const SgdSettings &settings, const std::vector<SgdValues> &values, int part, int parts);

}  // namespace convscope
