#pragma once

#include "data/FeatureMatrix.h"
#include "data/Mfcc.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace convscope {

/**
 * The MFCC and log-mel frames of a stream, each computed once, as soon as its last sample arrives: frame k holds
 * samples [k · step, k · step + length) of the stream (25 ms every 10 ms at 8000 Hz). It calls the project's own
 * Mfcc::compute and Mfcc::logMelFilterbank on the new frames plus one frame before them, which is dropped: that
 * frame carries the sample the pre-emphasis of the first new frame needs. So every frame equals the same row of
 * Mfcc::compute over the whole stream (the batch's zero-padded last frame excepted: a stream frame waits for all
 * its samples). The last `keepFrames` frames are kept (the listen view's scrolling spectrogram). A value owned by
 * one thread (the listening worker).
 */
class StreamingFeatures {
public:
    explicit StreamingFeatures(std::size_t keepFrames, MfccOptions options = {});

    /// Appends `count` samples; computes every frame now complete. Returns how many frames were added.
    std::size_t append(const float *samples, std::size_t count);

    /// Frames computed since the stream began.
    std::int64_t frames() const { return m_frames; }
    /// The oldest frame still kept.
    std::int64_t firstKept() const { return m_frames - static_cast<std::int64_t>(m_mfcc.size()); }
    /// Frame `index`'s coefficients (firstKept() <= index < frames()).
    const std::vector<float> &mfcc(std::int64_t index) const { return m_mfcc[slot(index)]; }
    /// Frame `index`'s log mel filterbank energies (options.filters values).
    const std::vector<float> &logMel(std::int64_t index) const { return m_logMel[slot(index)]; }
    const MfccOptions &options() const { return m_options; }

private:
    std::size_t slot(std::int64_t index) const { return static_cast<std::size_t>(index - firstKept()); }
    void keep(std::deque<std::vector<float>> &frames, const FeatureMatrix &computed, std::int64_t skip);

    MfccOptions m_options;
    std::size_t m_keep;
    std::int64_t m_length, m_step;
    std::int64_t m_frames = 0;
    std::int64_t m_signalStart = 0;  ///< the stream index of m_signal[0]
    std::vector<float> m_signal;     ///< samples from the frame before the next one to compute
    std::deque<std::vector<float>> m_mfcc, m_logMel;
};

}  // namespace convscope
