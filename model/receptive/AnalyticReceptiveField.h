#pragma once

#include "network/NetworkSpec.h"

#include <array>
#include <cstdint>
#include <vector>

namespace convscope {

/**
 * The receptive field of the units after one layer, by the recurrences of Araujo et al. (Distill 2019):
 * unit i covers input positions [start + i·jump, start + i·jump + size - 1] on each axis (before clipping).
 * For 1-D networks only the first axis is used.
 */
struct AnalyticField {
    std::array<std::int64_t, 2> size{1, 1};   ///< extent in input pixels
    std::array<std::int64_t, 2> jump{1, 1};   ///< effective stride: input pixels between neighbouring units
    std::array<std::int64_t, 2> start{0, 0};  ///< first input position seen by unit 0 (negative: inside padding)
    /// False after a block whose branches' fields are not centred on the same pixel or step by different jumps
    /// (Araujo et al.'s "not aligned"): the size is then the union's, and the centre differs per branch.
    bool aligned = true;

    /// The input range [first, last] that unit `index` covers on `axis`, clipped to [0, inputSize - 1].
    /// first > last when the field lies entirely in the padding.
    std::array<std::int64_t, 2> clippedRange(int axis, std::int64_t index, std::int64_t inputSize) const;
};

/// One field per layer of the traced part (see spatialLayerCount), in order. Any thread.
/// Element-wise layers keep the field. A block's field is the union of its branches' (each from the block's input field). Only start padding (left, top)
/// moves the field. Adaptive pooling counts its widest window with the rounded-down
/// stride, exact when the output size divides the input size and an upper bound otherwise.
std::vector<AnalyticField> analyticReceptiveFields(const NetworkSpec &spec);

/// The number of layers whose fields are traced: those before the first Flatten, Linear or global pooling (adaptive
/// pooling to 1, whose field is always the whole input: ResNet's last stage is what a class wants to see).
std::size_t spatialLayerCount(const NetworkSpec &spec);

}  // namespace convscope
