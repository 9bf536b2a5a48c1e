#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace convscope {

/** Where a recording's sound begins and ends: [begin, end) in samples. */
struct SoundRange {
    std::size_t begin = 0;
    std::size_t end = 0;

    /// Frames `first`..`last` of `frame` samples each, widened by `margin` samples each side, within `size`.
    static SoundRange ofFrames(std::size_t first, std::size_t last, std::size_t frame, std::size_t margin,
                               std::size_t size)
    {
        SoundRange range;
        range.begin = first * frame > margin ? first * frame - margin : 0;
        range.end = std::min(size, (last + 1) * frame + margin);
        return range;
    }
};

/**
 * Cuts leading and trailing silence from a recording: short windows whose RMS stays below `threshold`
 * (on the [-1, 1) scale) at either end are dropped, keeping `marginSeconds` of context on both sides.
 * All silence gives an empty result. Pure functions; any thread.
 */
class SilenceTrimmer {
public:
    static SoundRange findSound(const std::vector<float> &samples, int sampleRate, float threshold = 0.01f,
                                double marginSeconds = 0.05);
    static std::vector<float> trim(const std::vector<float> &samples, int sampleRate, float threshold = 0.01f,
                                   double marginSeconds = 0.05);
};

}  // namespace convscope
