#include "Resampler.h"

#include <samplerate.h>

#include <cmath>

namespace convscope {

ResampleResult Resampler::resample(const std::vector<float> &samples, int fromRate, int toRate)
{
    ResampleResult result;
    if (fromRate <= 0 || toRate <= 0) {
        result.error = QString("Cannot resample from %1 Hz to %2 Hz: rates must be positive.").arg(fromRate).arg(toRate);
        return result;
    }
    if (fromRate == toRate || samples.empty()) {
        result.samples = samples;
        return result;
    }
    const double ratio = static_cast<double>(toRate) / fromRate;
    result.samples.resize(static_cast<std::size_t>(std::ceil(samples.size() * ratio)) + 16);
    SRC_DATA data{};
    data.data_in = samples.data();
    data.input_frames = static_cast<long>(samples.size());
    data.data_out = result.samples.data();
    data.output_frames = static_cast<long>(result.samples.size());
    data.src_ratio = ratio;
    const int error = src_simple(&data, SRC_SINC_MEDIUM_QUALITY, 1);
    if (error != 0) {
        result.samples.clear();
        result.error = QString("Resampling from %1 Hz to %2 Hz failed: %3 (libsamplerate).")
                           .arg(fromRate)
                           .arg(toRate)
                           .arg(QString::fromUtf8(src_strerror(error)));
        return result;
    }
    result.samples.resize(static_cast<std::size_t>(data.output_frames_gen));
    return result;
}

std::vector<float> Resampler::mixDown(const std::vector<float> &interleaved, int channels)
{
    if (channels <= 1)
        return interleaved;
    std::vector<float> mono(interleaved.size() / static_cast<std::size_t>(channels));
    for (std::size_t frame = 0; frame < mono.size(); ++frame) {
        double sum = 0.0;
        for (int c = 0; c < channels; ++c)
            sum += interleaved[frame * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)];
        mono[frame] = static_cast<float>(sum / channels);
    }
    return mono;
}

}  // namespace convscope
