#pragma once

#include <cstdint>

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

/// The batch's mean and biased variance of each channel in `range`, summed in float along rows and in double across
/// them.
void channelMoments(const float *x, const ChannelBatch &b, ChannelRange range, double *mean, double *variance);

/// Writes the range's channels of out = relu?(x · scale[c] + shift[c] + residual); `residual` may be null.
void normaliseChannels(const float *x, const float *residual, const ChannelBatch &b, ChannelRange range,
                       const float *scale, const float *shift, bool relu, float *out);

/// What normaliseChannels' forward kept: its input, output (for ReLU's mask), and the statistics it used, per channel.
struct NormalisedChannels {
    const float *input = nullptr;
    const float *output = nullptr;
    const double *mean = nullptr, *invStd = nullptr;
    const float *gamma = nullptr;
    bool relu = false;
    bool batchStatistics = true;  ///< training: the mean and variance depend on the input too
};

/**
 * The backward pass of the range's channels from the output gradient: writes the input gradient (unless null) and
 * the residual's (unless null, which equals the gradient before the batch norm), and ∂L/∂γ and ∂L/∂β per channel.
 */
void normaliseChannelsBackward(const NormalisedChannels &saved, const float *outGradient, const ChannelBatch &b,
                               ChannelRange range, float *inputGradient, float *residualGradient, float *gammaGradient,
                               float *betaGradient);

}  // namespace convscope
