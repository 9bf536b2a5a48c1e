#include "BatchNormLoops.h"

#include <algorithm>
#include <vector>

namespace convscope {

void channelMoments(const float *x, const ChannelBatch &b, ChannelRange range, double *mean, double *variance)
{
    const std::size_t count = static_cast<std::size_t>(range.end - range.first);
    // Sums of x − K for K, each channel's first value, so that a large mean costs no precision in the variance.
    std::vector<float> shift(count);
    std::vector<double> sum(count, 0.0), squares(count, 0.0);
    for (std::int64_t c = range.first; c < range.end; ++c)
        shift[static_cast<std::size_t>(c - range.first)] = x[b.rowOffset(0, c)];
    for (std::int64_t e = 0; e < b.batch; ++e) {
        for (std::size_t i = 0; i < count; ++i) {
            const float *row = x + b.rowOffset(e, range.first + static_cast<std::int64_t>(i));
            const float k = shift[i];
            float rowSum = 0.0f, rowSquares = 0.0f;
#pragma omp simd reduction(+ : rowSum, rowSquares)
            for (std::int64_t t = 0; t < b.length; ++t) {
                const float centred = row[t] - k;
                rowSum += centred;
                rowSquares += centred * centred;
            }
            sum[i] += rowSum;
            squares[i] += rowSquares;
        }
    }
    const double values = static_cast<double>(b.valuesPerChannel());
    for (std::size_t i = 0; i < count; ++i) {
        const double centredMean = sum[i] / values;
        const std::int64_t c = range.first + static_cast<std::int64_t>(i);
        mean[c] = shift[i] + centredMean;
        variance[c] = std::max(0.0, squares[i] / values - centredMean * centredMean);
    }
}

void normaliseChannels(const float *x, const float *residual, const ChannelBatch &b, ChannelRange range,
                       const float *scale, const float *shift, bool relu, float *out)
{
    const float floor = relu ? 0.0f : -__builtin_huge_valf();
    for (std::int64_t e = 0; e < b.batch; ++e) {
        for (std::int64_t c = range.first; c < range.end; ++c) {
            const std::int64_t offset = b.rowOffset(e, c);
            const float *row = x + offset;
            float *to = out + offset;
            const float gain = scale[c], move = shift[c];
            if (residual) {
                const float *add = residual + offset;
#pragma omp simd
                for (std::int64_t t = 0; t < b.length; ++t)
                    to[t] = std::max(row[t] * gain + move + add[t], floor);
            } else {
#pragma omp simd
                for (std::int64_t t = 0; t < b.length; ++t)
                    to[t] = std::max(row[t] * gain + move, floor);
            }
        }
    }
}

namespace {

/// The gradient that reaches the batch norm's output through the ReLU (when there is one), whose output is y.
template <bool Relu>
inline float passedGradient(float g, float y)
{
    if constexpr (Relu)
        return y > 0.0f ? g : 0.0f;
    return g;
}

/// Per channel of the range, Σ g and Σ g · (x − mean), g the gradient that passes the ReLU.
template <bool Relu>
void gradientSums(const NormalisedChannels &saved, const float *outGradient, const ChannelBatch &b, ChannelRange range,
                  double *gradientSum, double *centredSum)
{
    std::fill(gradientSum, gradientSum + (range.end - range.first), 0.0);
    std::fill(centredSum, centredSum + (range.end - range.first), 0.0);
    for (std::int64_t e = 0; e < b.batch; ++e) {
        for (std::int64_t c = range.first; c < range.end; ++c) {
            const std::int64_t offset = b.rowOffset(e, c);
            const float *g = outGradient + offset, *x = saved.input + offset, *y = saved.output + offset;
            const float mean = static_cast<float>(saved.mean[c]);
            float rowSum = 0.0f, rowCentred = 0.0f;
#pragma omp simd reduction(+ : rowSum, rowCentred)
            for (std::int64_t t = 0; t < b.length; ++t) {
                const float passed = passedGradient<Relu>(g[t], y[t]);
                rowSum += passed;
                rowCentred += passed * (x[t] - mean);
            }
            gradientSum[c - range.first] += rowSum;
            centredSum[c - range.first] += rowCentred;
        }
    }
}

/// dx = gain · g + slope · (x − mean) + offset per channel, and the residual's gradient g, for the range's rows.
template <bool Relu>
void writeGradients(const NormalisedChannels &saved, const float *outGradient, const ChannelBatch &b,
                    ChannelRange range, const float *gain, const float *slope, const float *offset,
                    float *inputGradient, float *residualGradient)
{
    for (std::int64_t e = 0; e < b.batch; ++e) {
        for (std::int64_t c = range.first; c < range.end; ++c) {
            const std::int64_t at = b.rowOffset(e, c);
            const float *g = outGradient + at, *x = saved.input + at, *y = saved.output + at;
            if (residualGradient) {
                float *to = residualGradient + at;
#pragma omp simd
                for (std::int64_t t = 0; t < b.length; ++t)
                    to[t] = passedGradient<Relu>(g[t], y[t]);
            }
            if (!inputGradient)
                continue;
            const std::int64_t i = c - range.first;
            const float mean = static_cast<float>(saved.mean[c]), k = gain[i], s = slope[i], o = offset[i];
            float *to = inputGradient + at;
#pragma omp simd
            for (std::int64_t t = 0; t < b.length; ++t)
                to[t] = k * passedGradient<Relu>(g[t], y[t]) + s * (x[t] - mean) + o;
        }
    }
}

}  // namespace

void normaliseChannelsBackward(const NormalisedChannels &saved, const float *outGradient, const ChannelBatch &b,
                               ChannelRange range, float *inputGradient, float *residualGradient, float *gammaGradient,
                               float *betaGradient)
{
    const std::size_t count = static_cast<std::size_t>(range.end - range.first);
    std::vector<double> gradientSum(count), centredSum(count);
    if (saved.relu)
        gradientSums<true>(saved, outGradient, b, range, gradientSum.data(), centredSum.data());
    else
        gradientSums<false>(saved, outGradient, b, range, gradientSum.data(), centredSum.data());
    // dx = k · (g − Σg / M − x̂ · Σ(g · x̂) / M) with k = γ · invStd, written as k · g + slope · (x − mean) + offset.
    std::vector<float> gain(count), slope(count), offset(count);
    const double values = static_cast<double>(b.valuesPerChannel());
    for (std::size_t i = 0; i < count; ++i) {
        const std::int64_t c = range.first + static_cast<std::int64_t>(i);
        const double gamma = centredSum[i] * saved.invStd[c], k = saved.gamma[c] * saved.invStd[c];
        gammaGradient[c] = static_cast<float>(gamma);
        betaGradient[c] = static_cast<float>(gradientSum[i]);
        gain[i] = static_cast<float>(k);
        slope[i] = saved.batchStatistics ? static_cast<float>(-k * saved.invStd[c] * gamma / values) : 0.0f;
        offset[i] = saved.batchStatistics ? static_cast<float>(-k * gradientSum[i] / values) : 0.0f;
    }
    if (!inputGradient && !residualGradient)
        return;
    if (saved.relu)
        writeGradients<true>(saved, outGradient, b, range, gain.data(), slope.data(), offset.data(), inputGradient,
                             residualGradient);
    else
        writeGradients<false>(saved, outGradient, b, range, gain.data(), slope.data(), offset.data(), inputGradient,
                              residualGradient);
}

}  // namespace convscope
