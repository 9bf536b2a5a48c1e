#include "RoomSimulator.h"

#include "Biquad.h"

#include <cmath>
#include <random>

// Hand-written rather than through libsox's effects (Debian's libsox-dev has highpass, equalizer and reverb):
// the training copies are made on every core at once, and libsox's effect chains read and write streams and need
// its global sox_init state, while these eight small filters are a few lines each.

namespace convscope {

namespace {

/// Schroeder's reverberator: the mean of four comb filters with mutually prime delays (about 30-45 ms at 8 kHz),
/// whose feedback gains make each fall by 60 dB in `rt60` seconds, through two all-passes that thicken the echoes.
std::vector<double> reverberation(const std::vector<double> &dry, double rt60, int sampleRate)
{
    const std::size_t n = dry.size();
    const double scale = sampleRate / 8000.0;
    std::vector<double> wet(n, 0.0);
    for (const int delayAt8k : {237, 271, 307, 353}) {
        const auto delay = static_cast<std::size_t>(std::lround(delayAt8k * scale));
        const double gain = std::pow(10.0, -3.0 * static_cast<double>(delay) / (rt60 * sampleRate));
        std::vector<double> comb(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            comb[i] = dry[i] + (i >= delay ? gain * comb[i - delay] : 0.0);
            wet[i] += comb[i] / 4.0;
        }
    }
    constexpr double kAllPassGain = 0.7;
    for (const int delayAt8k : {43, 113}) {
        const auto delay = static_cast<std::size_t>(std::lround(delayAt8k * scale));
        std::vector<double> out(n, 0.0);
        for (std::size_t i = 0; i < n; ++i)
            out[i] = -kAllPassGain * wet[i] + (i >= delay ? wet[i - delay] + kAllPassGain * out[i - delay] : 0.0);
        wet = std::move(out);
    }
    return wet;
}

}  // namespace

Room Room::random(std::uint64_t seed)
{
    std::mt19937_64 generator(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto between = [&](double low, double high) { return low + (high - low) * unit(generator); };
    Room room;
    room.highPassHz = between(60.0, 400.0);
    room.lowPassHz = between(2400.0, 3900.0);
    for (int k = 0; k < 2; ++k) {
        room.peakHz[k] = 300.0 * std::pow(12.0, unit(generator));  // evenly on a log scale, 300-3600 Hz
        room.peakQ[k] = between(0.7, 2.0);
        room.peakGainDb[k] = between(-8.0, 8.0);
    }
    if (unit(generator) < 0.6) {
        room.reverbSeconds = between(0.15, 0.6);
        room.reverbMix = between(0.15, 0.6);
    }
    return room;
}

std::vector<float> Room::apply(const std::vector<float> &samples, int sampleRate) const
{
    constexpr double kButterworthQ = M_SQRT1_2;
    std::vector<double> signal(samples.begin(), samples.end());
    Biquad(Biquad::Kind::HighPass, highPassHz, kButterworthQ, 0.0, sampleRate).run(signal);
    Biquad(Biquad::Kind::LowPass, lowPassHz, kButterworthQ, 0.0, sampleRate).run(signal);
    for (int k = 0; k < 2; ++k)
        Biquad(Biquad::Kind::Peak, peakHz[k], peakQ[k], peakGainDb[k], sampleRate).run(signal);
    if (reverbSeconds > 0.0) {
        const std::vector<double> wet = reverberation(signal, reverbSeconds, sampleRate);
        for (std::size_t i = 0; i < signal.size(); ++i)
            signal[i] += reverbMix * wet[i];
    }
    return {signal.begin(), signal.end()};
}

}  // namespace convscope
