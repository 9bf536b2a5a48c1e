#pragma once

#include <cstddef>
#include <vector>

namespace convscope {

/** Where a recording's sound begins and ends: [begin, end) in samples. */
struct SoundRange {
    std::size_t begin = 0;
    std::size_t end = 0;
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
