#include "Mfcc.h"

#include "MfccBatch.h"

namespace convscope {

FeatureMatrix Mfcc::compute(const std::vector<float> &signal, const MfccOptions &options)
{
    torch::NoGradGuard noGrad;
    return MfccBatch::toMatrix(MfccBatch::mfcc(MfccBatch::fromSamples(signal), options));
}

FeatureMatrix Mfcc::logMelFilterbank(const std::vector<float> &signal, const MfccOptions &options)
{
    torch::NoGradGuard noGrad;
    return MfccBatch::toMatrix(MfccBatch::logMelFilterbank(MfccBatch::fromSamples(signal), options));
}

}  // namespace convscope
