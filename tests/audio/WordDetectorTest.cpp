// The word detector (model/audio/WordDetector) on real words: FSDD clips placed at a random spot in 3 s takes of
// white, pink, hum or babble noise at 30, 20 and 10 dB, with a loud click away from the word, a bump at the end and
// a DC offset (tests/audio/NoisyTakes). The true word is what the detector finds in the clean clip, moved to where
// it was placed (only that word goes into the take, not the clip's own background). Each case's figures are test
// properties (run with --gtest_output=xml to read them).
#include "audio/WordWindow.h"
#include "NoisyTakes.h"
#include "TestPaths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

using namespace convscope;
using namespace convscope::test;

namespace {

constexpr std::size_t kFrame = kTakeRate / 100;

class WordDetectorInNoise : public ::testing::TestWithParam<std::tuple<Noise, int>> {};

/// The clean words of two recordings `gapSeconds` apart, the second as loud as the first (one speaker saying two
/// digits), and the first's power.
std::pair<std::vector<float>, double> twoWords(const std::vector<float> &first, const std::vector<float> &second,
                                               double gapSeconds)
{
    std::vector<float> both = cleanWord(first);
    const double power = powerOf(both, {0, both.size()});
    both.resize(both.size() + static_cast<std::size_t>(gapSeconds * kTakeRate), 0.0f);
    const std::vector<float> other = cleanWord(second);
    const auto gain = static_cast<float>(std::sqrt(power / powerOf(other, {0, other.size()})));
    for (const float sample : other)
        both.push_back(gain * sample);
    return {both, power};
}

}  // namespace

// On its own, a clean FSDD clip is all word: the range found holds nearly all of the clip's energy.
TEST(WordDetector, FindsNearlyAllOfACleanFsddClip)
{
    ASSERT_TRUE(FsddSample::get().complete()) << "FSDD recordings missing under " << sharedDir().toStdString();
    double meanShare = 0.0, minShare = 1.0;
    const auto &words = FsddSample::get().words;
    for (const std::vector<float> &clip : words) {
        const SoundRange word = WordWindow::findWord(clip, kTakeRate);
        const double share = powerOf(clip, word) * static_cast<double>(word.end - word.begin)
                             / (powerOf(clip, {0, clip.size()}) * static_cast<double>(clip.size()));
        meanShare += share / static_cast<double>(words.size());
        minShare = std::min(minShare, share);
    }
    RecordProperty("meanEnergyShare", std::to_string(meanShare));
    RecordProperty("minEnergyShare", std::to_string(minShare));
    EXPECT_GE(meanShare, 0.995);
    EXPECT_GE(minShare, 0.99);
}

// At 30 and 20 dB the found word holds on average 90 % of the clean one or more, and in each take 75 % (50 % in
// babble): a word's weakest sounds, 30 dB below its vowel, lie under noise 20 dB below its mean power, and babble is
// speech at the level of those sounds. What is found is on average 80 % word, and never more than twice the word:
// the quiet runs a word takes in (its own consonants, or noise as loud) lie within 0.15 s of it. At 10 dB, three
// quarters of the word is found on average.
TEST_P(WordDetectorInNoise, FindsTheWordOfTheCleanClip)
{
    ASSERT_TRUE(FsddSample::get().complete());
    const auto [noise, snr] = GetParam();
    TakeRecipe recipe{noise, static_cast<double>(snr)};
    recipe.dc = std::numeric_limits<double>::quiet_NaN();
    const auto seed = 1000u * static_cast<std::uint32_t>(noise) + static_cast<std::uint32_t>(snr);
    const Overlap overlap = overlapOver(recipe, seed);
    overlap.record();
    const bool loud = snr >= 20;
    EXPECT_GE(overlap.meanRecall, loud ? 0.9 : 0.75);
    EXPECT_GE(overlap.minRecall, loud ? (noise == Noise::Babble ? 0.5 : 0.75) : 0.4);
    EXPECT_GE(overlap.meanPrecision, 0.8);
    EXPECT_GE(overlap.minPrecision, 0.5);
}

