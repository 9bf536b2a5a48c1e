#pragma once

#include <cstdint>

namespace convscope {

/**
 * |rfft(frame, nfft)|² / nfft for many frames at once with FFTW (Debian's libfftw3), the periodogram
 * python_speech_features' powspec computes. FFTW's batched real-to-complex plans are several times faster
 * here than LibTorch's pocketfft on 222,000 frames of 256 points, and the power is formed in the same pass
 * instead of through complex tensors. Frames shorter than nfft are zero-padded. Thread-safe: plans are made
 * under a lock (FFTW's planner is not re-entrant), executions run in parallel.
 */
class FramePowerSpectrum {
public:
    /// frames: count × frameLength doubles (row-major); power: count × (nfft/2 + 1) doubles.
    static void compute(const double *frames, std::int64_t count, std::int64_t frameLength, int nfft, double *power);
};

}  // namespace convscope
