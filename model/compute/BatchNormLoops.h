#pragma once

#include <cstdint>

namespace convscope {

/**
 * Batch norm over one channel of a batch laid out as PyTorch's [batch, channels, length] (length 1 for
 * [batch, features]), with an optional residual added and an optional ReLU after it, in one pass per direction:
 * out = relu?((x − mean) · invStd · γ + β + residual). Training uses the batch's statistics, evaluation the running
 * ones; the backward pass differs accordingly. Torch-free, so that it compiles at -O3 with vectorised sums.
 */
struct ChannelBatch {
    std::int64_t batch = 0, channels = 0, length = 0;

    std::int64_t valuesPerChannel() const { return batch * length; }
    std::int64_t rowOffset(std::int64_t example, std::int64_t channel) const
    {
        return (example * channels + channel) * length;
    }
};

/// The batch's mean and biased variance of channel `c`, summed in float along rows and in double across them.
void channelMoments(const float *x, const ChannelBatch &b, std::int64_t c, double &mean, double &variance);

/// Writes channel `c` of out = relu?(x · scale + shift + residual); `residual` may be null.
void normaliseChannel(const float *x, const float *residual, const ChannelBatch &b, std::int64_t c, float scale,
                      float shift, bool relu, float *out);

/// What normaliseChannel's forward kept: its input, output (for ReLU's mask), and the statistics it used.
struct NormalisedChannel {
    const float *input = nullptr;
    const float *output = nullptr;
    double mean = 0.0, invStd = 1.0;
    float gamma = 1.0f;
    bool relu = false;
    bool batchStatistics = true;  ///< training: the mean and variance depend on the input too
};

/**
 * The backward pass of channel `c` from the output gradient: writes the input gradient (unless null) and the
 * residual's (unless null, which equals the gradient before the batch norm), and returns ∂L/∂γ and ∂L/∂β.
 */
void normaliseChannelBackward(const NormalisedChannel &saved, const float *outGradient, const ChannelBatch &b,
                              std::int64_t c, float *inputGradient, float *residualGradient, double &gammaGradient,
                              double &betaGradient);

}  // namespace convscope
