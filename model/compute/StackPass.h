#pragma once

#include "ConvLoops.h"

#include <cstdint>
#include <vector>

namespace convscope {

/// One layer of a StackPass, on one example's values laid out as PyTorch's [channels, length] or [features].
struct StackLayer {
    enum class Kind {
        Conv,    ///< ConvGeometry's convolution, with its ReLU and AvgPool when `conv.pool` > 0
        Relu,    ///< max(0, x) over `features` values
        Linear,  ///< x · Wᵀ + b, [inFeatures] → [outFeatures]
    };
    Kind kind = Kind::Relu;
    ConvGeometry conv;                         ///< Conv
    std::int64_t features = 0;                 ///< Relu
    std::int64_t inFeatures = 0, outFeatures = 0;  ///< Linear
    int weight = -1, bias = -1;                ///< indices into the parameter list (-1: none)

    std::int64_t inputSize() const;   ///< values per example in
    std::int64_t outputSize() const;  ///< values per example out
};

/**
 * The training step of a plain stack of layers, forward and backward, written out by hand (docs/architecture.md,
 * "Fast kernels"): convolutions (fused with ReLU and AvgPool), ReLUs and linear layers, then softmax cross-entropy
 * with label smoothing. It computes what LibTorch's autograd computes for the same torch::nn layers, up to float
 * rounding, without a graph, a dispatcher or an allocation per step: for a small network such as the MFCC one,
 * that bookkeeping cost more than the arithmetic. Each instance keeps its own buffers and is used on one thread at
 * a time (the trainer has one per batch part).
 */
class StackPass {
public:
    /// `parameterSizes[i]`: the number of values of parameter i, as laid out in the flat gradient.
    StackPass(std::vector<StackLayer> layers, const std::vector<std::int64_t> &parameterSizes);

    struct Result {
        double loss = 0.0;          ///< the examples' summed cross-entropy, times `scale`
        std::int64_t correct = 0;   ///< examples whose largest logit is their label's
    };

    /**
     * Forward and backward for `count` examples (`input`: count × layers.front().inputSize() values) with integer
     * `labels` 0 … classes − 1. `parameters[i]` points at parameter i's values. `gradients` (parameterCount() values,
     * parameter i at parameterOffset(i)) is overwritten with the gradient of scale × the summed loss: with scale
     * = 1 / batch size, the parts of a batch add up to the batch's mean loss and its gradient. Every parameter
     * belongs to a Conv or Linear layer, which writes all of its gradient.
     */
    Result run(const float *input, const std::int64_t *labels, std::int64_t count, double scale, double labelSmoothing,
               const std::vector<const float *> &parameters, float *gradients);

    std::int64_t inputSize() const { return m_layers.front().inputSize(); }  ///< values per example
    std::int64_t parameterCount() const { return m_parameterCount; }
    std::int64_t parameterOffset(int parameter) const { return m_offsets[static_cast<std::size_t>(parameter)]; }

private:
    void forwardLayer(std::size_t i, const float *in, std::int64_t count, const std::vector<const float *> &parameters);
    /// From the gradient of layer i's output (in m_outputGradient) to its input's (unless i is 0) and its parameters'.
    void backwardLayer(std::size_t i, const float *in, std::int64_t count, const std::vector<const float *> &parameters,
                       float *gradients);
    Result lossAndGradient(const float *logits, const std::int64_t *labels, std::int64_t count, double scale,
                           double labelSmoothing);

    std::vector<StackLayer> m_layers;
    std::vector<std::int64_t> m_offsets;
    std::int64_t m_parameterCount = 0;
    std::vector<std::vector<float>> m_outputs;         ///< each layer's output for the batch
    std::vector<std::vector<float>> m_preActivations;  ///< a fused convolution's values before its ReLU
    std::vector<float> m_outputGradient, m_inputGradient;
    ConvScratch m_scratch;
};

}  // namespace convscope
