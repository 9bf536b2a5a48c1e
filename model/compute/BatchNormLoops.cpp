#include "BatchNormLoops.h"

#include <algorithm>
#include <type_traits>
#include <vector>

namespace convscope {

std::vector<ChannelRange> cachedBlocks(const ChannelBatch &b, ChannelRange range)
{
    constexpr std::int64_t kBlockBytes = 256 * 1024;  // a fifth of a 1.25 MB L2 (the Xeon it was tuned on), for the other operands
    const std::int64_t channelBytes = std::max<std::int64_t>(1, b.valuesPerChannel() * std::int64_t{sizeof(float)});
    const std::int64_t perBlock = std::max<std::int64_t>(1, kBlockBytes / channelBytes);
    std::vector<ChannelRange> blocks;
    for (std::int64_t first = range.first; first < range.end; first += perBlock)
        blocks.push_back({first, std::min(range.end, first + perBlock)});
    return blocks;
}

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

void normaliseReluPoolChannels(const float *x, const ChannelBatch &b, ChannelRange range, const float *scale,
                               const float *shift, std::int64_t pool, float *out)
{
    const std::int64_t windows = b.length / pool;
    const float share = 1.0f / static_cast<float>(pool);
    for (std::int64_t e = 0; e < b.batch; ++e) {
        for (std::int64_t c = range.first; c < range.end; ++c) {
            const float *row = x + b.rowOffset(e, c);
            float *to = out + (e * b.channels + c) * windows;
            const float gain = scale[c], move = shift[c];
            if (pool == 2) {  // the presets' pools: a loop the compiler vectorises
                for (std::int64_t j = 0; j < windows; ++j)
                    to[j] = (std::max(row[2 * j] * gain + move, 0.0f) + std::max(row[2 * j + 1] * gain + move, 0.0f))
                            * share;
                continue;
            }
            for (std::int64_t j = 0; j < windows; ++j) {
                float sum = 0.0f;
                for (std::int64_t q = 0; q < pool; ++q)
                    sum += std::max(row[j * pool + q] * gain + move, 0.0f);
                to[j] = sum * share;
            }
        }
    }
}

namespace {

/// How the gradient reaching the batch norm's output passes the ReLU after it: not at all (no ReLU), where the
/// output kept by the forward pass was positive, or where x · scale + shift (the output computed again, as the
/// forward computed it) is positive, after a pool.
enum class Mask { None, Output, Recomputed };

template <Mask M>
inline float passedGradient(float g, float y, float x, float scale, float shift)
{
    if constexpr (M == Mask::Output)
        return y > 0.0f ? g : 0.0f;
    if constexpr (M == Mask::Recomputed)
        return x * scale + shift > 0.0f ? g : 0.0f;
    return g;
}

/// The gradient that reaches row (e, c) of the batch norm's output before the ReLU's mask: outGradient's own row,
/// or after a pool each window's share of the pooled row's gradient (zero past the last whole window), written to
/// `spread`. The mask is applied in the loops that read it, which vectorise; applying it here, between the pairs of
/// a pool of 2, did not.
inline const float *rowGradient(const NormalisedChannels &saved, const float *outGradient, const ChannelBatch &b,
                                std::int64_t e, std::int64_t c, float *spread)
{
    if (saved.pool == 0)
        return outGradient + b.rowOffset(e, c);
    const std::int64_t pool = saved.pool, windows = b.length / pool;
    const float *pooled = outGradient + (e * b.channels + c) * windows;
    const float share = 1.0f / static_cast<float>(pool);
    if (pool == 2) {  // the presets' pools: a loop the compiler vectorises
        for (std::int64_t j = 0; j < windows; ++j)
            spread[2 * j] = spread[2 * j + 1] = pooled[j] * share;
    } else {
        for (std::int64_t j = 0; j < windows; ++j)
            for (std::int64_t q = 0; q < pool; ++q)
                spread[j * pool + q] = pooled[j] * share;
    }
    std::fill(spread + windows * pool, spread + b.length, 0.0f);
    return spread;
}

/// Calls work(std::integral_constant<Mask, M>{}) with the mask M of the forward pass that `saved` describes.
template <typename Work>
void withMask(const NormalisedChannels &saved, Work work)
{
    if (!saved.relu)
        work(std::integral_constant<Mask, Mask::None>{});
    else if (saved.pool)
        work(std::integral_constant<Mask, Mask::Recomputed>{});
    else
        work(std::integral_constant<Mask, Mask::Output>{});
}

/// Channel c's scale and shift, which only a pooled forward kept (zero otherwise, and unused).
inline float scaleOf(const NormalisedChannels &saved, std::int64_t c) { return saved.scale ? saved.scale[c] : 0.0f; }
inline float shiftOf(const NormalisedChannels &saved, std::int64_t c) { return saved.shift ? saved.shift[c] : 0.0f; }

/// Per channel of the range, Σ g and Σ g · (x − mean), g the gradient that passes the ReLU.
template <Mask M>
void gradientSums(const NormalisedChannels &saved, const float *outGradient, const ChannelBatch &b, ChannelRange range,
                  double *gradientSum, double *centredSum)
{
    std::fill(gradientSum, gradientSum + (range.end - range.first), 0.0);
    std::fill(centredSum, centredSum + (range.end - range.first), 0.0);
    std::vector<float> spread(static_cast<std::size_t>(saved.pool > 0 ? b.length : 0));
    for (std::int64_t e = 0; e < b.batch; ++e) {
        for (std::int64_t c = range.first; c < range.end; ++c) {
            const std::int64_t offset = b.rowOffset(e, c);
            const float *g = rowGradient(saved, outGradient, b, e, c, spread.data()), *x = saved.input + offset;
            const float *y = M == Mask::Output ? saved.output + offset : g;  // read, unused, for other masks
            const float mean = static_cast<float>(saved.mean[c]), scale = scaleOf(saved, c), shift = shiftOf(saved, c);
            float rowSum = 0.0f, rowCentred = 0.0f;
#pragma omp simd reduction(+ : rowSum, rowCentred)
            for (std::int64_t t = 0; t < b.length; ++t) {
                const float passed = passedGradient<M>(g[t], y[t], x[t], scale, shift);
                rowSum += passed;
                rowCentred += passed * (x[t] - mean);
            }
            gradientSum[c - range.first] += rowSum;
            centredSum[c - range.first] += rowCentred;
        }
    }
}

/// dx = gain · g + slope · (x − mean) + offset per channel, and the residual's gradient g, for the range's rows.
template <Mask M>
void writeGradients(const NormalisedChannels &saved, const float *outGradient, const ChannelBatch &b,
                    ChannelRange range, const float *gain, const float *slope, const float *offset,
                    float *inputGradient, float *residualGradient)
{
    std::vector<float> spread(static_cast<std::size_t>(saved.pool > 0 ? b.length : 0));
    for (std::int64_t e = 0; e < b.batch; ++e) {
        for (std::int64_t c = range.first; c < range.end; ++c) {
            const std::int64_t at = b.rowOffset(e, c);
            const float *g = rowGradient(saved, outGradient, b, e, c, spread.data()), *x = saved.input + at;
            const float *y = M == Mask::Output ? saved.output + at : g;  // read, unused, for other masks
            const float scale = scaleOf(saved, c), shift = shiftOf(saved, c);
            if (residualGradient) {
                float *to = residualGradient + at;
#pragma omp simd
                for (std::int64_t t = 0; t < b.length; ++t)
                    to[t] = passedGradient<M>(g[t], y[t], x[t], scale, shift);
            }
            if (!inputGradient)
                continue;
            const std::int64_t i = c - range.first;
            const float mean = static_cast<float>(saved.mean[c]), k = gain[i], s = slope[i], o = offset[i];
            float *to = inputGradient + at;
#pragma omp simd
            for (std::int64_t t = 0; t < b.length; ++t)
                to[t] = k * passedGradient<M>(g[t], y[t], x[t], scale, shift) + s * (x[t] - mean) + o;
        }
    }
}

/// normaliseChannelsBackward for one block of channels.
void backwardBlock(const NormalisedChannels &saved, const float *outGradient, const ChannelBatch &b, ChannelRange range,
                   float *inputGradient, float *residualGradient, float *gammaGradient, float *betaGradient)
{
    const std::size_t count = static_cast<std::size_t>(range.end - range.first);
    std::vector<double> gradientSum(count), centredSum(count);
    withMask(saved, [&](auto mask) {
        gradientSums<decltype(mask)::value>(saved, outGradient, b, range, gradientSum.data(), centredSum.data());
    });
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
    withMask(saved, [&](auto mask) {
        writeGradients<decltype(mask)::value>(saved, outGradient, b, range, gain.data(), slope.data(), offset.data(),
                                              inputGradient, residualGradient);
    });
}

}  // namespace

void normaliseChannelsBackward(const NormalisedChannels &saved, const float *outGradient, const ChannelBatch &b,
                               ChannelRange range, float *inputGradient, float *residualGradient, float *gammaGradient,
                               float *betaGradient)
{
    for (const ChannelRange block : cachedBlocks(b, range))
        backwardBlock(saved, outGradient, b, block, inputGradient, residualGradient, gammaGradient, betaGradient);
}

}  // namespace convscope
