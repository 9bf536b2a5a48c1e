#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

namespace convscope {

/// A model's ten probabilities for one recording (mono 8000 Hz): TrainedModel::classProbabilities, or any other.
using DigitModel = std::function<std::array<double, 10>(const std::vector<float> &)>;

/** How a stream is listened to; the listen panel's hop and sensitivity, `convscope-cli listen --hop-ms`. */
struct ListenSettings {
    static constexpr int kDefaultHopMs = 50;
    static constexpr double kDefaultMinDecibels = 12.0;

    int hopMs = kDefaultHopMs;  ///< how often the model is asked, in ms of stream time (10 to 500)
    /// The detector's sensitivity: a sound is a word only when its loudest 10 ms is this far above the noise floor
    /// (lower hears quieter words, and more noise). 6 to 30 dB.
    double minDecibels = kDefaultMinDecibels;
    /// A word is decided once it has been silent this long: a word still being spoken is never decided.
    double endSilenceSeconds = 0.08;

    /// Samples per hop at `sampleRate`.
    std::int64_t hopSamples(int sampleRate) const;
    /// An empty string, or what is wrong ("hop: use 10 to 500 ms").
    const char *problem() const;
};

/** One word heard in a stream, decided once. Times are seconds of stream time. */
struct HeardWord {
    int digit = 0;
    double confidence = 0.0;
    bool unsure = false;  ///< below Calibration's kUnsureBelow: "not sure"
    int runnerUp = 0;
    double start = 0.0, end = 0.0;
    double decidedAt = 0.0;  ///< the stream time at which the answer was given
    std::array<double, 10> probabilities{};
};

/**
 * Decides the words of a stream as it arrives, built on WordDetector: each time it is asked (every 10 ms of stream,
 * ListenPipeline::kLookSeconds) it looks at the last few seconds (the context), finds the sounds at least 0.1 s long
 * (WordDetector::longSounds) above their noise floor, and decides each sound once, as soon as it has
 * been silent for ListenSettings::endSilenceSeconds. The model hears that sound and nothing around it, as it
 * hears a recording cut around its word (FSDD's are): a model that centres its word finds it in what it is given,
 * with WordWindow's 50 ms margin ending at the recording's edges. Given 50 ms of the stream each side as well, it
 * found a word that took that noise in (too little noise beside the word to tell its floor) and heard the hiss as the
 * "s" of "six" (bench-listen: 0.911 so, 0.967 without, against 0.989 for the recordings one by one in the same
 * noise). A sound that begins within kMergeGapSeconds of a decided word's end is that word going on
 * (the "s" after the closure of "six"), so the window sliding over a word never reports it twice. A sound quieter
 * than ListenSettings::minDecibels above the floor, or longer than kMaxWordSeconds (steady noise, music), is no word.
 * A value owned by one thread (the listening worker).
 */
class WordDecider {
public:
    static constexpr double kContextSeconds = 3.0;
    static constexpr double kMergeGapSeconds = 0.15;
    static constexpr double kMaxWordSeconds = 1.5;

    WordDecider(ListenSettings settings, int sampleRate);

    /// `context` is the stream's samples [contextStart, contextStart + context.size()), up to now. Returns the
    /// words decided now, in time order.
    std::vector<HeardWord> decide(const std::vector<float> &context, std::int64_t contextStart, const DigitModel &model);

    void setSettings(const ListenSettings &settings) { m_settings = settings; }

private:
    std::int64_t samplesOf(double seconds) const;

    ListenSettings m_settings;
    int m_rate;
    std::int64_t m_decidedEnd = -1;  ///< the stream index where the last decided word (and its continuation) ended
};

}  // namespace convscope
