#include "ConvLoops.h"

#include "Sgemm.h"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace convscope {

namespace {

/// The output positions [first, end) at which `tap` reads inside the signal (for stride 1: the others read padding).
struct TapRange {
    std::int64_t first, end;
};

TapRange insideRange(const ConvGeometry &g, std::int64_t tap)
{
    const std::int64_t convLength = g.convLength();
    const std::int64_t first = std::clamp<std::int64_t>(g.padding - tap, 0, convLength);
    return {first, std::clamp<std::int64_t>(g.length + g.padding - tap, first, convLength)};
}

/// One row of the unfolded input: what `tap` sees of one signal at every output position.
void unfoldRow(const ConvGeometry &g, const float *signal, std::int64_t tap, float *to)
{
    const std::int64_t convLength = g.convLength();
    if (g.stride == 1) {  // a shifted copy between zeros: the common case, kept to memset and memcpy
        const TapRange inside = insideRange(g, tap);
        std::fill(to, to + inside.first, 0.0f);
        std::copy(signal + inside.first + tap - g.padding, signal + inside.end + tap - g.padding, to + inside.first);
        std::fill(to + inside.end, to + convLength, 0.0f);
        return;
    }
    for (std::int64_t t = 0; t < convLength; ++t) {
        const std::int64_t at = t * g.stride + tap - g.padding;
        to[t] = at >= 0 && at < g.length ? signal[at] : 0.0f;
    }
}

/// Adds one row of the unfolded input's gradient back onto the signal samples it came from.
void foldRow(const ConvGeometry &g, const float *from, std::int64_t tap, float *signal)
{
    if (g.stride == 1) {
        const TapRange inside = insideRange(g, tap);
        float *to = signal + tap - g.padding;
        for (std::int64_t t = inside.first; t < inside.end; ++t)
            to[t] += from[t];
        return;
    }
    for (std::int64_t t = 0; t < g.convLength(); ++t) {
        const std::int64_t at = t * g.stride + tap - g.padding;
        if (at >= 0 && at < g.length)
            signal[at] += from[t];
    }
}

/// im2col for a chunk: row (channel, tap) of `columns` holds, for each example, the input samples that tap sees
/// at every output position (zero where it falls in the padding).
void unfoldChunk(const ConvGeometry &g, const float *x, std::int64_t first, std::int64_t count, float *columns)
{
    const std::int64_t convLength = g.convLength(), width = count * convLength;
    for (std::int64_t c = 0; c < g.inChannels; ++c)
        for (std::int64_t tap = 0; tap < g.kernel; ++tap)
            for (std::int64_t e = 0; e < count; ++e)
                unfoldRow(g, x + ((first + e) * g.inChannels + c) * g.length, tap,
                          columns + (c * g.kernel + tap) * width + e * convLength);
}

/// col2im for a chunk: adds each column entry back onto the input sample it came from.
void foldChunk(const ConvGeometry &g, const float *columns, std::int64_t first, std::int64_t count, float *inputGradient)
{
    const std::int64_t convLength = g.convLength(), width = count * convLength;
    std::fill(inputGradient + first * g.inChannels * g.length, inputGradient + (first + count) * g.inChannels * g.length,
              0.0f);
    for (std::int64_t c = 0; c < g.inChannels; ++c)
        for (std::int64_t tap = 0; tap < g.kernel; ++tap)
            for (std::int64_t e = 0; e < count; ++e)
                foldRow(g, columns + (c * g.kernel + tap) * width + e * convLength, tap,
                        inputGradient + ((first + e) * g.inChannels + c) * g.length);
}

/**
 * im2col laid out time-major, for the weight gradient: row e × convLength + t holds, tap by tap, every channel's
 * sample that the tap sees at output position t of example e (zero in the padding), so that its columns are ordered
 * [tap][channel]. Built from each example's signal transposed to [padded time][channel], whose rows a window of
 * `kernel` consecutive rows is.
 */
void unfoldChunkTimeMajor(const ConvGeometry &g, const float *x, std::int64_t first, std::int64_t count,
                          std::vector<float> &paddedSignal, float *rows)
{
    const std::int64_t channels = g.inChannels, padded = g.length + 2 * g.padding, convLength = g.convLength();
    float *signal = atLeast(paddedSignal, padded * channels);
    std::fill(signal, signal + g.padding * channels, 0.0f);
    std::fill(signal + (g.length + g.padding) * channels, signal + padded * channels, 0.0f);
    for (std::int64_t e = 0; e < count; ++e) {
        const float *example = x + (first + e) * channels * g.length;
        float *body = signal + g.padding * channels;
        constexpr std::int64_t kBlock = 64;  // a block of time steps of every channel stays in L1 while transposed
        for (std::int64_t t0 = 0; t0 < g.length; t0 += kBlock)
            for (std::int64_t c = 0; c < channels; ++c)
                for (std::int64_t t = t0; t < std::min(g.length, t0 + kBlock); ++t)
                    body[t * channels + c] = example[c * g.length + t];
        float *exampleRows = rows + e * convLength * g.patchSize();
        for (std::int64_t t = 0; t < convLength; ++t)
            std::copy_n(signal + t * g.stride * channels, g.patchSize(), exampleRows + t * g.patchSize());
    }
}

constexpr std::int64_t kTimeMajorFromOutChannels = 16;

/**
 * Adds the chunk's weight gradient, Σ over its positions of the output gradient × the unfolded input, to
 * weightGradient ([outChannels, patchSize]). oneDNN 2.6's GEMM with both operands read along the long sum (the
 * channel-major unfold, "NT") reaches 20-40 GFLOP/s on one core for 16 or more output channels, against 120-150 for
 * the time-major unfold ("NN"), whose copy costs less than the difference; below 16 the channel-major one is faster
 * (docs/performance.md, "Fast kernels"). The time-major GEMM's columns are ordered [tap][channel]: it sums into
 * scratch.tapMajorGradient (from zero at a range's first chunk), which addTapMajorGradient adds once per range.
 */
void addWeightGradient(const ConvGeometry &g, const float *x, const float *gradientRows, std::int64_t first,
                       std::int64_t count, bool firstOfRange, float *weightGradient, ConvScratch &scratch)
{
    const std::int64_t width = count * g.convLength(), patch = g.patchSize();
    if (g.outChannels < kTimeMajorFromOutChannels) {
        float *columns = atLeast(scratch.columns, patch * width);
        unfoldChunk(g, x, first, count, columns);
        sgemm(false, true, g.outChannels, patch, width, 1.0f, gradientRows, width, columns, width, 1.0f,
              weightGradient, patch);
        return;
    }
    float *rows = atLeast(scratch.columns, patch * width);
    unfoldChunkTimeMajor(g, x, first, count, scratch.paddedSignal, rows);
    float *tapMajor = atLeast(scratch.tapMajorGradient, g.outChannels * patch);
    sgemm(false, false, g.outChannels, patch, width, 1.0f, gradientRows, width, rows, patch, firstOfRange ? 0.0f : 1.0f,
          tapMajor, patch);
}

/// Adds the range's time-major weight gradient to weightGradient, its columns permuted to [channel][tap]: once per
/// range rather than per chunk, which had cost the voice net's three convolutions 0.45 ms of a 17 ms step.
void addTapMajorGradient(const ConvGeometry &g, const ConvScratch &scratch, float *weightGradient)
{
    const std::int64_t patch = g.patchSize();
    const float *tapMajor = scratch.tapMajorGradient.data();
    for (std::int64_t o = 0; o < g.outChannels; ++o)
        for (std::int64_t tap = 0; tap < g.kernel; ++tap)
            for (std::int64_t c = 0; c < g.inChannels; ++c)
                weightGradient[o * patch + c * g.kernel + tap] += tapMajor[o * patch + tap * g.inChannels + c];
}

/**
 * The input gradient of one example of a stride-1 convolution, computed as a convolution itself: of the output
 * gradient, with the kernel flipped and its channels swapped, padded by kernel − 1 − padding, which writes the input
 * gradient in place. The usual way (Wᵀ · gradient, then col2im) writes and re-reads the unfolded gradient with a
 * GEMM whose sums are only outChannels long; this one's are outChannels × kernel long. 1.2-2.1x faster for the
 * resnet preset's layers that need an input gradient, slower when the output has over twice the input's channels.
 */
void writeInputGradientByConvolution(const ConvGeometry &g, const float *weight, const float *outGradient,
                                     std::int64_t example, float *inputGradient, ConvScratch &scratch)
{
    ConvGeometry transposed;
    transposed.inChannels = g.outChannels;
    transposed.outChannels = g.inChannels;
    transposed.length = g.convLength();
    transposed.kernel = g.kernel;
    transposed.padding = g.kernel - 1 - g.padding;  // transposed.convLength() is then g.length
    float *flipped = atLeast(scratch.flippedWeight, g.outChannels * g.patchSize());
    for (std::int64_t in = 0; in < g.inChannels; ++in)
        for (std::int64_t out = 0; out < g.outChannels; ++out)
            for (std::int64_t tap = 0; tap < g.kernel; ++tap)
                flipped[(in * g.outChannels + out) * g.kernel + tap] =
                    weight[(out * g.inChannels + in) * g.kernel + g.kernel - 1 - tap];
    convForwardChunk(transposed, outGradient, flipped, nullptr, example, 1, inputGradient, nullptr, scratch);
}

/// convBackwardRange's work for one chunk of examples [first, first + count).
void backwardChunk(const ConvGeometry &g, const float *x, const float *weight, const float *preActivation,
                   const float *outGradient, std::int64_t first, std::int64_t count, bool firstOfRange,
                   float *inputGradient, float *weightGradient, float *biasGradient, ConvScratch &scratch)
{
    const std::int64_t convLength = g.convLength(), width = count * convLength, outLength = g.outputLength();
    const bool inPlace = count == 1 && !g.pool;  // the output gradient of one example is already channel-major
    float *gradient = inPlace ? nullptr : atLeast(scratch.convolution, g.outChannels * width);
    const float *gradientRows = inPlace ? outGradient + first * g.outChannels * convLength : gradient;
    for (std::int64_t c = 0; c < g.outChannels; ++c) {
        double biasSum = 0.0;
        for (std::int64_t e = 0; e < count; ++e) {
            const float *row = gradientRows + c * width + e * convLength;
            const float *from = outGradient + ((first + e) * g.outChannels + c) * outLength;
            if (g.pool)
                reluPoolGradientRow(preActivation + first * g.outChannels * convLength + c * width + e * convLength,
                                    from, convLength, g.pool, gradient + c * width + e * convLength);
            else if (!inPlace)
                std::copy(from, from + convLength, gradient + c * width + e * convLength);
            if (!biasGradient)
                continue;
            float rowSum = 0.0f;  // rows are a few thousand values long; `omp simd` lets the float sum vectorise
#pragma omp simd reduction(+ : rowSum)
            for (std::int64_t t = 0; t < convLength; ++t)
                rowSum += row[t];
            biasSum += rowSum;
        }
        if (biasGradient)
            biasGradient[c] += static_cast<float>(biasSum);
    }
    addWeightGradient(g, x, gradientRows, first, count, firstOfRange, weightGradient, scratch);
    if (!inputGradient)
        return;
    if (inPlace && g.stride == 1 && g.padding < g.kernel && g.outChannels <= 2 * g.inChannels) {
        writeInputGradientByConvolution(g, weight, outGradient, first, inputGradient, scratch);
        return;
    }
    float *columnGradient = atLeast(scratch.columnGradient, g.patchSize() * width);
    sgemm(true, false, g.patchSize(), width, g.outChannels, 1.0f, weight, g.patchSize(), gradientRows, width, 0.0f,
          columnGradient, width);
    foldChunk(g, columnGradient, first, count, inputGradient);
}

}  // namespace

