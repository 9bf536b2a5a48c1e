#include "audio/Resampler.h"
#include "audio/WordWindow.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace convscope;

namespace {

constexpr int kRate = 8000;

/// `before` zeros, `tone` samples of a 440 Hz sine at `amplitude`, `after` zeros.
std::vector<float> toneInSilence(std::size_t before, std::size_t tone, std::size_t after, float amplitude = 0.5f)
{
    std::vector<float> samples(before + tone + after, 0.0f);
    for (std::size_t i = 0; i < tone; ++i)
        samples[before + i] = amplitude * static_cast<float>(std::sin(2.0 * M_PI * 440.0 * i / kRate));
    return samples;
}

/// The zero crossings upward of a signal: twice the frequency's periods, a speed-independent pitch measure.
int risingCrossings(const std::vector<float> &samples)
{
    int crossings = 0;
    for (std::size_t i = 1; i < samples.size(); ++i)
        crossings += samples[i - 1] < 0.0f && samples[i] >= 0.0f;
    return crossings;
}

}  // namespace

TEST(WordWindow, FindsAToneInSilenceWithTheMarginsAroundIt)
{
    // 2000 zeros, 1600 samples of tone, 2400 zeros: the word is the tone plus 400 samples (50 ms) each side.
    const SoundRange word = WordWindow::findWord(toneInSilence(2000, 1600, 2400), kRate);
    EXPECT_EQ(word.begin, 1600u);
    EXPECT_EQ(word.end, 4000u);
}

TEST(WordWindow, IgnoresNoiseMoreThan35DecibelsBelowTheWord)
{
    std::vector<float> samples = toneInSilence(2000, 1600, 2400, 0.5f);
    for (std::size_t i = 0; i < samples.size(); ++i)  // hum at 1/200 of the tone: 46 dB below it
        samples[i] += 0.0025f * static_cast<float>(std::sin(2.0 * M_PI * 50.0 * i / kRate));
    const SoundRange word = WordWindow::findWord(samples, kRate);
    EXPECT_EQ(word.begin, 1600u);
    EXPECT_EQ(word.end, 4000u);
}

TEST(WordWindow, CentresTheWordWithZerosAroundIt)
{
    // The tone fills 10 ms frames 10-22: the word is samples [400, 2240), 1840 samples, placed at 2080.
    const std::vector<float> recording = toneInSilence(800, 1040, 3000);
    const std::vector<float> window = WordWindow::centre(recording, kRate, 6000);
    ASSERT_EQ(window.size(), 6000u);
    for (std::size_t i = 0; i < 1840; ++i)
        ASSERT_EQ(window[2080 + i], recording[400 + i]) << i;
    EXPECT_EQ(std::count(window.begin(), window.begin() + 2080, 0.0f), 2080);
    EXPECT_EQ(std::count(window.begin() + 3920, window.end(), 0.0f), 2080);
    // Centring is idempotent: the centred window's word is where it was put.
    EXPECT_EQ(WordWindow::findWord(window, kRate).begin, 2080u);
    EXPECT_EQ(WordWindow::centre(window, kRate, 6000), window);
}

TEST(WordWindow, CutsAWordLongerThanTheWindowAroundItsMiddle)
{
    const std::vector<float> recording = toneInSilence(0, 8000, 0);
    const std::vector<float> window = WordWindow::centre(recording, kRate, 6000);
    ASSERT_EQ(window.size(), 6000u);
    EXPECT_EQ(window.front(), recording[1000]);
    EXPECT_EQ(window.back(), recording[6999]);
}

TEST(WordWindow, SilenceGivesAnEmptyWordAndAZeroWindow)
{
    const std::vector<float> silence(4000, 0.0f);
    const SoundRange word = WordWindow::findWord(silence, kRate);
    EXPECT_EQ(word.end - word.begin, 0u);
    const std::vector<float> window = WordWindow::centre(silence, kRate, 6000);
    EXPECT_EQ(std::count(window.begin(), window.end(), 0.0f), 6000);
    EXPECT_EQ(WordWindow::centre({}, kRate, 100).size(), 100u);
}