INSTANTIATE_TEST_SUITE_P(NoiseAndSnr, WordDetectorInNoise,
                         ::testing::Combine(::testing::Values(Noise::White, Noise::Pink, Noise::Hum50, Noise::Hum60,
                                                              Noise::Babble),
                                            ::testing::Values(30, 20, 10)),
                         [](const auto &info) {
                             return std::string(nameOf(std::get<0>(info.param))) + "At"
                                    + std::to_string(std::get<1>(info.param)) + "dB";
                         });

// Hum as loud as the word is mostly below the speech band the detector measures: the word is found as in white
// noise 10 dB down (without the high-pass, half of it).
TEST(WordDetector, IgnoresHumAsLoudAsTheWord)
{
    ASSERT_TRUE(FsddSample::get().complete());
    for (const Noise hum : {Noise::Hum50, Noise::Hum60}) {
        const Overlap overlap = overlapOver({hum, 0.0}, 7u + static_cast<std::uint32_t>(hum));
        RecordProperty(std::string(nameOf(hum)) + "MeanRecall", std::to_string(overlap.meanRecall));
        RecordProperty(std::string(nameOf(hum)) + "MeanPrecision", std::to_string(overlap.meanPrecision));
        EXPECT_GE(overlap.meanRecall, 0.75) << nameOf(hum);
        EXPECT_GE(overlap.meanPrecision, 0.8) << nameOf(hum);
    }
}

// Two talkers' babble 20 dB below the word comes in bursts with pauses between them, and the detector's first look
// takes the bursts next to the word in with it. The noise is measured away from the word's loud frames, so the word
// found stays the word (when the noise was what lay outside the first look's sounds, the babble beside the word went
// into it: 0.50 of what was found was word, and one word was lost).
TEST(WordDetector, BurstsOfBabbleBesideTheWordStayOutOfIt)
{
    ASSERT_TRUE(FsddSample::get().complete());
    TakeRecipe recipe{Noise::Babble, 20.0};
    recipe.babbleTalkers = 2;
    const Overlap overlap = overlapOver(recipe, 17);
    overlap.record();
    EXPECT_GE(overlap.meanRecall, 0.9);
    EXPECT_GE(overlap.meanPrecision, 0.8);
}

// A DC offset of 0.3 changes nothing: in particular the start of the take, where a filter would see it step up from
// zero, does not become a sound that joins a word 0.1 s later.
TEST(WordDetector, IgnoresADcOffset)
{
    ASSERT_TRUE(FsddSample::get().complete());
    const auto &words = FsddSample::get().words;
    for (std::uint32_t i = 0; i < words.size(); ++i) {
        const std::vector<float> word = cleanWord(words[i]);
        const auto takeWith = [&](double dc) {
            Random random(11 + i);  // the same noise each time
            const TakeRecipe recipe{Noise::White, 30.0, 0.0, 0.0, dc};
            return makeTake(word, powerOf(word, {0, word.size()}), recipe, random, std::size_t{kTakeRate / 10});
        };
        const SoundRange plain = WordWindow::findWord(takeWith(0.0).samples, kTakeRate);
        for (const double dc : {0.3, -0.3}) {
            const SoundRange offset = WordWindow::findWord(takeWith(dc).samples, kTakeRate);
            EXPECT_NEAR(static_cast<double>(offset.begin), static_cast<double>(plain.begin), kFrame) << i << " " << dc;
            EXPECT_NEAR(static_cast<double>(offset.end), static_cast<double>(plain.end), kFrame) << i << " " << dc;
        }
    }
}

// A click 30 times and a bump 10 times as loud (RMS) as the word are never the word, nor part of it.
TEST(WordDetector, AClickLouderThanTheWordIsNotTheWord)
{
    ASSERT_TRUE(FsddSample::get().complete());
    const Overlap overlap = overlapOver({Noise::White, 30.0, 30.0, 10.0}, 13);
    overlap.record();
    EXPECT_GE(overlap.minRecall, 0.9);
    EXPECT_GE(overlap.minPrecision, 0.6);
}

