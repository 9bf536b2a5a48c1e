#pragma once

#include <cstdint>
#include <vector>

namespace convscope {

/**
 * Batch norm over channels of a batch laid out as PyTorch's [batch, channels, length] (length 1 for
 * [batch, features]), with an optional residual added and an optional ReLU after it, in one pass per direction:
 * out = relu?((x − mean) · invStd · γ + β + residual). Training uses the batch's statistics, evaluation the running
 * ones; the backward pass differs accordingly. Torch-free, so that it compiles at -O3 with vectorised sums.
 *
 * Each function handles a range of channels and walks the memory in order, example by example and within each
 * example channel by channel. Walking one channel at a time through every example jumped channels × length values
 * between rows: with the voice net's 18-74 values a row, a new page every row, and the batch norms took 1.9 ns a
 * value forward.
 */
struct ChannelBatch {
    std::int64_t batch = 0, channels = 0, length = 0;

    std::int64_t valuesPerChannel() const { return batch * length; }
    std::int64_t rowOffset(std::int64_t example, std::int64_t channel) const
    {
        return (example * channels + channel) * length;
    }
};

/// Channels [first, end). Every per-channel array the functions take or fill is indexed by channel, whole.
struct ChannelRange {
    std::int64_t first = 0, end = 0;
};

/**
 * The channels of `range` in blocks whose values across the batch fit together in a core's L2 cache, so that the
 * second pass over a block (normalising after the moments, writing the gradients after their sums) reads it from
 * cache: on the voice net a layer's input is 0.6-1.2 MB, and each pass had read it from memory.
 */
std::vector<ChannelRange> cachedBlocks(const ChannelBatch &b, ChannelRange range);

/// The batch's mean and biased variance of each channel in `range`, summed in float along rows and in double across
/// them.
void channelMoments(const float *x, const ChannelBatch &b, ChannelRange range, double *mean, double *variance);

/// Writes the range's channels of out = relu?(x · scale[c] + shift[c] + residual); `residual` may be null.
void normaliseChannels(const float *x, const float *residual, const ChannelBatch &b, ChannelRange range,
                       const float *scale, const float *shift, bool relu, float *out);

/**
 * Writes the range's channels of AvgPool1d(pool, stride pool)(relu(x · scale[c] + shift[c])): rows of length / pool
 * values (a partial last window dropped). The batch norm's own output is never written: on the voice net's short
 * rows, writing and re-reading it took as long as the arithmetic.
 */
void normaliseReluPoolChannels(const float *x, const ChannelBatch &b, ChannelRange range, const float *scale,
                               const float *shift, std::int64_t pool, float *out);

/// What the forward pass kept: its input, and either its output (for ReLU's mask) or, after a pool, the per-channel
/// scale and shift from which the mask is computed again; and the statistics it used, per channel.
struct NormalisedChannels {
    const float *input = nullptr;
    const float *output = nullptr;                   ///< normaliseChannels' (no pool)
    const float *scale = nullptr, *shift = nullptr;  ///< normaliseReluPoolChannels'

    const double *mean = nullptr, *invStd = nullptr;
    const float *gamma = nullptr;
    bool relu = false;
    std::int64_t pool = 0;  ///< 0: none; P: the forward was normaliseReluPoolChannels, outGradient is the pooled one
    bool batchStatistics = true;  ///< training: the mean and variance depend on the input too
};

/**
 * The backward pass of the range's channels from the output gradient, block by block (cachedBlocks): writes the
 * input gradient (unless null) and the residual's (unless null, which equals the gradient before the batch norm),
 * and ∂L/∂γ and ∂L/∂β per channel.
 */
void normaliseChannelsBackward(const NormalisedChannels &saved, const float *outGradient, const ChannelBatch &b,
                               ChannelRange range, float *inputGradient, float *residualGradient, float *gammaGradient,
                               float *betaGradient);

}  // namespace convscope