float *atLeast(std::vector<float> &buffer, std::int64_t size)
{
    if (buffer.size() < static_cast<std::size_t>(size))
        buffer.resize(static_cast<std::size_t>(size));
    return buffer.data();
}

std::int64_t examplesPerChunk(const ConvGeometry &g, std::int64_t batch, int threads)
{
    constexpr std::int64_t kColumnsPerChunk = 1 << 16;  // floats of unfolded input per chunk
    if (!g.pool && g.convLength() >= 256)
        return 1;
    std::int64_t byMemory = std::max<std::int64_t>(1, kColumnsPerChunk / (g.patchSize() * g.convLength()));
    // oneDNN's kernels take 16 floats at a time: a chunk as wide as a multiple of 16 positions ran the voice net's
    // 128 -> 128 convolution 10 % faster (8 examples of 18 positions against 9).
    const std::int64_t align = 16 / std::gcd<std::int64_t>(g.convLength(), 16);
    if (byMemory >= align)
        byMemory = byMemory / align * align;
    const std::int64_t perThread = (batch + std::max(1, threads) - 1) / std::max(1, threads);
    return std::clamp<std::int64_t>(std::min(byMemory, perThread), 1, std::max<std::int64_t>(1, batch));
}

void convForwardChunk(const ConvGeometry &g, const float *x, const float *weight, const float *bias, std::int64_t first,
                      std::int64_t count, float *out, float *preActivation, ConvScratch &scratch)
{
    const std::int64_t convLength = g.convLength(), width = count * convLength, outLength = g.outputLength();
    float *columns = atLeast(scratch.columns, g.patchSize() * width);
    unfoldChunk(g, x, first, count, columns);
    // A chunk of one example is laid out as the output itself, so an unfused convolution writes there directly.
    float *convolution = preActivation && g.pool ? preActivation + first * g.outChannels * convLength
                         : count == 1 && !g.pool ? out + first * g.outChannels * convLength
                                                 : nullptr;
    if (!convolution)
        convolution = atLeast(scratch.convolution, g.outChannels * width);
    sgemm(false, false, g.outChannels, width, g.patchSize(), 1.0f, weight, g.patchSize(), columns, width, 0.0f,
          convolution, width);
    for (std::int64_t c = 0; c < g.outChannels; ++c) {
        for (std::int64_t e = 0; e < count; ++e) {
            float *row = convolution + c * width + e * convLength;
            if (bias)
                std::for_each(row, row + convLength, [b = bias[c]](float &v) { v += b; });
            float *to = out + ((first + e) * g.outChannels + c) * outLength;
            if (g.pool)
                reluPoolRow(row, convLength, g.pool, to);
            else if (to != row)
                std::copy(row, row + convLength, to);
        }
    }
}

