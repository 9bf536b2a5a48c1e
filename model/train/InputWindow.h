#pragma once

#include "TrainingConfig.h"
#include "audio/WordWindow.h"

#include <vector>

namespace convscope {

/**
 * How one recording becomes the window a network trained with a config reads: its word (or the word's core,
 * TrainingConfig::wordCore) centred (TrainingConfig::centreWord, WordWindow) or the recording left-aligned, padded
 * or cut. The trainer, TrainedModel and "Test your voice" (which shows the heard part and warns about the take) all
 * use these. Pure; any thread.
 */
class InputWindow {
public:
    /// The `length` samples the network reads.
    static std::vector<float> of(const TrainingConfig &config, const std::vector<float> &samples, int length);
    /// The recording's word played `speed` times faster, centred in `length` samples (WordWindow::placeAtSpeed): one
    /// of the test-time speeds (TrainingConfig::testAtSpeeds; needs centreWord). Throws std::runtime_error when
    /// resampling fails.
    static std::vector<float> atSpeed(const TrainingConfig &config, const std::vector<float> &samples, int length,
                                      double speed);
    /// The samples of the recording that land in the window (empty for a silent recording).
    static SoundRange heard(const TrainingConfig &config, const std::vector<float> &samples, int length);
    /// WordWindow::check, with longerThanWindow meaning "the word is cut": for a left-aligned window, when the
    /// word ends after `length` samples.
    static TakeCheck check(const TrainingConfig &config, const std::vector<float> &samples, int length);
};

}  // namespace convscope
