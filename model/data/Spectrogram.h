#pragma once

#include "FeatureMatrix.h"
#include "Mfcc.h"

#include <vector>

namespace convscope {

/**
 * The log-power spectrogram that the MFCC is built from, for display: the same framing and pre-emphasis,
 * log(max(|rfft|^2 / NFFT, eps)), frames × (NFFT/2 + 1) bins; bin k is k * rate / NFFT Hz. Any thread.
 */
class Spectrogram {
public:
    static FeatureMatrix logPower(const std::vector<float> &signal, const MfccOptions &options = {});
};

}  // namespace convscope
