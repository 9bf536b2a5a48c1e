#pragma once

// LibTorch header, private to model/train.
#include <torch/torch.h>

namespace convscope {

/**
 * Data augmentation for one training batch (N × C × L): a random time shift of up to 10% of the length
 * (zero-filled for waveforms, a rotation for MFCC frames, whose silence is not zero), and for waveforms also a random gain in [0.8, 1.25] and Gaussian noise at 2% of each
 * clip's standard deviation. Uses `generator` only, so a seeded run stays reproducible. Trainer thread only.
 */
torch::Tensor augmentBatch(const torch::Tensor &batch, bool isWaveform, torch::Generator &generator);

/**
 * SpecAugment's masks (Park et al. 2019) on a batch of features (N × rows × frames): per example, `masks` time
 * masks of 0-8 whole frames and `masks` feature masks of 0-2 whole rows, set to zero (the mean, when the features
 * are standardised). Uses `generator` only. Trainer thread only.
 */
torch::Tensor maskBatch(const torch::Tensor &batch, int masks, torch::Generator &generator);

}  // namespace convscope
