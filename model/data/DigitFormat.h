#pragma once

#include <cstdint>

/**
 * The spoken-digit facts every part of ConvScope shares, in one place: the rate every clip is resampled to, the
 * networks' input window, the MFCC shape of that window and the number of classes. Constants; any thread.
 */
namespace convscope::digits {

inline constexpr int kSampleRate = 8000;              ///< FSDD's rate; decoding resamples every clip to it
inline constexpr int kWindowSamples = 6000;           ///< the networks' input: 0.75 s, zero-padded or truncated
inline constexpr std::int64_t kMfccCoefficients = 13;
inline constexpr std::int64_t kMfccFrames = 74;       ///< 25 ms frames every 10 ms over the 6000-sample window
inline constexpr int kClasses = 10;

}  // namespace convscope::digits
