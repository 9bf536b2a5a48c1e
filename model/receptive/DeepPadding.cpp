#include "DeepPadding.h"

namespace convscope {

namespace {

/// One 3×3 mean with zero padding 1: every output is the sum of its in-range neighbours divided by 9.
FeatureMap averageOnce(const FeatureMap &in)
{
    FeatureMap out = in;
    for (std::int64_t r = 0; r < in.height; ++r)
        for (std::int64_t c = 0; c < in.width; ++c) {
            float sum = 0.0f;
            for (std::int64_t dr = -1; dr <= 1; ++dr)
                for (std::int64_t dc = -1; dc <= 1; ++dc) {
                    const std::int64_t rr = r + dr, cc = c + dc;
                    if (rr >= 0 && rr < in.height && cc >= 0 && cc < in.width)
                        sum += in.at(0, rr, cc);
                }
            out.values[static_cast<std::size_t>(r * in.width + c)] = sum / 9.0f;
        }
    return out;
}

}  // namespace

std::vector<FeatureMap> deepPaddingImages(std::int64_t size, int depth)
{
    FeatureMap ones;
    ones.channels = 1;
    ones.height = size;
    ones.width = size;
    ones.values.assign(static_cast<std::size_t>(size * size), 1.0f);
    std::vector<FeatureMap> images{ones};
    for (int k = 0; k < depth; ++k)
        images.push_back(averageOnce(images.back()));
    return images;
}

}  // namespace convscope
