#include "WavWriter.h"

#include <QSaveFile>

#include <sndfile.h>

#include <algorithm>
#include <cmath>

namespace convscope {

QString WavWriter::save(const QString &path, const AudioClip &clip)
{
    if (clip.sampleRate <= 0)
        return path + ": cannot save a clip without a sample rate.";
    SF_INFO info{};
    info.samplerate = clip.sampleRate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    // libsndfile writes into QSaveFile's temporary file; commit() renames it over `path` only when all went well.
    QSaveFile target(path);
    if (!target.open(QIODevice::WriteOnly))
        return path + ": cannot write (" + target.errorString() + "); check the folder exists and is writable.";
    SNDFILE *file = sf_open_fd(target.handle(), SFM_WRITE, &info, SF_FALSE);
    if (!file)
        return path + ": cannot write (" + QString::fromUtf8(sf_strerror(nullptr)) + ", libsndfile).";
    // value × 32768, the inverse of libsndfile's reading scale, so a saved clip reads back sample for sample.
    std::vector<short> pcm(clip.samples.size());
    std::transform(clip.samples.begin(), clip.samples.end(), pcm.begin(), [](float v) {
        return static_cast<short>(std::clamp(std::lround(static_cast<double>(v) * 32768.0), -32768L, 32767L));
    });
    const sf_count_t written = sf_writef_short(file, pcm.data(), static_cast<sf_count_t>(pcm.size()));
    QString error;
    if (written != static_cast<sf_count_t>(pcm.size()))
        error = path + ": write failed (" + QString::fromUtf8(sf_strerror(file)) + ", libsndfile).";
    if (sf_close(file) != 0 && error.isEmpty())
        error = path + ": closing failed; the disk may be full.";
    if (error.isEmpty() && !target.commit())
        error = path + ": cannot replace the file (" + target.errorString() + ").";
    return error;
}

}  // namespace convscope
