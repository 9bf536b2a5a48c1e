#pragma once

#include "StreamingFeatures.h"
#include "WordDecider.h"

#include <array>
#include <cstdint>
#include <vector>

namespace convscope {

class SampleRing;
class TrainedModel;

/**
 * What listening asks a model. `word` answers each decided word: the model's whole judgement, test-time speeds and
 * all (TrainedModel::classProbabilities). `hop` answers each hop's window for the strip chart, twenty times a second
 * at the default hop: the window at its own speed only (TrainedModel::glanceProbabilities), which is most of what
 * keeps listening within 15 % of a core.
 */
struct ListenModel {
    DigitModel word;
    DigitModel hop;

    /// Both questions put to `model`, which must outlive the result.
    static ListenModel of(const TrainedModel &model);
};

/** One hop: the model's ten probabilities for the window it hears, [time - 0.75 s, time). */
struct ListenHop {
    double time = 0.0;  ///< stream seconds at the hop
    std::array<double, 10> probabilities{};
    bool heard = false;  ///< false while the window is digital silence (then the model was not asked)
};

/** What a stretch of stream added: its samples, its log-mel frames, the hops run and the words decided. */
struct ListenUpdate {
    std::int64_t firstSample = 0;  ///< the stream index of samples[0]
    std::vector<float> samples;
    std::int64_t firstFrame = 0;  ///< the frame index of logMel[0] (StreamingFeatures)
    std::vector<std::vector<float>> logMel;
    std::vector<ListenHop> hops;
    std::vector<HeardWord> words;

    /// Appends `later` (the update that followed this one).
    void append(ListenUpdate &&later);
};

/**
 * Listening to a stream, the one path of the microphone, a file replayed as if live and `convscope-cli listen`:
 * samples arrive (from a SampleRing, or fed directly), their features are computed once (StreamingFeatures), every
 * hop of stream time the model is asked about the 0.75 s window that ends there (the strip chart of the ten
 * probabilities), and every kLookSeconds the WordDecider decides the words that have ended. Torch-free: the model is a
 * ListenModel. A value owned by one thread (the listening worker).
 */
class ListenPipeline {
public:
    /// The features kept, for the view's scrolling spectrogram.
    static constexpr double kKeepSeconds = 6.0;
    /// How often the decider looks for words that have ended: one detector frame, so that a word's answer waits for
    /// its end and not for the next hop (the model is asked then, and at every hop for its window).
    static constexpr double kLookSeconds = 0.01;

    ListenPipeline(ListenSettings settings, ListenModel model, int sampleRate);

    ListenUpdate feed(const float *samples, std::size_t count);
    /// Takes what `ring` holds when called and feeds it: not what arrives meanwhile, so that a producer faster than
    /// listening (a file replayed as fast as it goes) cannot keep one call going.
    ListenUpdate drain(SampleRing &ring);

    /// Applies from the next hop on.
    void setSettings(const ListenSettings &settings);
    const ListenSettings &settings() const { return m_settings; }
    std::int64_t samplesHeard() const { return m_position; }
    int sampleRate() const { return m_rate; }

private:
    /// The hop: the model's probabilities for the window that ends now.
    void askAboutWindow(ListenUpdate &update);
    /// Every kLookSeconds: the words that have ended.
    void decideWords(ListenUpdate &update);
    void addSamples(const float *samples, std::size_t count, ListenUpdate &update);

    ListenSettings m_settings;
    ListenModel m_model;
    int m_rate;
    StreamingFeatures m_features;
    WordDecider m_decider;
    std::int64_t m_position = 0;  ///< samples heard
    std::int64_t m_nextHop = 0;
    std::vector<float> m_history;  ///< the last samples, at least WordDecider's context and the model's window
    std::vector<float> m_drained;  ///< drain()'s buffer, allocated once
};

}  // namespace convscope
