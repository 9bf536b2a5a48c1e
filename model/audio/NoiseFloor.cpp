#include "NoiseFloor.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace convscope {

namespace {

/// Unit-power noise of `count` samples of `floor`'s kind (babble from `otherSpeech`, pink without it).
std::vector<double> unitNoise(const NoiseFloor &floor, std::size_t count, int sampleRate, std::mt19937_64 &random,
                              const std::vector<float> &otherSpeech)
{
    std::vector<double> noise(count, 0.0);
    std::normal_distribution<double> gaussian(0.0, 1.0);
    NoiseFloor::Kind kind = floor.kind;
    if (kind == NoiseFloor::Kind::Babble && otherSpeech.empty())
        kind = NoiseFloor::Kind::Pink;
    switch (kind) {
    case NoiseFloor::Kind::Babble: {
        const std::size_t start = std::uniform_int_distribution<std::size_t>(0, otherSpeech.size() - 1)(random);
        for (std::size_t i = 0; i < count; ++i)
            noise[i] = otherSpeech[otherSpeech.size() - 1 - (start + i) % otherSpeech.size()];
        break;
    }
    case NoiseFloor::Kind::White:
        for (double &x : noise)
            x = gaussian(random);
        break;
    case NoiseFloor::Kind::Pink: {
        // Paul Kellet's economy filter: white noise through three poles, within 0.5 dB of 1/f above 40 Hz at 8 kHz.
        double b0 = 0.0, b1 = 0.0, b2 = 0.0;
        for (double &x : noise) {
            const double white = gaussian(random);
            b0 = 0.99765 * b0 + white * 0.0990460;
            b1 = 0.96300 * b1 + white * 0.2965164;
            b2 = 0.57000 * b2 + white * 1.0526913;
            x = b0 + b1 + b2 + white * 0.1848;
        }
        break;
    }
    case NoiseFloor::Kind::Hum: {
        // The mains frequency and its first harmonics, falling off as a transformer's hum does, at random phases.
        std::uniform_real_distribution<double> phase(0.0, 2.0 * M_PI);
        const double amplitudes[] = {1.0, 0.5, 0.35, 0.2};
        for (int h = 0; h < 4; ++h) {
            const double hz = floor.humHz * (h + 1), start = phase(random);
            for (std::size_t i = 0; i < count; ++i)
                noise[i] += amplitudes[h] * std::sin(start + 2.0 * M_PI * hz * static_cast<double>(i) / sampleRate);
        }
        break;
    }
    }
    double power = 0.0;
    for (const double x : noise)
        power += x * x;
    power /= std::max<std::size_t>(1, count);
    if (power > 0.0)
        for (double &x : noise)
            x /= std::sqrt(power);
    return noise;
}

}  // namespace

NoiseFloor NoiseFloor::random(std::uint64_t seed)
{
    std::mt19937_64 random(seed);
    NoiseFloor floor;
    floor.kind = static_cast<Kind>(std::uniform_int_distribution<int>(0, 3)(random));
    floor.snrDecibels = std::uniform_real_distribution<double>(8.0, 40.0)(random);
    floor.humHz = std::uniform_int_distribution<int>(0, 1)(random) ? 60.0 : 50.0;
    return floor;
}

std::vector<double> NoiseFloor::unitPower(std::size_t count, int sampleRate, std::uint64_t seed,
                                          const std::vector<float> &otherSpeech) const
{
    std::mt19937_64 random(seed);
    return unitNoise(*this, count, sampleRate, random, otherSpeech);
}

std::vector<float> NoiseFloor::apply(const std::vector<float> &window, int sampleRate, std::uint64_t seed,
                                     const std::vector<float> &otherSpeech) const
{
    const auto nonZero = [](float x) { return x != 0.0f; };
    const auto first = std::find_if(window.begin(), window.end(), nonZero);
    if (first == window.end())
        return window;
    const auto last = std::find_if(window.rbegin(), window.rend(), nonZero).base();
    double wordPower = 0.0;
    for (auto it = first; it != last; ++it)
        wordPower += static_cast<double>(*it) * *it;
    const auto span = static_cast<std::size_t>(last - first);
    wordPower /= static_cast<double>(span);
    std::mt19937_64 random(seed);
    const std::vector<double> noise = unitNoise(*this, span, sampleRate, random, otherSpeech);
    const double scale = std::sqrt(wordPower / std::pow(10.0, snrDecibels / 10.0));
    std::vector<float> noisy = window;
    const auto offset = static_cast<std::size_t>(first - window.begin());
    for (std::size_t i = 0; i < span; ++i)
        noisy[offset + i] += static_cast<float>(scale * noise[i]);
    return noisy;
}

}  // namespace convscope
