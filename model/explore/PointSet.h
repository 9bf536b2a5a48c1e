#pragma once

#include <array>
#include <cstddef>
#include <vector>

namespace convscope {

/** Points as rows of a row-major matrix: `count` points of `dims` values each (for example one clip's MFCCs or a
 * network layer's activations, flattened). A plain value, usable from any thread. */
struct PointSet {
    std::size_t count = 0;
    std::size_t dims = 0;
    std::vector<double> values;

    const double *row(std::size_t i) const { return values.data() + i * dims; }
    double *row(std::size_t i) { return values.data() + i * dims; }
};

/// One 2-D coordinate per point, for the data map.
using Coordinates2D = std::vector<std::array<double, 2>>;

}  // namespace convscope
