#include "AudioDecoder.h"

#include "Resampler.h"

#include <QFile>
#include <QFileInfo>

#include <sndfile.h>

#include <algorithm>
#include <cstring>
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

/// libsndfile's virtual I/O over bytes in memory (read only).
struct MemoryFile {
    const QByteArray &bytes;
    sf_count_t position = 0;

    static MemoryFile &of(void *user) { return *static_cast<MemoryFile *>(user); }
    static sf_count_t length(void *user) { return of(user).bytes.size(); }
    static sf_count_t tell(void *user) { return of(user).position; }
    static sf_count_t seek(sf_count_t offset, int whence, void *user)
    {
        MemoryFile &file = of(user);
        const sf_count_t base = whence == SEEK_CUR ? file.position : whence == SEEK_END ? length(user) : 0;
        if (offset < -base || offset > length(user) - base)
            return -1;
        file.position = base + offset;
        return file.position;
    }
    static sf_count_t read(void *target, sf_count_t count, void *user)
    {
        MemoryFile &file = of(user);
        const sf_count_t got = std::max<sf_count_t>(0, std::min(count, length(user) - file.position));
        std::memcpy(target, file.bytes.constData() + file.position, static_cast<std::size_t>(got));
        file.position += got;
        return got;
    }
    static sf_count_t write(const void *, sf_count_t, void *) { return 0; }
};

/// libsndfile's own account of what went wrong with `file` (nullptr: the last open), as " (libsndfile: …)", or
/// nothing when it reports no error: "No Error." explains nothing.
QString libsndfileNote(SNDFILE *file)
{
    if (sf_error(file) == SF_ERR_NO_ERROR)
        return {};
    return " (libsndfile: " + QString::fromUtf8(sf_strerror(file)) + ")";
}

/// The failure of sf_open / sf_open_virtual, with libsndfile's message.
DecodeResult openFailure(const QString &name, bool empty)
{
    if (empty)
        return failure(name, "the file is empty" + libsndfileNote(nullptr) + ".");
    return failure(name, QString::fromUtf8(sf_strerror(nullptr)) + " (libsndfile); not an audio file it can read.");
}

/// Checks the header of an opened file, reads all of it, mixes it down and resamples it.
DecodeResult decodeOpened(SNDFILE *file, const SF_INFO &format, const QString &path, int targetRate,
                          double maxSeconds)
{
    if (format.channels <= 0 || format.samplerate <= 0)
        return failure(path, QString("invalid header: %1 channels at %2 Hz%3.")
                                 .arg(format.channels)
                                 .arg(format.samplerate)
                                 .arg(libsndfileNote(file)));
    if (format.frames <= 0)
        return failure(path, "contains no audio frames" + libsndfileNote(file) + ".");
    if (const QString problem = headerProblem(file); !problem.isEmpty())
        return failure(path, problem);

    // Read in chunks: the vector grows with what is really there, never with what the header claims.
    const auto maxFrames = static_cast<sf_count_t>(maxSeconds * format.samplerate);
    constexpr sf_count_t chunkFrames = 8192;
    std::vector<float> interleaved;
    interleaved.reserve(static_cast<std::size_t>(std::min(format.frames, maxFrames)) * format.channels);
    std::vector<float> chunk(static_cast<std::size_t>(chunkFrames * format.channels));
    sf_count_t total = 0;
    for (;;) {
        const sf_count_t got = sf_readf_float(file, chunk.data(), chunkFrames);
        if (got <= 0)
            break;
        total += got;
        if (total > maxFrames)
            return failure(path, QString("longer than %1 seconds; not a spoken-digit clip.").arg(maxSeconds));
        interleaved.insert(interleaved.end(), chunk.begin(), chunk.begin() + got * format.channels);
    }
    if (sf_error(file) != SF_ERR_NO_ERROR)
        return failure(path, "read error: " + QString::fromUtf8(sf_strerror(file)) + " (libsndfile).");
    if (total == 0)
        return failure(path, "no audio frames could be read" + libsndfileNote(file) + ".");

    AudioClip clip;
    clip.sampleRate = format.samplerate;
    clip.samples = Resampler::mixDown(interleaved, format.channels);
    if (targetRate > 0 && targetRate != clip.sampleRate) {
        ResampleResult resampled = Resampler::resample(clip.samples, clip.sampleRate, targetRate);
        if (!resampled.error.isEmpty())
            return failure(path, resampled.error);
        if (resampled.samples.empty())
            return failure(path, QString("too short: %1 frames at %2 Hz leave no sample at %3 Hz.")
                                     .arg(total)
                                     .arg(format.samplerate)
                                     .arg(targetRate));
        clip.samples = std::move(resampled.samples);
        clip.sampleRate = targetRate;
    }
    DecodeResult result;
    result.clip = std::move(clip);
    return result;
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
    if (!file)
        return openFailure(path, info.size() == 0);
    return decodeOpened(file.get(), format, path, targetRate, maxSeconds);
}

DecodeResult AudioDecoder::decodeBytes(const QByteArray &bytes, const QString &name, int targetRate, double maxSeconds)
{
    MemoryFile memory{bytes};
    SF_VIRTUAL_IO io{&MemoryFile::length, &MemoryFile::seek, &MemoryFile::read, &MemoryFile::write, &MemoryFile::tell};
    SF_INFO format{};
    std::unique_ptr<SNDFILE, SndfileCloser> file(sf_open_virtual(&io, SFM_READ, &format, &memory));
    if (!file)
        return openFailure(name, bytes.isEmpty());
    return decodeOpened(file.get(), format, name, targetRate, maxSeconds);
}

}  // namespace convscope
