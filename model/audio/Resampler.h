#pragma once

#include <QString>

#include <vector>

namespace convscope {

/** The outcome of a sample-rate conversion: the samples, or libsamplerate's message. */
struct ResampleResult {
    std::vector<float> samples;
    QString error;
};

/**
 * Sample-rate conversion of mono float audio with libsamplerate (SRC_SINC_MEDIUM_QUALITY by default).
 * Equal rates return the input unchanged. Pure function; any thread.
 */
class Resampler {
public:
    static ResampleResult resample(const std::vector<float> &samples, int fromRate, int toRate);
    /// The recording played `factor` times faster (shorter, higher: speed perturbation, as Kaldi's speed 0.9/1.1),
    /// with SRC_SINC_FASTEST, which is plenty for augmentation. `factor` must be positive.
    static ResampleResult changeSpeed(const std::vector<float> &samples, double factor);
    /// Averages interleaved channels into one.
    static std::vector<float> mixDown(const std::vector<float> &interleaved, int channels);
};

}  // namespace convscope
