// Measures the activation view draws from snapshots: a learned kernel's frequency response (known answers on
// synthetic kernels) and how differently two clips drive each layer.
#include "explore/ActivationComparison.h"
#include "explore/ActivationSnapshot.h"
#include "explore/KernelResponse.h"

#include <gtest/gtest.h>

#include "network/LayerSpec.h"

#include <algorithm>
#include <cmath>

using namespace convscope;

namespace {

constexpr double kPi = 3.14159265358979323846;

// A weight [out, 1, taps] whose channel c is a Hann-windowed cosine at hertz[c] (sampled at 8000 Hz).
LayerActivation cosineKernels(const std::vector<double> &hertz, int taps)
{
    LayerActivation weight;
    weight.shape = {static_cast<std::int64_t>(hertz.size()), 1, taps};
    for (double f : hertz)
        for (int t = 0; t < taps; ++t) {
            const double hann = 0.5 - 0.5 * std::cos(2 * kPi * t / (taps - 1));
            weight.values.push_back(static_cast<float>(hann * std::cos(2 * kPi * f * t / 8000.0)));
        }
    return weight;
}

ActivationSnapshot snapshotOf(std::vector<std::vector<float>> entries)
{
    ActivationSnapshot snapshot;
    for (auto &values : entries) {
        LayerActivation entry;
        entry.shape = {static_cast<std::int64_t>(values.size())};
        entry.values = std::move(values);
        snapshot.activations.push_back(std::move(entry));
    }
    return snapshot;
}

}  // namespace

TEST(KernelResponse, PeaksAtTheFrequencyOfACosineKernel)
{
    const LayerActivation weight = cosineKernels({250.0, 1000.0, 3125.0}, 80);
    const double binWidth = 8000.0 / 512;
    const double expected[] = {250.0, 1000.0, 3125.0};
    for (int c = 0; c < 3; ++c) {
        const KernelResponse response = kernelResponse(weight, c, 8000.0);
        ASSERT_EQ(response.hertz.size(), 257u);
        ASSERT_EQ(response.decibels.size(), 257u);
        EXPECT_DOUBLE_EQ(response.hertz.back(), 4000.0);
        EXPECT_NEAR(response.peakHertz, expected[c], binWidth) << c;
        EXPECT_NEAR(*std::max_element(response.decibels.begin(), response.decibels.end()), 0.0, 1e-12);
        // A band-pass: far from its centre the Hann window keeps the response more than 30 dB down.
        const auto far = static_cast<std::size_t>(std::lround(std::fmod(expected[c] + 1500.0, 4000.0) / binWidth));
        EXPECT_LT(response.decibels[far], -30.0) << c;
    }
}

TEST(KernelResponse, SumsThePowerOfEveryInputChannel)
{
    // One output channel with two inputs: a unit impulse (flat, power 1 in every bin) and a zero kernel. The sum is
    // flat at 0 dB; with the impulse doubled in the second input too it stays flat.
    LayerActivation weight;
    weight.shape = {1, 2, 4};
    weight.values = {1, 0, 0, 0, 0, 0, 0, 0};
    const KernelResponse response = kernelResponse(weight, 0, 100.0, 8);
    ASSERT_EQ(response.decibels.size(), 5u);
    for (double db : response.decibels)
        EXPECT_NEAR(db, 0.0, 1e-9);
    EXPECT_DOUBLE_EQ(response.hertz[4], 50.0);
}

TEST(KernelResponse, EmptyForAWeightThatIsNotAOneDimensionalConvolution)
{
    LayerActivation linear;
    linear.shape = {10, 4};
    linear.values.assign(40, 1.0f);
    EXPECT_TRUE(kernelResponse(linear, 0, 8000.0).hertz.empty());
    const LayerActivation conv = cosineKernels({1000.0}, 16);
    EXPECT_TRUE(kernelResponse(conv, 1, 8000.0).hertz.empty());
    EXPECT_TRUE(kernelResponse(conv, -1, 8000.0).hertz.empty());
}

