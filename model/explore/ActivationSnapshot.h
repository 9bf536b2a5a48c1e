#pragma once

#include "data/FeatureMatrix.h"
#include "network/NetworkSpec.h"

#include <QMetaType>
#include <QString>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace convscope {

/** One tensor of one recording without the batch axis: shape [C, L], [C, H, W] or [features], row-major values. */
struct LayerActivation {
    std::vector<std::int64_t> shape;
    std::vector<float> values;

    bool empty() const { return values.empty(); }
    std::int64_t channels() const { return shape.empty() ? 0 : shape.front(); }
    /// Positions per channel: L for [C, L], 1 for [features].
    std::int64_t length() const { return shape.size() >= 2 ? shape[1] : 1; }
    float at(std::int64_t channel, std::int64_t position) const
    {
        return values[static_cast<std::size_t>(channel * length() + position)];
    }
};

/**
 * What one recording does inside a trained network, for the activation view: the window the network reads (as
 * waveform and as MFCC, whichever the network takes), every layer's output, every layer's weights and the ten
 * probabilities. Computed on the training worker's thread (TrainingController::requestActivations) or from a
 * TrainedModel; shared read-only afterwards. A plain value.
 */
struct ActivationSnapshot {
    int tag = 0;    ///< the asker's own number, echoed
    QString clip;   ///< what was asked about: a file name, or "your take"
    int truth = -1;  ///< the clip's digit when known (from its file name), else -1
    /// The recording padded or truncated to the network's window (digits::kWindowSamples at 8000 Hz), before any
    /// normalisation: the samples the network hears, for drawing and playing.
    std::vector<float> window;
    /// The 13 MFCCs of the window, one row per 25 ms frame every 10 ms (digits::kMfccFrames rows), unstandardised.
    FeatureMatrix mfcc;
    bool mfccInput = false;  ///< the network reads the MFCC (13 channels × 74 frames), else the raw window
    NetworkSpec network;     ///< the model's network: layer labels and the analytic receptive field
    /// Entry 0 is the network's input after the preprocessing; entry i + 1 is the output of network layer i; the
    /// last entry holds the ten scores before the softmax.
    std::vector<LayerActivation> activations;
    /// Entry i is network layer i's weight ([out, in, k] for a 1-D convolution, [out, in] for Linear); empty for a
    /// layer without one.
    std::vector<LayerActivation> weights;
    /// The model's answer: the softmax of the last entry, or with test-time speeds (TrainingConfig::testAtSpeeds)
    /// the mean over every speed, of which the activations show the recording as recorded (speed 1).
    std::array<double, 10> probabilities{};

    int predicted() const;
    /// The MFCC frames [first, last] that hear the window's sound (soundFramesOf): the frames before and after read
    /// only the zero padding (before, when the word is centred). {0, -1} when silent.
    std::array<std::int64_t, 2> soundFrames() const;
};

using SharedActivations = std::shared_ptr<const ActivationSnapshot>;

/** Where a unit of a 1-D layer listens, in the window: samples [firstSample, lastSample] and MFCC frames
 * [firstFrame, lastFrame], both clipped to the window; empty (first > last) when its field lies in the padding. */
struct InputSpan {
    std::int64_t firstSample = 0, lastSample = -1;
    std::int64_t firstFrame = 0, lastFrame = -1;
    bool empty() const { return firstSample > lastSample; }
};

/// The receptive field of position `position` of the output of network layer `layer` (activation entry layer + 1),
/// through the analytic field; for layers past the traced part (Flatten, Linear) the whole window.
InputSpan inputSpan(const ActivationSnapshot &snapshot, std::size_t layer, std::int64_t position);

/// The MFCC frames that cover samples [first, last] (a frame is 200 samples every 80), and back.
std::array<std::int64_t, 2> framesOfSamples(std::int64_t first, std::int64_t last);
std::array<std::int64_t, 2> samplesOfFrames(std::int64_t first, std::int64_t last);
/// The MFCC frames [first, last] of a window that hear its sound, from its first to its last non-zero sample; the
/// others read only zero padding. {0, -1} when the window is silent.
std::array<std::int64_t, 2> soundFramesOf(const std::vector<float> &window);

}  // namespace convscope

Q_DECLARE_METATYPE(convscope::SharedActivations)
