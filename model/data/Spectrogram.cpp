#include "Spectrogram.h"

#include "MfccBatch.h"

#include <limits>

namespace convscope {

FeatureMatrix Spectrogram::logPower(const std::vector<float> &signal, const MfccOptions &options)
{
    torch::NoGradGuard noGrad;
    const torch::Tensor power = MfccBatch::powerSpectrum(MfccBatch::fromSamples(signal), options);
    return MfccBatch::toMatrix(torch::log(torch::clamp_min(power, std::numeric_limits<double>::epsilon())));
}

}  // namespace convscope
