#pragma once

#include "LayerSpec.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace convscope {

/**
 * The assignment's residual block, which ConvScope expresses as a Block: a main branch Conv(k, padding (k-1)/2) →
 * BatchNorm → ReLU → Conv(k) → BatchNorm and a shortcut branch Conv(k), added, then ReLU. With an odd kernel both
 * branches are k-1 shorter than the input. A block that is exactly this keeps the assignment's name
 * ("Residual1d 5, 1→4"), its JSON shorthand ("residual1d"), its PyTorch class (`Residual`) and its module names
 * (conv1, bn1, conv2, bn2, conv_x), so files and checkpoints of ConvScope 0.1 and the Python reference still fit.
 * Usable from any thread.
 */
struct AssignmentResidual {
    int dims = 1;
    std::int64_t inChannels = 1;
    std::int64_t outChannels = 1;
    std::array<std::int64_t, 2> kernel{3, 3};

    /// The block. BatchNorm's features are "auto", so that editing a convolution's channels keeps it valid.
    LayerSpec block() const;
    /// "Residual1d 5, 1→4".
    std::string label() const;
    /// The residual that `layer` is, when it is exactly such a block (BatchNorm's features "auto" or resolved, as
    /// in an analysed copy); nullopt for any other layer or block.
    static std::optional<AssignmentResidual> of(const LayerSpec &layer);
};

}  // namespace convscope
