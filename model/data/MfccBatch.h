#pragma once

// LibTorch header: include only from .cpp files and non-Q_OBJECT headers (docs/architecture.md, "Qt and LibTorch together").
#include "Mfcc.h"

#include <torch/torch.h>

namespace convscope {

/**
 * Mfcc and Spectrogram on many signals at once with LibTorch tensor ops (one batched rfft). `signals` is
 * N × samples (any floating type, [-1, 1) scale); results are float64. Any thread.
 */
class MfccBatch {
public:
    /// N × frames × (NFFT/2 + 1): |rfft|^2 / NFFT of the pre-emphasised frames
    static torch::Tensor powerSpectrum(const torch::Tensor &signals, const MfccOptions &options = {});
    /// N × frames × filters, log with eps for zeros
    static torch::Tensor logMelFilterbank(const torch::Tensor &signals, const MfccOptions &options = {});
    /// N × frames × coefficients
    static torch::Tensor mfcc(const torch::Tensor &signals, const MfccOptions &options = {});
    /// filters × (NFFT/2 + 1), python_speech_features.get_filterbanks
    static torch::Tensor melFilterbank(const MfccOptions &options = {});

    /// 1 × samples float64 from one signal (an empty signal becomes one zero sample, framed as one frame).
    static torch::Tensor fromSamples(const std::vector<float> &signal);
    /// The first matrix of a batch as a float FeatureMatrix.
    static FeatureMatrix toMatrix(const torch::Tensor &batch);
};

}  // namespace convscope
