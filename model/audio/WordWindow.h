#pragma once

#include "Resampler.h"
#include "SilenceTrimmer.h"

#include <cstddef>
#include <vector>

namespace convscope {

/** What a take looks like to the voice preparation, for the warnings of "Test your voice". */
struct TakeCheck {
    double peak = 0.0;             ///< largest |sample|, [0, 1]
    bool tooQuiet = false;         ///< peak below kQuietPeak: the word is barely above the noise
    bool clipped = false;          ///< more than 0.1 % of the samples at full scale
    bool longerThanWindow = false; ///< the word (with its margins) does not fit the window: its ends are cut
    std::size_t wordSamples = 0;   ///< the length of the word that was found (or of its core: WordWindow::check)
    double snrDecibels = 0.0;      ///< the word's power over the noise's in the speech band (WordDetector)
    bool noisy = false;            ///< a word was found, snrDecibels below kNoisySnrDecibels: its quiet parts are lost
    bool severalWords = false;     ///< more than one word-like sound (WordDetector::wordLikeSounds)
};

/// How much of a found word a network hears: all of it (WordDetector::word), or its core (WordDetector::core), which
/// in a noisy take leaves out the noise the word's quiet edges took in (TrainingConfig::wordCore).
enum class WordExtent { Whole, Core };

/**
 * Where a spoken word is and how it is placed in the networks' window, so that a clip's position in its file does
 * not matter: the word is found above the take's own noise floor (WordDetector: a click, a bump or mains hum is not
 * the word; on a clean clip, its 10 ms frames within 35 dB of its loudest), plus 50 ms of context each side, then
 * centred in the window with zeros around it (cut around its middle when it is longer). Training
 * (TrainingConfig::centreWord) and "Test your voice" use the same functions. Pure; any thread.
 */
class WordWindow {
public:
    static constexpr double kMarginSeconds = 0.05;
    static constexpr double kQuietPeak = 0.02;
    /// Below 15 dB a word's consonants, 20-30 dB below its vowel, are under the noise: WordDetectorTest finds 89 %
    /// of an FSDD word in white noise at 10 dB, 97 % at 20 dB.
    static constexpr double kNoisySnrDecibels = 15.0;

    /// A word's range and its core's, in `samples` (with kMarginSeconds each side); the core lies within the word.
    struct Ranges {
        SoundRange whole;
        SoundRange core;
        const SoundRange &of(WordExtent extent) const { return extent == WordExtent::Core ? core : whole; }
    };
    static Ranges findRanges(const std::vector<float> &samples, int sampleRate);
    /// The word's range in `samples` (with kMarginSeconds each side); an all-zero recording gives an empty range.
    static SoundRange findWord(const std::vector<float> &samples, int sampleRate,
                               WordExtent extent = WordExtent::Whole);
    /// The part of `range` a window of `length` samples keeps: all of it, or its middle `length` samples.
    static SoundRange kept(SoundRange range, int length);
    /// `samples[range]` centred in `length` samples (cut to kept(range, length)).
    static std::vector<float> place(const std::vector<float> &samples, SoundRange range, int length);
    /// A word's samples (a found word) played `speed` times faster (Resampler::changeSpeed), then centred in `length`
    /// samples: one copy of speed perturbation, for the training copies and the test-time speeds alike.
    static ResampleResult placeAtSpeed(const std::vector<float> &word, double speed, int length);
    /// findWord() then place(): what a network with a centred input sees of a recording.
    static std::vector<float> centre(const std::vector<float> &samples, int sampleRate, int length,
                                     WordExtent extent = WordExtent::Whole);
    /// What a take looks like; wordSamples and longerThanWindow are of the `extent` of the word the network hears.
    static TakeCheck check(const std::vector<float> &samples, int sampleRate, int length,
                           WordExtent extent = WordExtent::Whole);
};

}  // namespace convscope
