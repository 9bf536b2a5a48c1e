#pragma once

#include <cstdint>
#include <vector>

namespace convscope {

/**
 * One "room and microphone" a recording can be heard through: a band-limited microphone (second-order Butterworth
 * high- and low-pass), two peaks or dips in its response (RBJ peaking equalisers) and, when `reverbSeconds` > 0, a
 * room's reverberation (a Schroeder reverberator: four parallel comb filters and two all-passes, mixed in at
 * `reverbMix`). Training copies heard through random rooms teach a net that the channel is not the word
 * (docs/speakers.md).
 */
struct Room {
    double highPassHz = 100.0;
    double lowPassHz = 3600.0;
    double peakHz[2] = {800.0, 2000.0};
    double peakQ[2] = {1.0, 1.0};
    double peakGainDb[2] = {0.0, 0.0};
    double reverbSeconds = 0.0;  ///< RT60, the time the reverberation takes to fall by 60 dB; 0: a dry room
    double reverbMix = 0.0;      ///< the reverberation's level next to the direct sound

    /// A room drawn from `seed` alone (the same seed, the same room): high-pass 60-400 Hz, low-pass 2.4-3.9 kHz,
    /// peaks at 300-3600 Hz of ±8 dB and Q 0.7-2, and in six rooms of ten a reverberation of RT60 0.15-0.6 s
    /// mixed at 0.15-0.6.
    static Room random(std::uint64_t seed);

    /// `samples` (at `sampleRate` Hz) heard through this room. Same length; the reverberation's tail past the end
    /// is cut. Pure function; any thread.
    std::vector<float> apply(const std::vector<float> &samples, int sampleRate) const;
};

}  // namespace convscope
