#pragma once

#include <cstdint>
#include <utility>

namespace convscope {

/// A linear layer y = x · Wᵀ + b on row-major [batch, inFeatures] inputs, W [outFeatures, inFeatures], b
/// [outFeatures] (null for none): StackPass's kernels, for a range of examples or a range of features.
struct LinearShape {
    std::int64_t inFeatures = 0, outFeatures = 0;

    /// Whether the weight matrix is large (at least kWideWeights values, 1 MiB of floats, as the plain net's
    /// 11872 → 128): then the forward pass is best computed as yᵀ = W · xᵀ (linearForwardFeatures), and a step on
    /// several threads splits the layer by features rather than by examples (StackLayer::splitByFeatures).
    bool wide() const { return inFeatures * outFeatures >= kWideWeights; }
    static constexpr std::int64_t kWideWeights = std::int64_t{1} << 18;
};

/// [first, end): a range of examples, outputs or inputs.
using Range = std::pair<std::int64_t, std::int64_t>;

/// Forward for the examples in `rows`: their rows of y.
void linearForwardRows(LinearShape s, const float *x, const float *weight, const float *bias, Range rows, float *y);

/// Backward for the examples in `rows`: writes the weight and bias gradients of those examples alone and, unless
/// xGradient is null, their rows of the input gradient.
void linearBackwardRows(LinearShape s, const float *x, const float *weight, const float *yGradient, Range rows,
                        float *xGradient, float *weightGradient, float *biasGradient);

/**
 * Forward of the outputs in `outputs` for all `count` (at least one) examples: their columns of y. Computed as those rows of
 * yᵀ = W · xᵀ (in `transposed`, [outFeatures, count]), which oneDNN runs about twice as fast as x · Wᵀ when the
 * weight matrix is large and the batch small (measured on the plain net's 11872 → 128 at batch 32: 1.4 ms against
 * 3.0 ms on one core).
 */
void linearForwardFeatures(LinearShape s, const float *x, const float *weight, const float *bias, std::int64_t count,
                           Range outputs, float *transposed, float *y);

/// Backward over all `count` (at least one) examples: writes the rows `outputs` of the weight gradient, those entries of the bias
/// gradient, and, unless xGradient is null, the columns `inputs` of the input gradient.
void linearBackwardFeatures(LinearShape s, const float *x, const float *weight, const float *yGradient,
                            std::int64_t count, Range outputs, Range inputs, float *xGradient, float *weightGradient,
                            float *biasGradient);

}  // namespace convscope