// The check's signal-to-noise ratio is the one the take was made with, within 4 dB (1.5 dB on average); a take at
// 10 dB is noisy, at 20 and 30 dB it is not.
TEST(WordDetector, TakeCheckMeasuresTheSignalToNoiseRatio)
{
    ASSERT_TRUE(FsddSample::get().complete());
    for (const double snr : {30.0, 20.0, 10.0}) {
        Random random(17u + static_cast<std::uint32_t>(snr));
        double worst = 0.0, mean = 0.0;
        for (const std::vector<float> &recording : FsddSample::get().words) {
            const TakeCheck check = WordWindow::check(wordTake(recording, {Noise::White, snr}, random).samples,
                                                      kTakeRate, 6000);
            worst = std::max(worst, std::abs(check.snrDecibels - snr));
            mean += check.snrDecibels / static_cast<double>(FsddSample::get().words.size());
            EXPECT_EQ(check.noisy, snr < WordWindow::kNoisySnrDecibels) << snr << " dB, measured " << check.snrDecibels;
        }
        RecordProperty("meanSnrAt" + std::to_string(static_cast<int>(snr)), std::to_string(mean));
        RecordProperty("worstErrorAt" + std::to_string(static_cast<int>(snr)), std::to_string(worst));
        EXPECT_LE(worst, 4.0) << snr;
        EXPECT_NEAR(mean, snr, 1.5);
    }
}

// Two words 0.8 s apart are several words; one word with a click and a bump, or in babble 20 dB down, is one.
TEST(WordDetector, TakeCheckSaysWhenATakeHoldsSeveralWords)
{
    ASSERT_TRUE(FsddSample::get().complete());
    const auto &words = FsddSample::get().words;
    Random random(19);
    for (std::size_t i = 0; i + 1 < words.size(); i += 2) {
        const auto [both, power] = twoWords(words[i], words[i + 1], 0.8);
        const Take two = makeTake(both, power, {Noise::White, 20.0}, random);
        EXPECT_TRUE(WordWindow::check(two.samples, kTakeRate, 6000).severalWords) << i;
        const Take one = wordTake(words[i], {Noise::White, 20.0}, random);
        EXPECT_FALSE(WordWindow::check(one.samples, kTakeRate, 6000).severalWords) << i;
        const Take inBabble = wordTake(words[i], {Noise::Babble, 20.0}, random);
        EXPECT_FALSE(WordWindow::check(inBabble.samples, kTakeRate, 6000).severalWords) << i;
    }
}

// The word's core (what a voice-recipe model hears, WordExtent::Core) leaves out the noise the word's quiet edges take
// in: in pink noise and babble at 20 dB what is found as the whole word is 0.83-0.89 word, its core 0.95 or more. It
// gives up a little of the word for that (at 20 dB, 0.91-0.98 of it on average against 0.95-1.00), and lies within the
// whole word in every take.
TEST(WordDetector, TheCoreLeavesOutTheNoiseBesideTheWord)
{
    ASSERT_TRUE(FsddSample::get().complete());
    for (const int talkers : {0, 6, 2}) {
        TakeRecipe recipe{talkers == 0 ? Noise::Pink : Noise::Babble, 20.0};
        recipe.babbleTalkers = std::max(talkers, 1);
        const Overlap whole = overlapOver(recipe, 5, WordExtent::Whole);
        const Overlap core = overlapOver(recipe, 5, WordExtent::Core);
        const std::string name = talkers == 0 ? "pink" : std::to_string(talkers) + " talkers";
        RecordProperty(name + " precision whole", std::to_string(whole.meanPrecision));
        RecordProperty(name + " precision core", std::to_string(core.meanPrecision));
        EXPECT_LT(whole.meanPrecision, 0.9) << name;
        EXPECT_GE(core.meanPrecision, 0.95) << name;
        EXPECT_GE(core.meanRecall, 0.9) << name;
    }
    Random random(23);
    for (const std::vector<float> &recording : FsddSample::get().words) {
        const Take take = wordTake(recording, {Noise::Babble, 20.0}, random);
        const WordWindow::Ranges found = WordWindow::findRanges(take.samples, kTakeRate);
        EXPECT_GE(found.core.begin, found.whole.begin);
        EXPECT_LE(found.core.end, found.whole.end);
        EXPECT_GT(found.core.end, found.core.begin);
    }
}
