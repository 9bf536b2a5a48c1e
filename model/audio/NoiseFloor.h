#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace convscope {

/**
 * A room's noise floor, as a real take has under and around its word: white, pink (1/f), mains hum (50 or 60 Hz
 * with its harmonics) or babble (other people's speech, played backwards so that it holds no digit), at a
 * signal-to-noise ratio measured against the word's own power. Training copies with a noise floor teach a net
 * that the hiss and chatter of a classroom are not part of the digit (docs/speakers.md).
 */
struct NoiseFloor {
    enum class Kind { White, Pink, Hum, Babble };

    Kind kind = Kind::White;
    double snrDecibels = 30.0;  ///< the word's power over the noise's
    double humHz = 50.0;        ///< Hum only: the mains frequency

    /// A noise floor drawn from `seed` alone (the same seed, the same noise): white, pink, hum or babble in equal
    /// shares, 8-40 dB below the word (uniform in decibels), hum at 50 or 60 Hz.
    static NoiseFloor random(std::uint64_t seed);

    /// `count` samples of this kind of noise alone at unit power (its snrDecibels unused), drawn from `seed`.
    std::vector<double> unitPower(std::size_t count, int sampleRate, std::uint64_t seed,
                                  const std::vector<float> &otherSpeech = {}) const;

    /// `window` with this noise added over the span it is not silent in (its first to its last non-zero sample:
    /// where a centred word was placed, as a take's noise is cut out with its word). The noise itself is drawn from
    /// `seed`; babble is `otherSpeech` backwards, repeated to fill the span (pink noise when it is empty). An
    /// all-zero window is returned unchanged. Pure function; any thread.
    std::vector<float> apply(const std::vector<float> &window, int sampleRate, std::uint64_t seed,
                             const std::vector<float> &otherSpeech = {}) const;
};

}  // namespace convscope
