#pragma once

#include <cstdint>
#include <vector>

namespace convscope {

/**
 * A 1-D convolution (groups 1, dilation 1, symmetric zero padding) on a batch laid out as PyTorch's [batch, channels,
 * length], optionally followed by ReLU and AvgPool1d(pool, stride pool), computed in one pass ("fused").
 */
struct ConvGeometry {
    std::int64_t inChannels = 0, outChannels = 0, length = 0, kernel = 0, stride = 1, padding = 0;
    std::int64_t pool = 0;  ///< 0: the convolution alone; P: ReLU then AvgPool1d(P) fused after it

    std::int64_t convLength() const { return (length + 2 * padding - kernel) / stride + 1; }
    /// The length of what the layer returns: the convolution's, or the pooled one (a partial last window dropped).
    std::int64_t outputLength() const { return pool ? convLength() / pool : convLength(); }
    std::int64_t patchSize() const { return inChannels * kernel; }  ///< rows of the unfolded input (im2col)
};

/**
 * One thread's work space for a chunk of examples, kept between chunks so that a layer allocates once per thread.
 * The chunk is laid out channel-major ([channels][examples × length]) so that each chunk is one GEMM.
 */
struct ConvScratch {
    std::vector<float> columns;      ///< the unfolded input: [patchSize][count × convLength]
    std::vector<float> convolution;  ///< the convolution or its gradient: [outChannels][count × convLength]
    std::vector<float> columnGradient;
    std::vector<float> paddedSignal;        ///< one example transposed to [padded time][channel]
    std::vector<float> tapMajorGradient;    ///< a range's weight gradient, its columns ordered [tap][channel]
    std::vector<float> flippedWeight;       ///< [in][out][kernel], reversed along the kernel
};

/// Grows a scratch buffer to at least `size` values without shrinking it (so buffers of different sizes, or a
/// short last batch, do not zero-fill it again and again); returns its data.
float *atLeast(std::vector<float> &buffer, std::int64_t size);

/**
 * How many examples one chunk takes: as many as keep its unfolded input and GEMM output in a core's L2 cache (rounded
 * down so that the chunk's positions are a multiple of 16 when that leaves at least one), but at least one chunk per
 * thread when the batch allows. An unfused convolution on a long signal takes one example at a time, which it
 * computes in place.
 */
std::int64_t examplesPerChunk(const ConvGeometry &g, std::int64_t batch, int threads);

/**
 * Forward for examples [first, first + count) of the batch x ([batch, inChannels, length]) with weight
 * [outChannels, inChannels, kernel] and bias (null for none); writes their rows of `out`
 * ([batch, outChannels, outputLength]). When fused, also keeps the convolution plus bias, which the backward pass
 * needs for ReLU's mask, in `preActivation` (the chunk's channel-major block at offset first × outChannels ×
 * convLength); it may be null when no gradient is wanted.
 */
void convForwardChunk(const ConvGeometry &g, const float *x, const float *weight, const float *bias, std::int64_t first,
                      std::int64_t count, float *out, float *preActivation, ConvScratch &scratch);

/// Forward for examples [first, end) of the batch, chunk by chunk (convForwardChunk), in chunks of perChunk from
/// `first`: the chunks convBackwardRange takes back.
void convForwardRange(const ConvGeometry &g, const float *x, const float *weight, const float *bias, std::int64_t first,
                      std::int64_t end, std::int64_t perChunk, float *out, float *preActivation, ConvScratch &scratch);

/**
 * Backward for examples [first, end) of the batch, in chunks of perChunk from `first`: the chunks convForwardRange
 * took, since a fused forward keeps its pre-activations chunk by chunk. Accumulates the weight and bias gradients
 * into weightGradient ([outChannels, patchSize]) and biasGradient ([outChannels], null for none) and, unless
 * inputGradient is null, writes the range's rows of the input gradient. outGradient is [batch, outChannels,
 * outputLength]; preActivation is what the fused forward kept (ignored when not fused).
 */
void convBackwardRange(const ConvGeometry &g, const float *x, const float *weight, const float *preActivation,
                       const float *outGradient, std::int64_t first, std::int64_t end, std::int64_t perChunk,
                       float *inputGradient, float *weightGradient, float *biasGradient, ConvScratch &scratch);

/// ReLU then AvgPool1d(pool) on one row of `length` values: `out` gets length / pool means.
void reluPoolRow(const float *in, std::int64_t length, std::int64_t pool, float *out);
/// The gradient of reluPoolRow with respect to its input row, from the pooled row's gradient.
void reluPoolGradientRow(const float *in, const float *outGradient, std::int64_t length, std::int64_t pool,
                         float *inGradient);
/// AvgPool1d(pool, stride pool) alone on one row: `out` gets length / pool means.
void avgPoolRow(const float *in, std::int64_t length, std::int64_t pool, float *out);
/// The gradient of avgPoolRow with respect to its input row, from the pooled row's gradient.
void avgPoolGradientRow(const float *outGradient, std::int64_t length, std::int64_t pool, float *inGradient);

}  // namespace convscope
