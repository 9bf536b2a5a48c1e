#pragma once

#include "network/NetworkSpec.h"

#include <array>
#include <cstdint>
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

    float at(std::int64_t channel, std::int64_t row, std::int64_t column) const
    {
        return values[static_cast<std::size_t>((channel * height + row) * width + column)];
    }
    /// Rows of '0'/'1' for one channel, '1' where the value is above zero (the golden file's "binary").
    std::vector<std::string> binaryRows(std::int64_t channel = 0) const;
    /// How many values of one channel are non-zero.
    std::int64_t nonZeroCount(std::int64_t channel = 0) const;
};

/** Which output unit to trace: a pixel (row, column; row 0 for 1-D) of one output channel. */
struct ReceptiveFieldRequest {
    std::optional<std::array<std::int64_t, 2>> pixel;  ///< default: the centre ((H-1)/2, (W-1)/2)
    std::int64_t outputChannel = 0;
};

/** The gradient at every layer's input and the one-hot output gradient, as the assignment computes them. */
struct ReceptiveFieldMaps {
    std::vector<FeatureMap> gradients;  ///< [0] network input, [k] input of layer k+1, last: the output
    std::array<std::int64_t, 2> pixel{0, 0};
    std::int64_t outputChannel = 0;
    std::int64_t rfSize = 0;  ///< non-zero input gradients in channel 0
};

struct ReceptiveFieldResult {
    std::optional<ReceptiveFieldMaps> maps;
    std::string error;  ///< why there are no maps: invalid network, pixel outside the output...
};

/**
 * The assignment's receptive-field method: every weight 1, every bias 0, a zero input of the network's size,
 * a forward pass, and a backward pass from a one-hot gradient at one output unit. Works on the spatial part of
 * the network (up to the first Flatten or Linear). ReLU, BatchNorm and Dropout pass gradients unchanged and
 * max pooling is measured as average pooling of the same geometry: with all-one weights and a zero input,
 * ReLU'(0) = 0 would erase the field and max pooling would pick one arbitrary tie-winner.
 * Runs LibTorch on the calling thread; safe to call from any one thread at a time.
 */
ReceptiveFieldResult computeReceptiveField(const NetworkSpec &spec, const ReceptiveFieldRequest &request = {});

}  // namespace convscope
