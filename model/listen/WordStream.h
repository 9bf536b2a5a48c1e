#pragma once

#include "WordDecider.h"

#include <cstdint>
#include <vector>

namespace convscope {

/** Where a word was placed in a made stream, in seconds: the word WordDetector finds in its recording. */
struct PlacedWord {
    int digit = 0;
    double start = 0.0, end = 0.0;
};

/** A stream made of isolated recordings: its samples and its words' true times. */
struct WordStream {
    std::vector<float> samples;
    std::vector<PlacedWord> words;
    std::vector<std::size_t> offsets;  ///< where each recording begins in samples
    double noisePower = 0.0;  ///< the room noise's power (the same all along)
};

/**
 * Streams with known word times, for the listening tests and `convscope-cli bench-listen`: isolated recordings
 * (mono, `sampleRate`) one after another, with `minGapSeconds` to `maxGapSeconds` of room noise (pink) before each
 * and after the last, the noise `snrDecibels` below the words' mean power (each word as WordDetector finds it in its
 * recording) over the whole stream, words included, as a room's noise is. Seeded; pure functions, any thread.
 */
WordStream makeWordStream(const std::vector<std::vector<float>> &recordings, const std::vector<int> &digits,
                          int sampleRate, double snrDecibels, std::uint64_t seed, double minGapSeconds = 0.3, double maxGapSeconds = 1.5);

/** How the words heard in a made stream compare with the words placed in it. */
struct StreamScore {
    int words = 0;       ///< placed
    int correct = 0;     ///< heard once, as the right digit
    int missed = 0;      ///< placed words no heard word overlaps
    int doubled = 0;     ///< heard words beyond the first over one placed word
    int falseWords = 0;  ///< heard words over no placed word
    std::vector<double> latencies;  ///< decided_at less the placed word's end, for each word heard
};

/// Matches heard words to placed ones by overlap in time.
StreamScore scoreStream(const WordStream &stream, const std::vector<HeardWord> &heard);

/// `seconds` of the same room noise at `power`, alone.
std::vector<float> roomNoise(double seconds, int sampleRate, double power, std::uint64_t seed);

}  // namespace convscope