TEST(ActivationDifferences, OneMinusTheCosineOfEachEntry)
{
    const ActivationSnapshot a = snapshotOf({{1, 0}, {1, 2, 3}, {1, 1}, {0, 0}});
    const ActivationSnapshot b = snapshotOf({{0, 1}, {2, 4, 6}, {-1, -1}, {1, 1}});
    const std::vector<double> d = activationDifferences(a, b);
    ASSERT_EQ(d.size(), 4u);
    EXPECT_NEAR(d[0], 1.0, 1e-12);  // orthogonal
    EXPECT_NEAR(d[1], 0.0, 1e-12);  // the same pattern at twice the scale
    EXPECT_NEAR(d[2], 2.0, 1e-12);  // opposite
    EXPECT_TRUE(std::isnan(d[3]));  // all zeros in one clip: no direction to compare
}

TEST(ActivationDifferences, NotANumberWhereTheShapesDiffer)
{
    const ActivationSnapshot a = snapshotOf({{1, 2, 3}, {1, 2}});
    const ActivationSnapshot b = snapshotOf({{1, 2}});
    const std::vector<double> d = activationDifferences(a, b);
    ASSERT_EQ(d.size(), 2u);
    EXPECT_TRUE(std::isnan(d[0]));
    EXPECT_TRUE(std::isnan(d[1]));
}

TEST(KernelLayerOf, TheConvolutionThatMadeAChannel)
{
    NetworkSpec network;
    network.input = {1, 6000};
    network.layers = {LayerSpec::conv(1, 1, 8, 80, 4), LayerSpec::batchNorm(1), LayerSpec::relu(),
                      LayerSpec::pool(LayerKind::AvgPool, 1, 4, 4), LayerSpec::conv(1, 8, 16, 3),
                      LayerSpec::flatten(), LayerSpec::linear(kAuto, 10)};
    EXPECT_EQ(kernelLayerOf(network, 0), std::optional<std::size_t>(0));
    EXPECT_EQ(kernelLayerOf(network, 3), std::optional<std::size_t>(0));  // through ReLU, BatchNorm and the pool
    EXPECT_EQ(kernelLayerOf(network, 4), std::optional<std::size_t>(4));
    EXPECT_EQ(kernelLayerOf(network, 6), std::nullopt);  // Linear: no kernel over time
    EXPECT_EQ(kernelLayerOf(network, 99), std::nullopt);
}

TEST(InputRateOf, EightThousandDividedByTheInputsJump)
{
    ActivationSnapshot raw;
    raw.network.input = {1, 6000};
    raw.network.layers = {LayerSpec::conv(1, 1, 8, 80, 4), LayerSpec::pool(LayerKind::AvgPool, 1, 4, 4),
                          LayerSpec::conv(1, 8, 16, 3)};
    EXPECT_DOUBLE_EQ(inputRateOf(raw, 0), 8000.0);
    EXPECT_DOUBLE_EQ(inputRateOf(raw, 1), 2000.0);  // after a stride-4 convolution
    EXPECT_DOUBLE_EQ(inputRateOf(raw, 2), 500.0);   // and a stride-4 pool
    ActivationSnapshot mfcc = raw;
    mfcc.mfccInput = true;
    EXPECT_DOUBLE_EQ(inputRateOf(mfcc, 0), 100.0);  // MFCC frames every 10 ms
    EXPECT_DOUBLE_EQ(inputRateOf(mfcc, 2), 100.0 / 16);
}

TEST(SoundFrames, TheFramesBetweenTheFirstAndLastSoundNotThePadding)
{
    // A word centred in the 6000-sample window: zeros before sample 1000 and after sample 3000.
    ActivationSnapshot snapshot;
    snapshot.window.assign(6000, 0.0f);
    std::fill(snapshot.window.begin() + 1000, snapshot.window.begin() + 3001, 0.25f);
    // Frame f reads samples [80 f, 80 f + 200): frame 10 ends at 999, frame 11 starts at 880; frame 37 starts at
    // 2960, frame 38 at 3040.
    EXPECT_EQ(snapshot.soundFrames(), (std::array<std::int64_t, 2>{11, 37}));
    snapshot.window[0] = -0.1f;  // a left-aligned take: sound from the first sample
    EXPECT_EQ(snapshot.soundFrames(), (std::array<std::int64_t, 2>{0, 37}));
    snapshot.window.back() = 0.1f;
    EXPECT_EQ(snapshot.soundFrames(), (std::array<std::int64_t, 2>{0, 73}));
    snapshot.window.assign(6000, 0.0f);
    EXPECT_EQ(snapshot.soundFrames(), (std::array<std::int64_t, 2>{0, -1}));
}
