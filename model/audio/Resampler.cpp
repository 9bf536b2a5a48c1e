#include "Resampler.h"

#include <samplerate.h>

#include <cmath>

namespace convscope {

namespace {

/// libsamplerate's one-shot conversion by `ratio` (output rate / input rate); `what` names it in an error.
ResampleResult convert(const std::vector<float> &samples, double ratio, int converter, const QString &what)
{
    ResampleResult result;
    result.samples.resize(static_cast<std::size_t>(std::ceil(samples.size() * ratio)) + 16);
    SRC_DATA data{};
    data.data_in = samples.data();
    data.input_frames = static_cast<long>(samples.size());
    data.data_out = result.samples.data();
    data.output_frames = static_cast<long>(result.samples.size());
    data.src_ratio = ratio;
    const int error = src_simple(&data, converter, 1);
    if (error != 0) {
        result.samples.clear();
        result.error = what + " failed: " + QString::fromUtf8(src_strerror(error)) + " (libsamplerate).";
        return result;
    }
    result.samples.resize(static_cast<std::size_t>(data.output_frames_gen));
    return result;
}

}  // namespace

ResampleResult Resampler::resample(const std::vector<float> &samples, int fromRate, int toRate)
{
    if (fromRate <= 0 || toRate <= 0) {
        ResampleResult result;
        result.error = QString("Cannot resample from %1 Hz to %2 Hz: rates must be positive.").arg(fromRate).arg(toRate);
        return result;
    }
    if (fromRate == toRate || samples.empty())
        return {samples, {}};
    return convert(samples, static_cast<double>(toRate) / fromRate, SRC_SINC_MEDIUM_QUALITY,
                   QString("Resampling from %1 Hz to %2 Hz").arg(fromRate).arg(toRate));
}

ResampleResult Resampler::changeSpeed(const std::vector<float> &samples, double factor)
{
    if (!(factor > 0.0) || factor > 256.0) {
        ResampleResult result;
        result.error = QString("Cannot change the speed by %1: the factor must be in (0, 256].").arg(factor);
        return result;
    }
    if (factor == 1.0 || samples.empty())
        return {samples, {}};
    return convert(samples, 1.0 / factor, SRC_SINC_FASTEST, QString("Changing the speed by %1").arg(factor));
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
