#include "KernelResponse.h"

#include "data/DigitFormat.h"
#include "data/FramePowerSpectrum.h"
#include "receptive/AnalyticReceptiveField.h"

#include <algorithm>
#include <cmath>

namespace convscope {

KernelResponse kernelResponse(const LayerActivation &weight, std::int64_t channel, double sampleRate, int nfft)
{
    KernelResponse response;
    if (weight.shape.size() != 3 || channel < 0 || channel >= weight.shape[0] || nfft < 2)
        return response;
    const std::int64_t inputs = weight.shape[1];
    const std::int64_t taps = std::min<std::int64_t>(weight.shape[2], nfft);
    std::vector<double> rows(static_cast<std::size_t>(inputs * taps));
    for (std::int64_t i = 0; i < inputs; ++i)
        for (std::int64_t t = 0; t < taps; ++t)
            rows[static_cast<std::size_t>(i * taps + t)] =
                weight.values[static_cast<std::size_t>((channel * inputs + i) * weight.shape[2] + t)];
    const std::size_t bins = static_cast<std::size_t>(nfft / 2 + 1);
    std::vector<double> power(static_cast<std::size_t>(inputs) * bins);
    FramePowerSpectrum::compute(rows.data(), inputs, taps, nfft, power.data());

    std::vector<double> total(bins, 0.0);
    for (std::int64_t i = 0; i < inputs; ++i)
        for (std::size_t b = 0; b < bins; ++b)
            total[b] += power[static_cast<std::size_t>(i) * bins + b];
    const auto peak = std::max_element(total.begin(), total.end());
    const double peakPower = std::max(*peak, 1e-30);
    response.peakHertz = static_cast<double>(peak - total.begin()) * sampleRate / nfft;
    for (std::size_t b = 0; b < bins; ++b) {
        response.hertz.push_back(static_cast<double>(b) * sampleRate / nfft);
        // Floor at -120 dB so a zero bin draws as a deep notch instead of minus infinity.
        response.decibels.push_back(std::max(-120.0, 10.0 * std::log10(std::max(total[b], 1e-30) / peakPower)));
    }
    return response;
}

std::optional<std::size_t> kernelLayerOf(const NetworkSpec &network, std::size_t layer)
{
    for (std::size_t i = std::min(layer + 1, network.layers.size()); i-- > 0;) {
        const LayerSpec &spec = network.layers[i];
        if (spec.kind == LayerKind::Conv && spec.dims == 1)
            return i;
        const bool keepsChannels = spec.kind == LayerKind::Activation || spec.kind == LayerKind::AvgPool ||
                                   spec.kind == LayerKind::MaxPool || spec.kind == LayerKind::BatchNorm ||
                                   spec.kind == LayerKind::Dropout || spec.kind == LayerKind::ZeroPad;
        if (!keepsChannels)
            return std::nullopt;
    }
    return std::nullopt;
}

double inputRateOf(const ActivationSnapshot &snapshot, std::size_t layer)
{
    const double baseRate = snapshot.mfccInput ? 100.0 : static_cast<double>(digits::kSampleRate);
    if (layer == 0)
        return baseRate;
    const std::vector<AnalyticField> fields = analyticReceptiveFields(snapshot.network);
    return layer - 1 < fields.size() ? baseRate / static_cast<double>(fields[layer - 1].jump[0]) : baseRate;
}

}  // namespace convscope
