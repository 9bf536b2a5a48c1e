#pragma once

#include "DigitFormat.h"
#include "FeatureMatrix.h"

#include <cstdint>
#include <vector>

namespace convscope {

/** python_speech_features.mfcc's parameters and defaults, at the dataset's 8000 Hz. */
struct MfccOptions {
    int sampleRate = digits::kSampleRate;
    double windowSeconds = 0.025;
    double stepSeconds = 0.01;
    int coefficients = static_cast<int>(digits::kMfccCoefficients);
    int filters = 26;
    int fftSize = 0;  ///< 0: the next power of two >= the window (256 at 8 kHz)
    double lowHz = 0.0;
    double highHz = 0.0;  ///< 0: sampleRate / 2
    double preemphasis = 0.97;
    int lifter = 22;
    bool appendEnergy = true;  ///< coefficient 0 becomes the log frame energy
    /// Vocal tract length perturbation (Jaitly and Hinton 2013): the filters' edges move from f to f·warp, bending
    /// back above 85 % of the top so that the top stays in place (MfccBatch::warpHz). 1: python_speech_features.
    double warp = 1.0;

    int frameLength() const;  ///< round(window * rate): 200
    int frameStep() const;    ///< round(step * rate): 80
    int resolvedFftSize() const;
    /// python_speech_features' framesig: 1 + ceil((samples - frameLength) / step), at least 1. 74 for 6000.
    std::int64_t frameCount(std::int64_t samples) const;
};

/**
 * MFCC exactly as python_speech_features.mfcc(signal, samplerate) computes it (framing with a zero-padded last
 * frame, no window, power spectrum / NFFT, mel filterbank, log, orthonormal DCT-II, lifter, log energy as
 * coefficient 0), in double precision with FFTW's real FFT. Input on the [-1, 1) scale (value / 32768), as the
 * reference's fsdd_mfcc.npy. Pure functions; any thread.
 */
class Mfcc {
public:
    /// frames × coefficients
    static FeatureMatrix compute(const std::vector<float> &signal, const MfccOptions &options = {});
    /// log of the mel filterbank energies (python_speech_features.logfbank without the energy): frames × filters
    static FeatureMatrix logMelFilterbank(const std::vector<float> &signal, const MfccOptions &options = {});
};

}  // namespace convscope
