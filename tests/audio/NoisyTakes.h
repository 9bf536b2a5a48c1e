#pragma once

#include "audio/WordWindow.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

namespace convscope::test {

constexpr int kTakeRate = 8000;
constexpr std::size_t kTakeSamples = 3 * kTakeRate;

enum class Noise { White, Pink, Hum50, Hum60, Babble };
const char *nameOf(Noise noise);

/** Seeded draws from mt19937's own output only, so that a seed makes the same takes with every standard library. */
class Random {
public:
    explicit Random(std::uint32_t seed) : m_engine(seed) {}
    double uniform(double low, double high) { return low + (high - low) * (m_engine() / 4294967296.0); }
    std::size_t below(std::size_t count) { return static_cast<std::size_t>(uniform(0.0, static_cast<double>(count))); }

private:
    std::mt19937 m_engine;
};

/**
 * The FSDD recordings the word detector's tests use, read once: 40 words (every speaker and digit, takes 0-44) and
 * 30 babble talkers (takes 45-49, never a word under test).
 */
struct FsddSample {
    std::vector<std::vector<float>> words, talkers;

    static const FsddSample &get();
    bool complete() const;
};

/// The clip's power over `range`, around the clip's own mean.
double powerOf(const std::vector<float> &clip, SoundRange range);

/// The word the detector finds in a clean recording, without its margins: what goes into a take. The clip's own
/// background (its recording room) stays out: it would be a second noise, louder than the take's at 30 dB.
std::vector<float> cleanWord(const std::vector<float> &recording);

/**
 * What a take holds besides its words: noise `snr` dB below the words' power, a click and a bump `clickRms` and
 * `bumpRms` times as loud as the words' RMS (0: none), and a DC offset (NaN: a random one, up to 0.05).
 */
struct TakeRecipe {
    Noise noise = Noise::White;
    double snr = 30.0;
    double clickRms = 5.0;
    double bumpRms = 3.0;
    double dc = 0.0;
    int babbleTalkers = 6;  ///< Noise::Babble: fewer talkers, burstier babble
};

/** A made take and where its words are. */
struct Take {
    std::vector<float> samples;
    SoundRange truth;  ///< where the words were placed, with WordWindow::kMarginSeconds each side
};

/// A 3 s take: `words` (their power `wordPower`), placed at `at` or at random within the first 2.5 s, in noise, with a
/// 5-20 ms click at least 0.3 s away from them and a 40 ms bump in the last 0.1 s (the key that stopped the take).
Take makeTake(const std::vector<float> &words, double wordPower, TakeRecipe recipe, Random &random,
              std::optional<std::size_t> at = std::nullopt);
/// The clean word of `recording` in a take.
Take wordTake(const std::vector<float> &recording, const TakeRecipe &recipe, Random &random);

/** How much of the true word was found (recall) and how much of what was found is the word (precision), over takes. */
struct Overlap {
    double meanRecall = 0.0, minRecall = 1.0, meanPrecision = 0.0, minPrecision = 1.0;
    std::size_t count = 0;

    void add(SoundRange found, SoundRange truth);
    /// The four figures as properties of the running test (in the --gtest_output=xml report).
    void record() const;
};

/// Every word of FsddSample in its own take made with `recipe`, from one seed, found as `extent` of the word.
Overlap overlapOver(const TakeRecipe &recipe, std::uint32_t seed, WordExtent extent = WordExtent::Whole);

}  // namespace convscope::test
