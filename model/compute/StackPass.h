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
    /// Whether a step splits this layer's work by its output and input features rather than by examples: a wide
    /// linear layer (LinearShape::wide). Split by examples, every part would read the whole matrix and write a whole
    /// gradient of it, which the parts then add up; for the plain net's 11872 → 128 layer that took as long for half
    /// a batch as for all of it.
    bool splitByFeatures() const;
};

/**
 * The training step of a plain stack of layers, forward and backward, written out by hand (docs/architecture.md,
 * "Fast kernels"): convolutions (fused with ReLU and AvgPool), ReLUs and linear layers, then softmax cross-entropy
 * with label smoothing. It computes what LibTorch's autograd computes for the same torch::nn layers, up to float
 * rounding, without a graph, a dispatcher or an allocation per step: for a small network such as the MFCC one,
 * that bookkeeping cost more than the arithmetic.
 *
 * A step runs as stages on `parts` threads: begin(), then each stage on every part (concurrently, each part on its
 * own thread), all parts of a stage ending before the next starts, then result(). Most layers are split by
 * examples: each part computes its own rows of the batch, and its own gradient of the layer's parameters, which the
 * last stage adds up in part order. A layer that splitByFeatures() is a stage of its own, in which each part
 * computes its share of the outputs (forward) or of the weight rows and input columns (backward) for the whole
 * batch.
 */
class StackPass {
public:
    /// `parameterSizes[i]`: the number of values of parameter i, as laid out in the flat gradient. Every parameter
    /// belongs to a Conv or Linear layer, which writes all of its gradient.
    StackPass(std::vector<StackLayer> layers, const std::vector<std::int64_t> &parameterSizes, int parts);

    struct Result {
        double loss = 0.0;          ///< the batch's mean cross-entropy
        std::int64_t correct = 0;   ///< examples whose largest logit is their label's
    };

    /**
     * Starts a step on `count` (at least one) examples: `input` (count × inputSize() values) with integer `labels`
     * 0 … classes − 1. `parameters[i]` points at parameter i's values. `gradients` (parameterCount() values,
     * parameter i at parameterOffset(i)) receives the gradient of the batch's mean loss. The pointers must stay
     * valid until the step's last stage has run. From one thread, before the stages.
     */
    void begin(const float *input, const std::int64_t *labels, std::int64_t count, double labelSmoothing,
               const std::vector<const float *> &parameters, float *gradients);
    std::size_t stageCount() const { return m_stages.size(); }
    /// Runs part `part` (0 … parts − 1) of stage `stage`.
    void runStage(std::size_t stage, int part);
    /// The step's loss and correct count, once every stage has run.
    Result result() const;

    int parts() const { return m_parts; }
    std::int64_t inputSize() const { return m_layers.front().inputSize(); }  ///< values per example
    std::int64_t parameterCount() const { return m_parameterCount; }
    std::int64_t parameterOffset(int parameter) const { return m_offsets[static_cast<std::size_t>(parameter)]; }

private:
    /// One piece of work of a stage: a layer's forward or backward pass, or (layer kLoss) the loss.
    struct Task {
        bool backward = false;
        int layer = 0;
    };
    static constexpr int kLoss = -1;
    struct Stage {
        enum class Split { Examples, Features, Gradients } split;
        std::vector<Task> tasks;  ///< Examples: run in order; Features: one
    };
    void planStages();
    void forwardRows(std::size_t i, std::int64_t first, std::int64_t end, int part);
    /// From the gradient of layer i's output to its input's (unless i is 0) and to its parameters' (part `part`'s).
    void backwardRows(std::size_t i, std::int64_t first, std::int64_t end, int part);
    void forwardFeatures(std::size_t i, int part);
    void backwardFeatures(std::size_t i, int part);
    void lossRows(std::int64_t first, std::int64_t end, int part);
    /// Adds parts 1 … parts − 1's gradients of the layers split by examples into `gradients`, slice `part` of them.
    void gatherGradients(int part);

    const float *inputOf(std::size_t i) const { return i == 0 ? m_input : m_outputs[i - 1].data(); }
    /// The gradient of layer i's output; layer i's input gradient is outputGradient(i − 1).
    float *outputGradient(std::size_t i) { return m_outputGradients[i].data(); }
    /// Where part `part` writes the gradient of `parameter` of a layer split by examples.
    float *partGradient(int parameter, int part);

    std::vector<StackLayer> m_layers;
    std::vector<std::int64_t> m_sizes, m_offsets;  ///< each parameter's values, and its place in the gradients
    std::int64_t m_parameterCount = 0;
    int m_parts = 1;
    std::vector<Stage> m_stages;
    std::vector<int> m_summedParameters;           ///< the parameters of the layers split by examples
    std::vector<std::int64_t> m_partOffsets;       ///< each of those parameters' place in a part's gradients
    std::vector<std::vector<float>> m_partGradients;  ///< parts 1 … parts − 1 (part 0 writes `gradients`)

    // The step's arguments (begin()) and the whole batch's values, which every part reads and writes rows of.
    const float *m_input = nullptr;
    const std::int64_t *m_labels = nullptr;
    std::int64_t m_count = 0;
    double m_labelSmoothing = 0.0;
    const std::vector<const float *> *m_parameters = nullptr;
    float *m_gradients = nullptr;
    std::vector<std::vector<float>> m_outputs;         ///< each layer's output
    std::vector<std::vector<float>> m_preActivations;  ///< a fused convolution's values before its ReLU
    std::vector<std::vector<float>> m_outputGradients;  ///< each layer's own: parts write rows of different layers
                                                         ///< at once, so two layers cannot share one buffer
    std::vector<float> m_transposed;                   ///< a layer split by features: its output, transposed
    std::vector<ConvScratch> m_scratch;                ///< one per part
    std::vector<Result> m_partResults;
};

}  // namespace convscope
