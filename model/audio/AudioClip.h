#pragma once

#include <cstdint>
#include <vector>

namespace convscope {

/**
 * Mono audio in memory: float samples on libsndfile's scale (16-bit PCM value / 32768, so within [-1, 1))
 * and their sample rate. A plain value; any thread.
 */
struct AudioClip {
    std::vector<float> samples;
    int sampleRate = 0;

    std::int64_t frames() const { return static_cast<std::int64_t>(samples.size()); }
    double seconds() const { return sampleRate > 0 ? static_cast<double>(samples.size()) / sampleRate : 0.0; }
};

}  // namespace convscope
