#include "BatchNormLoops.h"

#include <algorithm>

namespace convscope {

void channelMoments(const float *x, const ChannelBatch &b, std::int64_t c, double &mean, double &variance)
{
    // Sums of x − K for K, the channel's first value, so that a large mean costs no precision in the variance.
    const float shift = x[b.rowOffset(0, c)];
    double sum = 0.0, squares = 0.0;
    for (std::int64_t e = 0; e < b.batch; ++e) {
        const float *row = x + b.rowOffset(e, c);
        float rowSum = 0.0f, rowSquares = 0.0f;
#pragma omp simd reduction(+ : rowSum, rowSquares)
        for (std::int64_t t = 0; t < b.length; ++t) {
            const float centred = row[t] - shift;
            rowSum += centred;
            rowSquares += centred * centred;
        }
        sum += rowSum;
        squares += rowSquares;
    }
    const double count = static_cast<double>(b.valuesPerChannel());
    const double centredMean = sum / count;
    mean = shift + centredMean;
    variance = std::max(0.0, squares / count - centredMean * centredMean);
}

void normaliseChannel(const float *x, const float *residual, const ChannelBatch &b, std::int64_t c, float scale,
                      float shift, bool relu, float *out)
{
    const float floor = relu ? 0.0f : -__builtin_huge_valf();
    for (std::int64_t e = 0; e < b.batch; ++e) {
        const std::int64_t offset = b.rowOffset(e, c);
        const float *row = x + offset;
        float *to = out + offset;
        if (residual) {
            const float *add = residual + offset;
#pragma omp simd
            for (std::int64_t t = 0; t < b.length; ++t)
                to[t] = std::max(row[t] * scale + shift + add[t], floor);
        } else {
#pragma omp simd
            for (std::int64_t t = 0; t < b.length; ++t)
                to[t] = std::max(row[t] * scale + shift, floor);
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

/// Σ g and Σ g · (x − mean) of one channel, g the gradient that passes the ReLU.
template <bool Relu>
void gradientSums(const NormalisedChannel &saved, const float *outGradient, const ChannelBatch &b, std::int64_t c,
                  double &gradientSum, double &centredSum)
{
    const float mean = static_cast<float>(saved.mean);
    gradientSum = centredSum = 0.0;
    for (std::int64_t e = 0; e < b.batch; ++e) {
        const std::int64_t offset = b.rowOffset(e, c);
        const float *g = outGradient + offset, *x = saved.input + offset, *y = saved.output + offset;
        float rowSum = 0.0f, rowCentred = 0.0f;
#pragma omp simd reduction(+ : rowSum, rowCentred)
        for (std::int64_t t = 0; t < b.length; ++t) {
            const float passed = passedGradient<Relu>(g[t], y[t]);
            rowSum += passed;
            rowCentred += passed * (x[t] - mean);
        }
        gradientSum += rowSum;
        centredSum += rowCentred;
    }
}

/// dx = gain · g + slope · (x − mean) + offset, and the residual's gradient g, for the channel's rows.
template <bool Relu>
void writeGradients(const NormalisedChannel &saved, const float *outGradient, const ChannelBatch &b, std::int64_t c,
                    float gain, float slope, float offset, float *inputGradient, float *residualGradient)
{
    const float mean = static_cast<float>(saved.mean);
    for (std::int64_t e = 0; e < b.batch; ++e) {
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
        float *to = inputGradient + at;
#pragma omp simd
        for (std::int64_t t = 0; t < b.length; ++t)
            to[t] = gain * passedGradient<Relu>(g[t], y[t]) + slope * (x[t] - mean) + offset;
    }
}

}  // namespace

void normaliseChannelBackward(const NormalisedChannel &saved, const float *outGradient, const ChannelBatch &b,
                              std::int64_t c, float *inputGradient, float *residualGradient, double &gammaGradient,
                              double &betaGradient)
{
    double gradientSum = 0.0, centredSum = 0.0;
    if (saved.relu)
        gradientSums<true>(saved, outGradient, b, c, gradientSum, centredSum);
    else
        gradientSums<false>(saved, outGradient, b, c, gradientSum, centredSum);
    betaGradient = gradientSum;
    gammaGradient = centredSum * saved.invStd;
    if (!inputGradient && !residualGradient)
        return;
    // dx = k · (g − Σg / M − x̂ · Σ(g · x̂) / M) with k = γ · invStd, written as k · g + slope · (x − mean) + offset.
    const double k = saved.gamma * saved.invStd, count = static_cast<double>(b.valuesPerChannel());
    const float gain = static_cast<float>(k);
    const float slope = saved.batchStatistics ? static_cast<float>(-k * saved.invStd * gammaGradient / count) : 0.0f;
    const float offset = saved.batchStatistics ? static_cast<float>(-k * gradientSum / count) : 0.0f;
    if (saved.relu)
        writeGradients<true>(saved, outGradient, b, c, gain, slope, offset, inputGradient, residualGradient);
    else
        writeGradients<false>(saved, outGradient, b, c, gain, slope, offset, inputGradient, residualGradient);
}

}  // namespace convscope
