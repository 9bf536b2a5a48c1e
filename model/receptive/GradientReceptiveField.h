#pragma once

#include "network/NetworkSpec.h"
#include "network/StackPath.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace convscope {

/** One tensor without its batch axis, as channels × height × width (a 1-D signal has height 1). */
struct FeatureMap {
    std::int64_t channels = 0;
    std::int64_t height = 0;
    std::int64_t width = 0;
    std::vector<float> values;  ///< row-major, channel first
    /// The map's true values are `values` × 10^log10Scale. 0 unless they exceed float's range: all-one weights in
    /// a deep network (ResNet-50's input gradient reaches 1e130).
    double log10Scale = 0.0;

    float at(std::int64_t channel, std::int64_t row, std::int64_t column) const
    {
        return values[static_cast<std::size_t>((channel * height + row) * width + column)];
    }
    /// Rows of '0'/'1' for one channel, '1' where the value is above zero (the golden file's "binary").
    std::vector<std::string> binaryRows(std::int64_t channel = 0) const;
    /// How many values of one channel are non-zero.
    std::int64_t nonZeroCount(std::int64_t channel = 0) const;
};

/// The weights a trace uses: all ones (the assignment's theoretical field), PyTorch's random initialisation with
/// random inputs, averaged over draws (the effective field of Luo et al., NeurIPS 2016), or a trained model's
/// weights on its test clips, averaged over the clips (traceTrainedField, model/receptive/TrainedReceptiveField.h).
enum class ProbeWeights { Ones, Random, Trained };

/** Which output unit to trace: a pixel (row, column; row 0 for 1-D) of one output channel. */
struct ReceptiveFieldRequest {
    std::optional<std::array<std::int64_t, 2>> pixel;  ///< default: the centre ((H-1)/2, (W-1)/2)
    std::int64_t outputChannel = 0;
    /// Polled after every layer of the forward pass; when set, the result is an error "cancelled".
    const std::atomic<bool> *cancel = nullptr;
    /// Called on the computing thread after each layer's forward pass (done of total); the backward pass follows
    /// the last one.
    std::function<void(std::size_t done, std::size_t total)> progress;
    ProbeWeights weights = ProbeWeights::Ones;
    int draws = 8;           ///< Random: networks and inputs averaged; Trained: test clips averaged
    std::uint64_t seed = 1;  ///< Random: the first draw's seed (draw d uses seed + d)
    /// A block's branch (as NetworkDocument::scope) whose own maps to keep, with all-one weights; empty: none.
    StackPath branch;
};

/** The gradient at every layer's input and the one-hot output gradient, as the assignment computes them. */
struct ReceptiveFieldMaps {
    std::vector<FeatureMap> gradients;  ///< [0] network input, [k] input of layer k+1, last: the output
    std::array<std::int64_t, 2> pixel{0, 0};
    std::int64_t outputChannel = 0;
    std::int64_t rfSize = 0;  ///< non-zero input gradients in channel 0
    /// The side of the smallest square (an interval in 1-D) around the gradient's centre of mass that holds 95 %
    /// of the input gradient's magnitude: the effective field's size (0 when unknown, see effectiveFieldSize).
    std::int64_t effectiveSize = 0;
    ProbeWeights weights = ProbeWeights::Ones;
    int averaged = 1;  ///< the draws (Random) or clips (Trained) whose |gradient| the maps average; 1 for all ones
    /// For the request's branch: the gradient at its input, at the input of each of its layers and at its output
    /// (this branch's share of the block's gradient). Empty without a branch or with random or trained weights.
    std::vector<FeatureMap> branchGradients;
};

struct ReceptiveFieldResult {
    std::optional<ReceptiveFieldMaps> maps;
    std::string error;  ///< why there are no maps: invalid network, pixel outside the output...
};

/**
 * The assignment's receptive-field method: every weight 1, every bias 0, a zero input of the network's size,
 * a forward pass, and a backward pass from a one-hot gradient at one output unit. Works on the spatial part of
 * the network (up to the first Flatten, Linear or global pooling). Every activation (ReLU, ReLU6, LeakyReLU, GELU, Sigmoid,
 * Tanh, Hardswish), BatchNorm and Dropout pass gradients unchanged, and max pooling (adaptive too) is measured as
 * average pooling of the same geometry: with all-one weights and a zero input, ReLU'(0) = 0 would erase the field
 * and max pooling would pick one arbitrary tie-winner. The map therefore shows which pixels can reach a unit,
 * not how strongly a network uses them. The backward pass runs one layer at a time and divides a gradient by a power
 * of ten whenever it grows past 1e20, so that no map overflows (FeatureMap::log10Scale keeps the power); a non-zero
 * value too faint to survive that division is kept at float's smallest normal value, so the field's extent stays
 * exact. With ProbeWeights::Random the real layers run instead (PyTorch's default initialisation, BatchNorm in eval
 * mode, random inputs) and the maps are |gradient| averaged over draws.
 * ProbeWeights::Trained needs a trained module: this function answers it with an error (see traceTrainedField).
 * Runs LibTorch on the calling thread; safe to call from any one thread at a time.
 */
ReceptiveFieldResult computeReceptiveField(const NetworkSpec &spec, const ReceptiveFieldRequest &request = {});

/// The side of the smallest square (1-D: interval) around the centre of mass of |map| (summed over channels) that
/// holds `massFraction` of it; 0 for an all-zero map.
std::int64_t effectiveFieldSize(const FeatureMap &map, double massFraction = 0.95);

}  // namespace convscope
