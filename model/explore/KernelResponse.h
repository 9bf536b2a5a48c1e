#pragma once

#include "ActivationSnapshot.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace convscope {

/** The magnitude response of one learned 1-D kernel: what a first-layer filter of a raw-audio net lets through. */
struct KernelResponse {
    std::vector<double> hertz;     ///< frequency of each bin, 0 to sampleRate / 2
    std::vector<double> decibels;  ///< power summed over the kernel's input channels, in dB below the peak (peak = 0)
    double peakHertz = 0.0;        ///< where the response is largest
};

/// The response of output channel `channel` of a 1-D convolution weight [out, in, taps]: |FFT|² of each input
/// channel's taps, zero-padded to `nfft` points (FFTW, through FramePowerSpectrum), summed over input channels.
/// `sampleRate` is the rate of the signal the kernel slides over (8000 Hz for a first layer on raw audio). Empty
/// for a weight that is not 3-D or a channel out of range. Any thread.
KernelResponse kernelResponse(const LayerActivation &weight, std::int64_t channel, double sampleRate, int nfft = 512);

/// The network layer whose kernels made the channels of layer `layer`'s output: `layer` itself when it is a 1-D
/// convolution, else the nearest 1-D convolution before it with only channel-keeping layers in between (activations,
/// pools, batch norm, dropout, padding); nullopt otherwise (a Linear or a block in between, or no convolution).
std::optional<std::size_t> kernelLayerOf(const NetworkSpec &network, std::size_t layer);

/// The rate in Hz of the signal network layer `layer` slides over: 8000 / the jump of its input for a raw-audio
/// network, 100 / the jump for an MFCC network (frames every 10 ms). Any thread.
double inputRateOf(const ActivationSnapshot &snapshot, std::size_t layer);

}  // namespace convscope