TEST(WordWindow, ChecksSayWhenATakeIsQuietClippedOrTooLong)
{
    const TakeCheck good = WordWindow::check(toneInSilence(2000, 1600, 2400, 0.5f), kRate, 6000);
    EXPECT_FALSE(good.tooQuiet);
    EXPECT_FALSE(good.clipped);
    EXPECT_FALSE(good.longerThanWindow);
    EXPECT_NEAR(good.peak, 0.5, 1e-3);
    EXPECT_EQ(good.wordSamples, 2400u);
    EXPECT_GE(good.snrDecibels, 60.0);  // digital silence around the tone
    EXPECT_FALSE(good.noisy);
    EXPECT_FALSE(good.severalWords);

    EXPECT_TRUE(WordWindow::check(toneInSilence(2000, 1600, 2400, 0.01f), kRate, 6000).tooQuiet);
    std::vector<float> clipped = toneInSilence(2000, 1600, 2400, 3.0f);
    for (float &sample : clipped)
        sample = std::clamp(sample, -1.0f, 1.0f);
    EXPECT_TRUE(WordWindow::check(clipped, kRate, 6000).clipped);
    EXPECT_TRUE(WordWindow::check(toneInSilence(1000, 7000, 1000), kRate, 6000).longerThanWindow);

    // Two tones 0.8 s apart are two words; the word found is one of them.
    std::vector<float> two = toneInSilence(2000, 1600, 6400);
    const std::vector<float> second = toneInSilence(0, 1600, 2000);
    two.insert(two.end(), second.begin(), second.end());
    const TakeCheck twice = WordWindow::check(two, kRate, 6000);
    EXPECT_TRUE(twice.severalWords);
    EXPECT_EQ(twice.wordSamples, 2400u);
    const TakeCheck silent = WordWindow::check(std::vector<float>(4000, 0.0f), kRate, 6000);
    EXPECT_FALSE(silent.noisy);
    EXPECT_FALSE(silent.severalWords);
}

// Seen: Test your voice warned that a word's ends were cut when only the quiet run its loud part took in across a
// gap made it longer than the window, though a model that hears the word's core heard all of what it hears. A 0.6 s
// tone, then 60 ms of the room's noise and 80 ms of a tone 6 dB above it: 0.84 s as a whole word, 0.7 s as a core.
TEST(WordWindow, ACheckMeasuresThePartTheModelHears)
{
    std::vector<float> take(static_cast<std::size_t>(1.6 * kRate));
    std::uint32_t state = 1;
    for (float &sample : take) {  // white noise, 40 dB below the loud tone's power
        state = state * 1664525u + 1013904223u;
        sample = 0.0035f * 1.7320508f * (static_cast<float>(state >> 8) / 8388608.0f - 1.0f);
    }
    const auto addTone = [&](double from, double seconds, float amplitude) {
        for (std::size_t i = 0; i < static_cast<std::size_t>(seconds * kRate); ++i)
            take[static_cast<std::size_t>(from * kRate) + i] +=
                amplitude * static_cast<float>(std::sin(2.0 * M_PI * 440.0 * static_cast<double>(i) / kRate));
    };
    addTone(0.3, 0.6, 0.5f);
    addTone(0.96, 0.08, 0.0035f * 1.4142f * 2.0f);
    const TakeCheck whole = WordWindow::check(take, kRate, 6000);
    const TakeCheck core = WordWindow::check(take, kRate, 6000, WordExtent::Core);
    EXPECT_TRUE(whole.longerThanWindow) << whole.wordSamples;
    EXPECT_FALSE(core.longerThanWindow) << core.wordSamples;
    EXPECT_NEAR(static_cast<double>(core.wordSamples), 0.7 * kRate, 0.02 * kRate);
    const SoundRange heard = WordWindow::findWord(take, kRate, WordExtent::Core);
    EXPECT_EQ(core.wordSamples, heard.end - heard.begin);
}

TEST(Resampler, ChangeSpeedShortensTheSoundAndRaisesItsPitch)
{
    const std::vector<float> tone = toneInSilence(0, 8000, 0);
    const ResampleResult faster = Resampler::changeSpeed(tone, 1.25);
    ASSERT_TRUE(faster.error.isEmpty());
    EXPECT_NEAR(static_cast<double>(faster.samples.size()), 6400.0, 8.0);
    EXPECT_NEAR(risingCrossings(faster.samples), 440, 2);  // the same 440 periods in 0.8 s: 550 Hz
    const ResampleResult slower = Resampler::changeSpeed(tone, 0.8);
    EXPECT_NEAR(static_cast<double>(slower.samples.size()), 10000.0, 8.0);
    EXPECT_EQ(Resampler::changeSpeed(tone, 1.0).samples, tone);
    EXPECT_FALSE(Resampler::changeSpeed(tone, 0.0).error.isEmpty());
    EXPECT_FALSE(Resampler::changeSpeed(tone, -1.0).error.isEmpty());
}
