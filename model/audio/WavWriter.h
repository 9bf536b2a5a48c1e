#pragma once

#include "AudioClip.h"

#include <QString>

namespace convscope {

/**
 * Writes a mono clip as 16-bit PCM WAV with libsndfile (samples are clipped to [-1, 1)), atomically: the data
 * goes to a QSaveFile and replaces `path` only when complete. Returns an empty string or an error naming the
 * file with libsndfile's message. Any thread.
 */
class WavWriter {
public:
    static QString save(const QString &path, const AudioClip &clip);
};

}  // namespace convscope
