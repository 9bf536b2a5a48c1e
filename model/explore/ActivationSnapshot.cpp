#include "ActivationSnapshot.h"

#include "data/DigitFormat.h"
#include "receptive/AnalyticReceptiveField.h"

#include <algorithm>

namespace convscope {

namespace {

// python_speech_features' framing of the window: 25 ms frames (200 samples) every 10 ms (80 samples).
constexpr std::int64_t kFrameSamples = 200;
constexpr std::int64_t kFrameStep = 80;

}  // namespace

int ActivationSnapshot::predicted() const
{
    return static_cast<int>(std::max_element(probabilities.begin(), probabilities.end()) - probabilities.begin());
}

std::array<std::int64_t, 2> soundFramesOf(const std::vector<float> &window)
{
    const auto sound = [](float v) { return v != 0.0f; };
    const auto first = std::find_if(window.begin(), window.end(), sound);
    if (first == window.end())
        return {0, -1};
    const auto last = std::find_if(window.rbegin(), window.rend(), sound);
    return framesOfSamples(first - window.begin(), window.rend() - last - 1);
}

std::array<std::int64_t, 2> ActivationSnapshot::soundFrames() const { return soundFramesOf(window); }

std::array<std::int64_t, 2> framesOfSamples(std::int64_t first, std::int64_t last)
{
    // Frame f covers samples [80 f, 80 f + 199]; it overlaps [first, last] when 80 f <= last and 80 f + 199 >= first.
    const std::int64_t firstFrame = std::max<std::int64_t>(0, (first - kFrameSamples + kFrameStep) / kFrameStep);
    const std::int64_t lastFrame = std::min<std::int64_t>(digits::kMfccFrames - 1, last / kFrameStep);
    if (first > last)
        return {0, -1};
    return {firstFrame, lastFrame};
}

std::array<std::int64_t, 2> samplesOfFrames(std::int64_t first, std::int64_t last)
{
    if (first > last)
        return {0, -1};
    return {std::max<std::int64_t>(0, first * kFrameStep),
            std::min<std::int64_t>(digits::kWindowSamples - 1, last * kFrameStep + kFrameSamples - 1)};
}

InputSpan inputSpan(const ActivationSnapshot &snapshot, std::size_t layer, std::int64_t position)
{
    const std::int64_t inputLength = snapshot.activations.empty() ? 0 : snapshot.activations.front().length();
    std::array<std::int64_t, 2> range{0, inputLength - 1};
    const std::vector<AnalyticField> fields = analyticReceptiveFields(snapshot.network);
    if (layer < fields.size())
        range = fields[layer].clippedRange(0, position, inputLength);
    InputSpan span;
    const auto other = snapshot.mfccInput ? samplesOfFrames(range[0], range[1]) : framesOfSamples(range[0], range[1]);
    if (snapshot.mfccInput) {
        span.firstFrame = range[0], span.lastFrame = range[1];
        span.firstSample = other[0], span.lastSample = other[1];
    } else {
        span.firstSample = range[0], span.lastSample = range[1];
        span.firstFrame = other[0], span.lastFrame = other[1];
    }
    return span;
}

}  // namespace convscope
