// The random rooms of the voice recipe (model/audio/RoomSimulator): each filter against its analytic response, the
// reverberation's decay against its RT60, and the random draw's ranges.
#include "audio/RoomSimulator.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace convscope;

namespace {

constexpr int kRate = 8000;

std::vector<float> sine(double hz, int samples)
{
    std::vector<float> out(static_cast<std::size_t>(samples));
    for (int i = 0; i < samples; ++i)
        out[static_cast<std::size_t>(i)] = static_cast<float>(0.5 * std::sin(2.0 * M_PI * hz * i / kRate));
    return out;
}

/// The gain of a steady sine through `room`: RMS of the second half (past the filters' start-up) over the input's.
double measuredGain(const Room &room, double hz)
{
    const std::vector<float> in = sine(hz, 8000), out = room.apply(in, kRate);
    double inPower = 0.0, outPower = 0.0;
    for (std::size_t i = in.size() / 2; i < in.size(); ++i) {
        inPower += static_cast<double>(in[i]) * in[i];
        outPower += static_cast<double>(out[i]) * out[i];
    }
    return std::sqrt(outPower / inPower);
}

/// An analog second-order Butterworth's magnitude at `hz`, bilinear-transformed (the RBJ filters' prewarping):
/// 1 / sqrt(1 + r^4) for the low-pass and r^2 / sqrt(1 + r^4) for the high-pass, r = tan(pi f / fs) / tan(pi fc / fs).
double butterworth(double hz, double cutoffHz, bool highPass)
{
    const double r = std::tan(M_PI * hz / kRate) / std::tan(M_PI * cutoffHz / kRate);
    return (highPass ? r * r : 1.0) / std::sqrt(1.0 + std::pow(r, 4));
}

Room dryRoom(double highPassHz, double lowPassHz)
{
    Room room;
    room.highPassHz = highPassHz;
    room.lowPassHz = lowPassHz;
    return room;
}

/// Energy in decibels of `samples` [from, from + 400).
double energyDb(const std::vector<float> &samples, std::size_t from)
{
    double energy = 1e-30;
    for (std::size_t i = from; i < from + 400; ++i)
        energy += static_cast<double>(samples[i]) * samples[i];
    return 10.0 * std::log10(energy);
}

}  // namespace

TEST(RoomSimulator, TheMicrophonesBandIsASecondOrderButterworthEachSide)
{
    const Room room = dryRoom(200.0, 3000.0);
    for (const double hz : {50.0, 100.0, 200.0, 1000.0, 3000.0, 3600.0}) {
        const double expected = butterworth(hz, 200.0, true) * butterworth(hz, 3000.0, false);
        EXPECT_NEAR(measuredGain(room, hz), expected, 0.01 * expected + 1e-4) << hz << " Hz";
    }
    EXPECT_NEAR(measuredGain(room, 200.0), M_SQRT1_2, 0.01);  // -3 dB at the cut-off
    EXPECT_LT(measuredGain(room, 50.0), 0.07);                // -24 dB two octaves below
}

TEST(RoomSimulator, AResonanceLiftsItsFrequencyByItsGainAndLeavesFarOnesAlone)
{
    const Room flat = dryRoom(20.0, 3990.0);
    const auto changeDb = [&](const Room &room, double hz) {
        return 20.0 * std::log10(measuredGain(room, hz) / measuredGain(flat, hz));
    };
    Room peak = flat, dip = flat;
    peak.peakHz[0] = 1000.0;
    peak.peakGainDb[0] = 6.0;
    dip.peakHz[1] = 2500.0;
    dip.peakQ[1] = 2.0;
    dip.peakGainDb[1] = -8.0;
    EXPECT_NEAR(changeDb(peak, 1000.0), 6.0, 0.1);
    EXPECT_NEAR(changeDb(dip, 2500.0), -8.0, 0.1);
    EXPECT_NEAR(changeDb(peak, 150.0), 0.0, 0.5);
    EXPECT_NEAR(changeDb(dip, 800.0), 0.0, 0.5);
}

TEST(RoomSimulator, TheReverberationFallsSixtyDecibelsInItsRt60)
{
    Room room = dryRoom(20.0, 3990.0);
    room.reverbSeconds = 0.4;
    room.reverbMix = 0.5;
    std::vector<float> click(8000, 0.0f);
    click[0] = 1.0f;
    const std::vector<float> dry = dryRoom(20.0, 3990.0).apply(click, kRate), wet = room.apply(click, kRate);
    // 0.1 s to 0.3 s after the click: 0.2 s of a 0.4 s RT60, so 30 dB less energy.
    const double fall = energyDb(wet, 800) - energyDb(wet, 2400);
    EXPECT_NEAR(fall, 30.0, 4.0);
    EXPECT_LT(energyDb(dry, 2400), energyDb(wet, 2400) - 60.0);  // without the room, the click is long gone
}

TEST(RoomSimulator, RandomRoomsFollowTheirSeedAndStayInTheirRanges)
{
    int reverberant = 0;
    for (std::uint64_t seed = 0; seed < 1000; ++seed) {
        const Room room = Room::random(seed);
        EXPECT_GE(room.highPassHz, 60.0);
        EXPECT_LE(room.highPassHz, 400.0);
        EXPECT_GE(room.lowPassHz, 2400.0);
        EXPECT_LE(room.lowPassHz, 3900.0);
        for (int k = 0; k < 2; ++k) {
            EXPECT_GE(room.peakHz[k], 300.0);
            EXPECT_LE(room.peakHz[k], 3600.0);
            EXPECT_LE(std::abs(room.peakGainDb[k]), 8.0);
        }
        reverberant += room.reverbSeconds > 0.0;
        if (room.reverbSeconds > 0.0) {
            EXPECT_GE(room.reverbSeconds, 0.15);
            EXPECT_LE(room.reverbSeconds, 0.6);
        }
    }
    EXPECT_NEAR(reverberant, 600, 60);
    const std::vector<float> word = sine(440.0, 4000);
    EXPECT_EQ(Room::random(3).apply(word, kRate), Room::random(3).apply(word, kRate));
    EXPECT_NE(Room::random(3).apply(word, kRate), Room::random(4).apply(word, kRate));
}