void convForwardRange(const ConvGeometry &g, const float *x, const float *weight, const float *bias, std::int64_t first,
                      std::int64_t end, std::int64_t perChunk, float *out, float *preActivation, ConvScratch &scratch)
{
    for (std::int64_t start = first; start < end; start += perChunk)
        convForwardChunk(g, x, weight, bias, start, std::min(perChunk, end - start), out, preActivation, scratch);
}

void convBackwardRange(const ConvGeometry &g, const float *x, const float *weight, const float *preActivation,
                       const float *outGradient, std::int64_t first, std::int64_t end, std::int64_t perChunk,
                       float *inputGradient, float *weightGradient, float *biasGradient, ConvScratch &scratch)
{
    for (std::int64_t start = first; start < end; start += perChunk)
        backwardChunk(g, x, weight, preActivation, outGradient, start, std::min(perChunk, end - start), start == first,
                      inputGradient, weightGradient, biasGradient, scratch);
    if (first < end && g.outChannels >= kTimeMajorFromOutChannels)
        addTapMajorGradient(g, scratch, weightGradient);
}

void reluPoolRow(const float *in, std::int64_t length, std::int64_t pool, float *out)
{
    const std::int64_t windows = length / pool;
    const float scale = 1.0f / static_cast<float>(pool);
    if (pool == 2) {  // the assignment's pools: an unrolled loop the compiler vectorises
        for (std::int64_t j = 0; j < windows; ++j)
            out[j] = (std::max(in[2 * j], 0.0f) + std::max(in[2 * j + 1], 0.0f)) * scale;
        return;
    }
    for (std::int64_t j = 0; j < windows; ++j) {
        float sum = 0.0f;
        for (std::int64_t q = 0; q < pool; ++q)
            sum += std::max(in[j * pool + q], 0.0f);
        out[j] = sum * scale;
    }
}

