#include "AudioDecoder.h"

#include "Resampler.h"

#include <QFile>
#include <QFileInfo>

#include <sndfile.h>

#include <memory>

namespace convscope {

namespace {

struct SndfileCloser {
    void operator()(SNDFILE *file) const { sf_close(file); }
};

DecodeResult failure(const QString &path, const QString &message)
{
    DecodeResult result;
    result.error = path + ": " + message;
    return result;
}

/// libsndfile corrects a WAV data chunk that claims more bytes than the file holds and notes it in its log
/// ("data : 4768 (should be 2956)"); a truncated or lying file is reported rather than silently shortened.
QString headerProblem(SNDFILE *file)
{
    char log[8192] = {};
    sf_command(file, SFC_GET_LOG_INFO, log, sizeof log);
    for (const QString &line : QString::fromLatin1(log).split('\n')) {
        if (line.startsWith(QLatin1String("data")) && line.contains(QLatin1String("(should be")))
            return "the header claims more audio data than the file holds (libsndfile log: \"" + line.trimmed()
                   + "\"); the file is truncated or damaged.";
    }
    return {};
}

}  // namespace

DecodeResult AudioDecoder::decodeFile(const QString &path, int targetRate, double maxSeconds)
{
    const QFileInfo info(path);
    if (!info.exists())
        return failure(path, "no such file.");
    if (info.isDir())
        return failure(path, "is a folder, not an audio file.");

    SF_INFO format{};
    std::unique_ptr<SNDFILE, SndfileCloser> file(sf_open(QFile::encodeName(path).constData(), SFM_READ, &format));
    if (!file) {
        const QString message = QString::fromUtf8(sf_strerror(nullptr));
        if (info.size() == 0)
            return failure(path, "the file is empty (libsndfile: " + message + ")");
        return failure(path, message + " (libsndfile); not an audio file it can read.");
    }
    if (format.channels <= 0 || format.samplerate <= 0)
        return failure(path, QString("invalid header: %1 channels at %2 Hz (libsndfile: %3).")
                                 .arg(format.channels)
                                 .arg(format.samplerate)
                                 .arg(QString::fromUtf8(sf_strerror(file.get()))));
    if (format.frames <= 0)
        return failure(path, "contains no audio frames (libsndfile: " + QString::fromUtf8(sf_strerror(file.get())) + ")");
    if (const QString problem = headerProblem(file.get()); !problem.isEmpty())
        return failure(path, problem);

    // Read in chunks: the vector grows with what is really there, never with what the header claims.
    const auto maxFrames = static_cast<sf_count_t>(maxSeconds * format.samplerate);
    constexpr sf_count_t chunkFrames = 8192;
    std::vector<float> interleaved;
    interleaved.reserve(static_cast<std::size_t>(std::min(format.frames, maxFrames)) * format.channels);
    std::vector<float> chunk(static_cast<std::size_t>(chunkFrames * format.channels));
    sf_count_t total = 0;
    for (;;) {
        const sf_count_t got = sf_readf_float(file.get(), chunk.data(), chunkFrames);
        if (got <= 0)
            break;
        total += got;
        if (total > maxFrames)
            return failure(path, QString("longer than %1 seconds; not a spoken-digit clip.").arg(maxSeconds));
        interleaved.insert(interleaved.end(), chunk.begin(), chunk.begin() + got * format.channels);
    }
    if (sf_error(file.get()) != SF_ERR_NO_ERROR)
        return failure(path, "read error: " + QString::fromUtf8(sf_strerror(file.get())) + " (libsndfile).");
    if (total == 0)
        return failure(path, "no audio frames could be read (libsndfile: " + QString::fromUtf8(sf_strerror(file.get())) + ")");

    AudioClip clip;
    clip.sampleRate = format.samplerate;
    clip.samples = Resampler::mixDown(interleaved, format.channels);
    if (targetRate > 0 && targetRate != clip.sampleRate) {
        ResampleResult resampled = Resampler::resample(clip.samples, clip.sampleRate, targetRate);
        if (!resampled.error.isEmpty())
            return failure(path, resampled.error);
        clip.samples = std::move(resampled.samples);
        clip.sampleRate = targetRate;
    }
    DecodeResult result;
    result.clip = std::move(clip);
    return result;
}

}  // namespace convscope
