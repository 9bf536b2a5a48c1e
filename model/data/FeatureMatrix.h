#pragma once

#include <cstdint>
#include <vector>

namespace convscope {

/** A row-major matrix of features: one row per frame (MFCC, log-mel or spectrogram). A plain value. */
struct FeatureMatrix {
    std::int64_t rows = 0;
    std::int64_t columns = 0;
    std::vector<float> values;

    float at(std::int64_t row, std::int64_t column) const
    {
        return values[static_cast<std::size_t>(row * columns + column)];
    }
};

}  // namespace convscope
