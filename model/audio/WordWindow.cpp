#include "WordWindow.h"

#include <algorithm>
#include <cmath>

namespace convscope {

SoundRange WordWindow::findWord(const std::vector<float> &samples, int sampleRate)
{
    const std::size_t frame = static_cast<std::size_t>(std::max(1, sampleRate / 100));  // 10 ms
    const std::size_t frames = (samples.size() + frame - 1) / frame;
    std::vector<double> energy(frames, 0.0);
    for (std::size_t f = 0; f < frames; ++f)  // frame by frame: no division per sample
        for (std::size_t i = f * frame; i < std::min(samples.size(), (f + 1) * frame); ++i)
            energy[f] += static_cast<double>(samples[i]) * samples[i];
    const double loudest = frames ? *std::max_element(energy.begin(), energy.end()) : 0.0;
    if (!(loudest > 0.0))
        return {};
    const double floor = loudest * std::pow(10.0, -kRangeDecibels / 10.0);
    std::size_t first = 0, last = frames - 1;
    while (energy[first] < floor)
        ++first;
    while (energy[last] < floor)
        --last;
    const std::size_t margin = static_cast<std::size_t>(kMarginSeconds * sampleRate);
    return SoundRange::ofFrames(first, last, frame, margin, samples.size());
}

SoundRange WordWindow::kept(SoundRange range, int length)
{
    const std::size_t size = static_cast<std::size_t>(std::max(0, length));
    if (range.begin >= range.end)
        return {};
    const std::size_t word = range.end - range.begin;
    if (word > size) {
        range.begin += (word - size) / 2;
        range.end = range.begin + size;
    }
    return range;
}

std::vector<float> WordWindow::place(const std::vector<float> &samples, SoundRange range, int length)
{
    std::vector<float> window(static_cast<std::size_t>(std::max(0, length)), 0.0f);
    range.end = std::min(range.end, samples.size());
    range = kept(range, length);
    const std::size_t word = range.end - range.begin;
    std::copy(samples.begin() + static_cast<std::ptrdiff_t>(range.begin),
              samples.begin() + static_cast<std::ptrdiff_t>(range.end),
              window.begin() + static_cast<std::ptrdiff_t>((window.size() - word) / 2));
    return window;
}

ResampleResult WordWindow::placeAtSpeed(const std::vector<float> &word, double speed, int length)
{
    ResampleResult changed = Resampler::changeSpeed(word, speed);
    if (changed.error.isEmpty())
        changed.samples = place(changed.samples, {0, changed.samples.size()}, length);
    return changed;
}

std::vector<float> WordWindow::centre(const std::vector<float> &samples, int sampleRate, int length)
{
    return place(samples, findWord(samples, sampleRate), length);
}

TakeCheck WordWindow::check(const std::vector<float> &samples, int sampleRate, int length)
{
    TakeCheck check;
    std::size_t atFullScale = 0;
    for (const float sample : samples) {
        check.peak = std::max(check.peak, static_cast<double>(std::abs(sample)));
        atFullScale += std::abs(sample) >= 0.999f;
    }
    const SoundRange word = findWord(samples, sampleRate);
    check.wordSamples = word.end - word.begin;
    check.tooQuiet = check.peak < kQuietPeak;
    check.clipped = atFullScale * 1000 > samples.size();
    check.longerThanWindow = check.wordSamples > static_cast<std::size_t>(length);
    return check;
}

}  // namespace convscope
