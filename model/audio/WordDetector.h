#pragma once

#include "SilenceTrimmer.h"

#include <cstddef>
#include <utility>
#include <vector>

namespace convscope {

/**
 * Finds the spoken word in a take that may hold room noise, mains hum, babble, a click or the bump of the key that
 * stopped the recording; WordWindow::findWord and WordWindow::check use it (docs/architecture.md, the voice recipe).
 *
 * The samples lose their mean (a DC offset) and go through a fourth-order Butterworth high-pass at kHighPassHz, which
 * takes 50 and 60 Hz hum down by 30 and 24 dB; each 10 ms frame's power in that band is smoothed with its
 * neighbours'. Frames of digital silence (all zeros) are neither noise nor word, so padding a take changes nothing.
 * The noise floor is the kFloorPercentile-th percentile of the other frames, and no lower than
 * kFloorBelowPeakDecibels under the loudest. A sound starts at a frame kStartDecibels above the floor and lasts while
 * its frames stay kStayDecibels above it (hysteresis); sounds at most kMergeGapSeconds apart are one sound, which also
 * takes in the quieter runs within that gap of it (the release of "eight", the "s" of "six"). A first look, with the
 * stay threshold kProbeStayDecibels up, says roughly where the words are; the noise is every frame outside their
 * parts within kMergeGapSeconds of a frame within kOtherWordDecibels of the word's loudest (nearWordFrames); when
 * kMinNoiseSeconds of the take or more is noise, the stay threshold rises to the level that noise stays below
 * kNoiseCeilingPercentile of the time, and the start threshold with it, so that babble does not carry a word on.
 * (Taken as all of the first look's sounds, a take's babble went into the word: 0.77 s of it on average in the takes
 * of tools/make-wild-takes, and the window cut the word.) A take that is all word (a trimmed clip, a steady tone) has
 * no noise below it: the thresholds never lie above kStartBelowPeakDecibels and kStayBelowPeakDecibels under the
 * loudest frame.
 *
 * The word is the sound whose frames' decibels above the floor add up to the most among those at least
 * kMinWordSeconds long, so a click or a bump of up to about 40 ms is never the word. Its ends then lose the frames
 * (full band) more than kRangeDecibels below its loudest: on a clean recording, with the floor far down, that is the
 * rule WordWindow used before. Computed once in the constructor; a value, any thread.
 */
class WordDetector {
public:
    static constexpr double kHighPassHz = 120.0;
    static constexpr double kFloorPercentile = 0.1;
    static constexpr double kStartDecibels = 10.0;
    static constexpr double kProbeStayDecibels = 3.0;
    static constexpr double kStayDecibels = 1.5;
    static constexpr double kMinNoiseSeconds = 0.3;
    static constexpr double kNoiseCeilingPercentile = 0.9;
    static constexpr double kStartBelowPeakDecibels = 6.0;
    static constexpr double kStayBelowPeakDecibels = 12.0;
    static constexpr double kMergeGapSeconds = 0.15;
    static constexpr double kMinWordSeconds = 0.1;
    static constexpr double kRangeDecibels = 35.0;
    static constexpr double kFloorBelowPeakDecibels = 60.0;
    static constexpr double kOtherWordDecibels = 20.0;
    static constexpr double kMaxSnrDecibels = 100.0;

    WordDetector(const std::vector<float> &samples, int sampleRate);

    /// The word's samples widened by `marginSeconds` each side (within the recording); empty when all is silent.
    SoundRange word(double marginSeconds) const;
    /// The word's core (as longSounds() gives each sound) within word(0), widened by `marginSeconds` each side: what
    /// a model hears of it (WordExtent::Core). On a clean take it is the word; in noise it leaves out the quieter
    /// runs taken in across a gap, which there are mostly noise (docs/speakers.md, the sixth round).
    SoundRange core(double marginSeconds) const;
    /// The word's signal-to-noise ratio in the speech band: its power above the noise over the noise's power, where
    /// the noise is the mean power of the frames outside every sound and not digital silence; kMaxSnrDecibels when
    /// there are none (or at most), 0 for an empty recording.
    double snrDecibels() const;
    /// The sounds with kMinWordSeconds of frames above the start threshold and within kOtherWordDecibels of the
    /// word's loudest, the word among them (0 when there is none): more than one means the take holds several words.
    /// A click is too short, a breath or babble too quiet.
    std::size_t wordLikeSounds() const;

    /// A sound's samples (its frames, untrimmed) and its loudest frame's level above the noise floor.
    struct HeardSound {
        SoundRange range;
        double decibelsAboveFloor = 0.0;
    };
    /// Every sound at least kMinWordSeconds long (so never a click), in time order, however loud beside the word:
    /// the words of a stream, which the streaming word decider (listen/WordDecider) tells from noise by level. Each is
    /// its core: from its first to its last frame at the start threshold, widened while the frames next to it stay
    /// above the stay threshold, without the quieter runs merged in across a gap (in noise, those are mostly noise).
    std::vector<HeardSound> longSounds() const;

private:
    /// A stretch of frames, [first, last], heard as one sound.
    struct Sound {
        std::size_t first = 0;
        std::size_t last = 0;
        double peakPower = 0.0;  ///< its loudest frame's power in the band
        double score = 0.0;      ///< its frames' decibels above the floor, summed: long and loud score high

        std::size_t frames() const { return last - first + 1; }
    };

    void measureFrames(const std::vector<float> &samples);
    void findSounds();
    void soundsAbove(double stay, double loudest);
    const Sound *bestSound() const;
    /// The frames of the first look's word and word-like sounds within kMergeGapSeconds of one of their frames within
    /// kOtherWordDecibels of the word's loudest: the words and their edges, without the babble they ran into.
    std::vector<bool> nearWordFrames() const;
    /// Whether `sound` holds kMinWordSeconds of frames that reach the start threshold and come within
    /// kOtherWordDecibels of `wordPeak`.
    bool wordLike(const Sound &sound, double wordPeak) const;
    void chooseWord();
    /// `sound`'s core frames: from its first to its last frame at the start threshold, widened while the frames next
    /// to it stay above the stay threshold.
    std::pair<std::size_t, std::size_t> coreOf(const Sound &sound) const;
    std::size_t framesOf(double seconds) const;

    std::size_t m_frame = 1;   ///< samples per frame
    std::size_t m_samples = 0;
    int m_sampleRate = 1;
    std::vector<bool> m_silent;   ///< frames of digital silence (all zeros): no noise, no word
    std::vector<double> m_power;  ///< mean square of each frame less the DC offset
    std::vector<double> m_band;   ///< the same high-passed, smoothed over neighbouring frames
    double m_floor = 0.0;
    double m_start = 0.0;  ///< the start threshold
    double m_stay = 0.0;   ///< the stay threshold
    std::vector<Sound> m_sounds;  ///< every sound, in time order
    bool m_found = false;
    std::size_t m_word = 0;  ///< the word's index in m_sounds
    std::size_t m_first = 0, m_last = 0;  ///< the word's frames, trimmed to kRangeDecibels
};

}  // namespace convscope
