#include "DatasetScanner.h"

#include "audio/AudioDecoder.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace convscope {

QStringList DatasetScanner::listWavFiles(const QString &folder, QString *error)
{
    const QFileInfo info(folder);
    auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return QStringList();
    };
    if (folder.isEmpty())
        return fail("No dataset folder given; pass --data DIR or set CONVSCOPE_DATA.");
    if (!info.exists())
        return fail(folder + ": no such folder; check the path or download the dataset.");
    if (!info.isDir())
        return fail(folder + ": is a file, not a folder of recordings.");
    if (!info.isReadable() || !info.isExecutable())
        return fail(folder + ": cannot read this folder (permission denied).");
    QDir dir(folder);
    // Name filters are case-insensitive: 1_a_2.WAV is listed too (and parsed as a recording).
    QStringList files = dir.entryList({QStringLiteral("*.wav")}, QDir::Files | QDir::Hidden | QDir::System);
    // Python's sorted(): by code point, which the reference's random split depends on.
    std::sort(files.begin(), files.end(), [](const QString &a, const QString &b) { return a.compare(b) < 0; });
    if (error)
        error->clear();
    return files;
}

DatasetLoadResult DatasetScanner::load(const QString &folder, const LoadProgress &progress,
                                       const std::atomic<bool> *cancel)
{
    DatasetLoadResult result;
    result.dataset.folder = folder;
    QString error;
    const QStringList files = listWavFiles(folder, &error);
    if (!error.isEmpty()) {
        result.status = LoadStatus::FolderUnreadable;
        result.error = error;
        return result;
    }
    const QDir dir(folder);
    const int total = static_cast<int>(files.size());
    result.dataset.items.reserve(static_cast<std::size_t>(total));
    for (int i = 0; i < total; ++i) {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            result.status = LoadStatus::Cancelled;
            result.error = QString("Loading %1 was cancelled after %2 of %3 files.").arg(folder).arg(i).arg(total);
            return result;
        }
        const QString &fileName = files[i];
        QString reason;
        const std::optional<RecordingName> name = FileNameParser::parse(fileName, &reason);
        if (!name) {
            result.dataset.skipped.push_back({fileName, reason});
        } else {
            const QString path = dir.filePath(fileName);
            DecodeResult decoded = AudioDecoder::decodeFile(path);
            if (!decoded.clip) {
                QString why = decoded.error;
                if (why.startsWith(path + ": "))
                    why = why.mid(path.size() + 2);
                result.dataset.skipped.push_back({fileName, why});
            } else {
                result.dataset.items.push_back({fileName, *name, std::move(decoded.clip->samples)});
            }
        }
        if (progress)
            progress(i + 1, total);
    }
    return result;
}

}  // namespace convscope
