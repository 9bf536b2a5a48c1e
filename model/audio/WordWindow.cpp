#include "WordWindow.h"

#include "WordDetector.h"

#include <algorithm>
#include <cmath>

namespace convscope {

WordWindow::Ranges WordWindow::findRanges(const std::vector<float> &samples, int sampleRate)
{
    const WordDetector detector(samples, sampleRate);
    return {detector.word(kMarginSeconds), detector.core(kMarginSeconds)};
}

SoundRange WordWindow::findWord(const std::vector<float> &samples, int sampleRate, WordExtent extent)
{
    return findRanges(samples, sampleRate).of(extent);
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

std::vector<float> WordWindow::centre(const std::vector<float> &samples, int sampleRate, int length,
                                      WordExtent extent)
{
    return place(samples, findWord(samples, sampleRate, extent), length);
}

TakeCheck WordWindow::check(const std::vector<float> &samples, int sampleRate, int length, WordExtent extent)
{
    TakeCheck check;
    std::size_t atFullScale = 0;
    for (const float sample : samples) {
        check.peak = std::max(check.peak, static_cast<double>(std::abs(sample)));
        atFullScale += std::abs(sample) >= 0.999f;
    }
    const WordDetector detector(samples, sampleRate);
    const SoundRange word = extent == WordExtent::Core ? detector.core(kMarginSeconds) : detector.word(kMarginSeconds);
    check.wordSamples = word.end - word.begin;
    check.snrDecibels = detector.snrDecibels();
    check.noisy = check.wordSamples > 0 && check.snrDecibels < kNoisySnrDecibels;
    check.severalWords = detector.wordLikeSounds() > 1;
    check.tooQuiet = check.peak < kQuietPeak;
    check.clipped = atFullScale * 1000 > samples.size();
    check.longerThanWindow = check.wordSamples > static_cast<std::size_t>(length);
    return check;
}

}  // namespace convscope
