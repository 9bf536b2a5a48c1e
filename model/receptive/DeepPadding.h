#pragma once

#include "GradientReceptiveField.h"

#include <cstdint>
#include <vector>

namespace convscope {

/**
 * The assignment's 3.4 experiment: an all-ones size×size image passed through `depth` layers of 3×3 averaging
 * with zero padding 1 (PyTorch's avg_pool2d(3, stride 1, padding 1), padding counted in the mean).
 * Returns depth + 1 single-channel maps: [0] is the input, [k] the image after k layers.
 * A pure function; any thread.
 */
std::vector<FeatureMap> deepPaddingImages(std::int64_t size, int depth);

}  // namespace convscope
