#pragma once

#include "data/DigitFormat.h"
#include "AudioClip.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace convscope {

/** What decoding a file gave: the clip, or an error that starts with the file name. */
struct DecodeResult {
    std::optional<AudioClip> clip;
    QString error;
};

/**
 * Reads any file libsndfile can read (WAV with 8/16/24/32-bit integer or float samples, FLAC, AIFF, ...),
 * mixes several channels down to mono and resamples to `targetRate` with libsamplerate (0 keeps the file's rate).
 * Reads in chunks, so a header that claims more data than the file holds never allocates more than the file's
 * real content; empty files, files with zero frames, text files and files longer than `maxSeconds` are errors
 * carrying the file name and libsndfile's own message. Pure function; any thread.
 */
class AudioDecoder {
public:
    static constexpr int defaultRate = digits::kSampleRate;
    static constexpr double defaultMaxSeconds = 600.0;

    static DecodeResult decodeFile(const QString &path, int targetRate = defaultRate,
                                   double maxSeconds = defaultMaxSeconds);
    /// The same for a file's bytes already in memory (read through libsndfile's virtual I/O); errors start with
    /// `name`.
    static DecodeResult decodeBytes(const QByteArray &bytes, const QString &name, int targetRate = defaultRate,
                                    double maxSeconds = defaultMaxSeconds);
};

}  // namespace convscope