void reluPoolGradientRow(const float *in, const float *outGradient, std::int64_t length, std::int64_t pool,
                         float *inGradient)
{
    const std::int64_t windows = length / pool;
    const float scale = 1.0f / static_cast<float>(pool);
    if (pool == 2) {
        for (std::int64_t j = 0; j < windows; ++j) {
            const float share = outGradient[j] * scale;
            inGradient[2 * j] = in[2 * j] > 0.0f ? share : 0.0f;
            inGradient[2 * j + 1] = in[2 * j + 1] > 0.0f ? share : 0.0f;
        }
    } else {
        for (std::int64_t j = 0; j < windows; ++j) {
            const float share = outGradient[j] * scale;
            for (std::int64_t q = 0; q < pool; ++q)
                inGradient[j * pool + q] = in[j * pool + q] > 0.0f ? share : 0.0f;
        }
    }
    std::fill(inGradient + windows * pool, inGradient + length, 0.0f);
}

void avgPoolRow(const float *in, std::int64_t length, std::int64_t pool, float *out)
{
    const float divisor = static_cast<float>(pool);  // divided, as LibTorch's mean divides
    for (std::int64_t j = 0; j < length / pool; ++j) {
        float sum = 0.0f;
        for (std::int64_t q = 0; q < pool; ++q)
            sum += in[j * pool + q];
        out[j] = sum / divisor;
    }
}

void avgPoolGradientRow(const float *outGradient, std::int64_t length, std::int64_t pool, float *inGradient)
{
    const std::int64_t windows = length / pool;
    const float divisor = static_cast<float>(pool);
    for (std::int64_t j = 0; j < windows; ++j)
        std::fill_n(inGradient + j * pool, pool, outGradient[j] / divisor);
    std::fill(inGradient + windows * pool, inGradient + length, 0.0f);
}

}  // namespace convscope
