#pragma once

#include <cstdint>
#include <memory>

namespace convscope {

/**
 * |rfft(frame, nfft)|² / nfft for many frames at once with FFTW (Debian's libfftw3), the periodogram
 * python_speech_features' powspec computes. FFTW's batched real-to-complex plans are several times faster
 * here than LibTorch's pocketfft on 222,000 frames of 256 points, and the power is formed in the same pass
 * instead of through complex tensors. Frames shorter than nfft are zero-padded.
 * An object holds one plan and its buffers, for reuse over many calls by one thread (plans are made and destroyed
 * under a lock: FFTW's planner is not re-entrant); different objects run in parallel.
 */
class FramePowerSpectrum {
public:
    /// A plan for `framesPerCall` frames of nfft points per FFTW call.
    FramePowerSpectrum(int nfft, int framesPerCall);
    ~FramePowerSpectrum();
    FramePowerSpectrum(const FramePowerSpectrum &) = delete;
    FramePowerSpectrum &operator=(const FramePowerSpectrum &) = delete;

    /// Frame r is frames[r · stride, r · stride + frameLength) (frames may overlap); power: count × (nfft/2 + 1).
    void run(const double *frames, std::int64_t count, std::int64_t frameLength, std::int64_t stride, double *power);

    /// One-off: frames are count × frameLength doubles (row-major).
    static void compute(const double *frames, std::int64_t count, std::int64_t frameLength, int nfft, double *power);

private:
    struct Plan;
    std::unique_ptr<Plan> m_plan;
};

}  // namespace convscope
