#pragma once

#include "LayerSpec.h"

#include <cstdint>
#include <string>
#include <vector>

namespace convscope {

/// A tensor shape without the batch axis: [C, L] for 1-D, [C, H, W] for 2-D, [F] after Flatten.
using Shape = std::vector<std::int64_t>;

std::string shapeToString(const Shape &shape);  ///< "3×14×14"

/**
 * A layer stack: the input shape and the layers, plus a name and a description for presets.
 * A plain value, cheap to copy and compare; usable from any thread.
 */
struct NetworkSpec {
    std::string name;
    std::string description;
    Shape input{1, 15, 15};
    std::vector<LayerSpec> layers;

    /// 1 when the input is [C, L], 2 when it is [C, H, W], 0 otherwise.
    int inputDims() const;

    bool operator==(const NetworkSpec &other) const;
    bool operator!=(const NetworkSpec &other) const { return !(*this == other); }
};

}  // namespace convscope
