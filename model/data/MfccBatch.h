#pragma once

// LibTorch header: include only from .cpp files and non-Q_OBJECT headers (docs/architecture.md, "Qt and LibTorch together").
#include "Mfcc.h"

#include <torch/torch.h>

namespace convscope {

/**
 * Mfcc and Spectrogram on many signals at once: the signals are split over the cores (forRowBlocks), and each
 * thread frames, transforms (FFTW, one plan per thread) and reduces one signal at a time in its own buffers, so
 * nothing of the size of all the frames is ever allocated. `signals` is N × samples (any floating type, [-1, 1)
 * scale; float32 is read as it is); results are float64, computed in double precision. Any thread.
 */
class MfccBatch {
public:
    /// N × frames × (NFFT/2 + 1): |rfft|^2 / NFFT of the pre-emphasised frames
    static torch::Tensor powerSpectrum(const torch::Tensor &signals, const MfccOptions &options = {});
    /// N × frames × filters, log with eps for zeros
    static torch::Tensor logMelFilterbank(const torch::Tensor &signals, const MfccOptions &options = {});
    /// N × frames × coefficients
    static torch::Tensor mfcc(const torch::Tensor &signals, const MfccOptions &options = {});
    /// filters × (NFFT/2 + 1), python_speech_features.get_filterbanks (with options.warp applied to the edges)
    static torch::Tensor melFilterbank(const MfccOptions &options = {});
    /// VTLP's piecewise-linear warp of a frequency in [0, top]: f·warp up to the knee 0.85·top·min(1, warp)/warp,
    /// then a straight line to (top, top).
    static double warpHz(double hz, double warp, double top);

    /// 1 × samples float64 from one signal (an empty signal becomes one zero sample, framed as one frame).
    static torch::Tensor fromSamples(const std::vector<float> &signal);
    /**
     * Per-recording normalisation, so that a voice's microphone and loudness matter less (docs/speakers.md).
     * `mfcc` is N × coefficients × frames (the networks' layout). The voiced frames are those within 35 dB
     * (kVoicedRangeNepers) of the loudest frame's coefficient 0, the log energy. Coefficients 1.. lose their mean
     * over the voiced frames (cepstral mean subtraction: a fixed microphone response is a constant offset in the
     * cepstrum) and are zero on the other frames; coefficient 0 becomes the energy relative to the loudest frame,
     * floored at 60 dB below it.
     */
    static torch::Tensor normaliseUtterances(const torch::Tensor &mfcc);
    static constexpr double kVoicedRangeNepers = 8.06;  ///< ln(10^3.5): 35 dB of power, as WordDetector trims words
    static constexpr double kFloorNepers = 13.8;        ///< ln(10^6): 60 dB

    /// The first matrix of a batch as a float FeatureMatrix.
    static FeatureMatrix toMatrix(const torch::Tensor &batch);
};

}  // namespace convscope
