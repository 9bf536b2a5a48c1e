#include "audio/NoiseFloor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

using namespace convscope;

namespace {

constexpr int kRate = 8000;

/// 6000 samples: zeros, then `length` samples of a 300 Hz tone of amplitude 0.4 from `begin`, then zeros.
std::vector<float> placedTone(std::size_t begin, std::size_t length)
{
    std::vector<float> window(6000, 0.0f);
    for (std::size_t i = 0; i < length; ++i)
        window[begin + i] = 0.4f * static_cast<float>(std::sin(2.0 * M_PI * 300.0 * (i + 0.5) / kRate));
    return window;
}

double power(const std::vector<double> &signal)
{
    double sum = 0.0;
    for (const double x : signal)
        sum += x * x;
    return sum / static_cast<double>(signal.size());
}

}  // namespace

TEST(NoiseFloor, AddsNoiseAtTheAskedSnrUnderTheWordOnly)
{
    const std::vector<float> clean = placedTone(1000, 3000);
    const std::vector<float> speech = placedTone(0, 900);  // stands for other people's words
    for (const auto kind : {NoiseFloor::Kind::White, NoiseFloor::Kind::Pink, NoiseFloor::Kind::Hum,
                            NoiseFloor::Kind::Babble}) {
        for (const double snr : {10.0, 20.0, 35.0}) {
            NoiseFloor floor;
            floor.kind = kind;
            floor.snrDecibels = snr;
            const std::vector<float> noisy = floor.apply(clean, kRate, 99, speech);
            ASSERT_EQ(noisy.size(), clean.size());
            for (std::size_t i = 0; i < 1000; ++i)
                ASSERT_EQ(noisy[i], 0.0f) << "before the word, sample " << i;
            for (std::size_t i = 4000; i < noisy.size(); ++i)
                ASSERT_EQ(noisy[i], 0.0f) << "after the word, sample " << i;
            std::vector<double> word, noise;
            for (std::size_t i = 1000; i < 4000; ++i) {
                word.push_back(clean[i]);
                noise.push_back(static_cast<double>(noisy[i]) - clean[i]);
            }
            EXPECT_NEAR(10.0 * std::log10(power(word) / power(noise)), snr, 0.01)
                << "kind " << static_cast<int>(kind) << " at " << snr << " dB";
        }
    }
}

TEST(NoiseFloor, HumSitsOnTheMainsFrequencyAndPinkNoiseFallsWithFrequency)
{
    const std::vector<float> clean = placedTone(0, 6000);
    NoiseFloor hum;
    hum.kind = NoiseFloor::Kind::Hum;
    hum.humHz = 60.0;
    hum.snrDecibels = 0.0;
    const std::vector<float> hummed = hum.apply(clean, kRate, 5);
    // The hum's correlation with 60 Hz is its fundamental's share of its power (1 / (1 + 0.25 + 0.1225 + 0.04)).
    double sin60 = 0.0, cos60 = 0.0, sin75 = 0.0, cos75 = 0.0, total = 0.0;
    for (std::size_t i = 0; i < hummed.size(); ++i) {
        const double x = static_cast<double>(hummed[i]) - clean[i], t = static_cast<double>(i) / kRate;
        sin60 += x * std::sin(2.0 * M_PI * 60.0 * t);
        cos60 += x * std::cos(2.0 * M_PI * 60.0 * t);
        sin75 += x * std::sin(2.0 * M_PI * 75.0 * t);
        cos75 += x * std::cos(2.0 * M_PI * 75.0 * t);
        total += x * x;
    }
    const double n = static_cast<double>(hummed.size());
    const double share60 = 2.0 * (sin60 * sin60 + cos60 * cos60) / n / total;
    EXPECT_NEAR(share60, 1.0 / 1.4125, 0.01);
    EXPECT_LT(2.0 * (sin75 * sin75 + cos75 * cos75) / n / total, 0.001);

    // Pink noise: adjacent samples correlate strongly (white noise's do not).
    NoiseFloor pink, white;
    pink.kind = NoiseFloor::Kind::Pink;
    white.kind = NoiseFloor::Kind::White;
    const auto lagOne = [&](const NoiseFloor &floor) {
        const std::vector<float> noisy = floor.apply(clean, kRate, 11);
        double product = 0.0, square = 0.0;
        for (std::size_t i = 1; i < noisy.size(); ++i) {
            const double a = static_cast<double>(noisy[i]) - clean[i], b = static_cast<double>(noisy[i - 1]) - clean[i - 1];
            product += a * b;
            square += a * a;
        }
        return product / square;
    };
    EXPECT_GT(lagOne(pink), 0.6);
    EXPECT_LT(std::abs(lagOne(white)), 0.05);
}

TEST(NoiseFloor, DrawnFromItsSeedAloneAndSilenceStaysSilent)
{
    const std::vector<float> clean = placedTone(2000, 1500);
    const NoiseFloor a = NoiseFloor::random(3), b = NoiseFloor::random(3);
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.snrDecibels, b.snrDecibels);
    EXPECT_EQ(a.apply(clean, kRate, 8), b.apply(clean, kRate, 8));
    EXPECT_NE(a.apply(clean, kRate, 8), a.apply(clean, kRate, 9));
    std::set<int> kinds;
    for (std::uint64_t seed = 0; seed < 300; ++seed) {
        const NoiseFloor floor = NoiseFloor::random(seed);
        kinds.insert(static_cast<int>(floor.kind));
        EXPECT_GE(floor.snrDecibels, 8.0);
        EXPECT_LE(floor.snrDecibels, 40.0);
        EXPECT_TRUE(floor.humHz == 50.0 || floor.humHz == 60.0);
    }
    EXPECT_EQ(kinds.size(), 4u);
    const std::vector<float> silence(600, 0.0f);
    EXPECT_EQ(a.apply(silence, kRate, 1), silence);
}

TEST(NoiseFloor, BabbleIsOtherSpeechBackwardsAndPinkWithoutIt)
{
    const std::vector<float> clean = placedTone(1000, 2000);
    std::vector<float> speech(500);
    for (std::size_t i = 0; i < speech.size(); ++i)
        speech[i] = static_cast<float>(i % 50) / 50.0f - 0.5f;  // a ramp: backwards it falls
    NoiseFloor babble;
    babble.kind = NoiseFloor::Kind::Babble;
    babble.snrDecibels = 0.0;
    const std::vector<float> noisy = babble.apply(clean, kRate, 4, speech);
    // Consecutive noise samples follow the speech backwards: each is the one before minus a ramp step, but for
    // the ramp's wrap-arounds.
    int falling = 0;
    for (std::size_t i = 1001; i < 3000; ++i) {
        const double step = (static_cast<double>(noisy[i]) - clean[i]) - (static_cast<double>(noisy[i - 1]) - clean[i - 1]);
        falling += step < 0.0;
    }
    EXPECT_GT(falling, 1900);
    NoiseFloor pink;
    pink.kind = NoiseFloor::Kind::Pink;
    pink.snrDecibels = babble.snrDecibels;
    EXPECT_EQ(babble.apply(clean, kRate, 4), pink.apply(clean, kRate, 4));  // no speech to babble with
}
