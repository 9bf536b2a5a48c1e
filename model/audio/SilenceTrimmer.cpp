#include "SilenceTrimmer.h"

#include <algorithm>
#include <cmath>

namespace convscope {

SoundRange SilenceTrimmer::findSound(const std::vector<float> &samples, int sampleRate, float threshold,
                                     double marginSeconds)
{
    const std::size_t window = static_cast<std::size_t>(std::max(1, sampleRate / 100));  // 10 ms
    const std::size_t windows = (samples.size() + window - 1) / window;
    auto loud = [&](std::size_t w) {
        const std::size_t begin = w * window, end = std::min(samples.size(), begin + window);
        double sum = 0.0;
        for (std::size_t i = begin; i < end; ++i)
            sum += static_cast<double>(samples[i]) * samples[i];
        return std::sqrt(sum / static_cast<double>(end - begin)) >= threshold;
    };
    std::size_t first = 0;
    while (first < windows && !loud(first))
        ++first;
    if (first == windows)
        return {};
    std::size_t last = windows - 1;
    while (last > first && !loud(last))
        --last;
    const std::size_t margin = static_cast<std::size_t>(marginSeconds * sampleRate);
    return SoundRange::ofFrames(first, last, window, margin, samples.size());
}

std::vector<float> SilenceTrimmer::trim(const std::vector<float> &samples, int sampleRate, float threshold,
                                        double marginSeconds)
{
    const SoundRange range = findSound(samples, sampleRate, threshold, marginSeconds);
    return std::vector<float>(samples.begin() + static_cast<std::ptrdiff_t>(range.begin),
                              samples.begin() + static_cast<std::ptrdiff_t>(range.end));
}

}  // namespace convscope
