#include "DatasetScanner.h"

#include "audio/AudioDecoder.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace convscope {

namespace {

/// What reading one file gave: a recording, or why it was skipped.
struct FileOutcome {
    std::optional<DatasetItem> item;
    SkippedFile skipped;
};

FileOutcome readFile(const QDir &dir, const QString &fileName)
{
    FileOutcome outcome;
    QString reason;
    const std::optional<RecordingName> name = FileNameParser::parse(fileName, &reason);
    if (!name) {
        outcome.skipped = {fileName, reason};
        return outcome;
    }
    const QString path = dir.filePath(fileName);
    DecodeResult decoded = AudioDecoder::decodeFile(path);
    if (!decoded.clip) {
        QString why = decoded.error;
        if (why.startsWith(path + ": "))
            why = why.mid(path.size() + 2);
        outcome.skipped = {fileName, why};
        return outcome;
    }
    outcome.item = DatasetItem{fileName, *name, std::move(decoded.clip->samples)};
    return outcome;
}

/**
 * Calls read(i) for every i in [0, count) on worker threads, one per core, which run ahead of the caller, and
 * consume(i, result) on the caller's thread in the order of i, so that progress and cancelling behave as if the
 * caller read the files one by one. Stops when consume returns false (the workers finish the file they are on).
 * Decoding FSDD's 3000 files is mostly libsndfile's opening and reading, which the cores share well.
 */
template <typename T>
void readAheadInOrder(int count, const std::function<T(int)> &read, const std::function<bool(int, T &&)> &consume)
{
    std::vector<std::optional<T>> results(static_cast<std::size_t>(count));
    std::mutex mutex;
    std::condition_variable ready;
    std::atomic<int> next{0};
    std::atomic<bool> stop{false};
    const auto work = [&] {
        for (int i = next++; i < count && !stop.load(std::memory_order_relaxed); i = next++) {
            T value = read(i);
            const std::lock_guard<std::mutex> lock(mutex);
            results[static_cast<std::size_t>(i)] = std::move(value);
            ready.notify_all();
        }
    };
    struct Workers {  // stopped and joined on every way out, an exception from consume included
        std::atomic<bool> &stop;
        std::vector<std::thread> threads;
        ~Workers()
        {
            stop = true;
            for (std::thread &thread : threads)
                thread.join();
        }
    } workers{stop, {}};
    const int cores = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
    for (int w = 0; w < std::min(cores, count); ++w)
        workers.threads.emplace_back(work);
    for (int i = 0; i < count; ++i) {
        std::unique_lock<std::mutex> lock(mutex);
        auto &slot = results[static_cast<std::size_t>(i)];
        ready.wait(lock, [&] { return slot.has_value(); });
        T value = std::move(*slot);
        slot.reset();
        lock.unlock();
        if (!consume(i, std::move(value)))
            break;
    }
}

}  // namespace

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
    const auto read = [&](int i) { return readFile(dir, files[i]); };
    const auto consume = [&](int i, FileOutcome &&outcome) {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            result.status = LoadStatus::Cancelled;
            result.error = QString("Loading %1 was cancelled after %2 of %3 files.").arg(folder).arg(i).arg(total);
            return false;
        }
        if (outcome.item)
            result.dataset.items.push_back(std::move(*outcome.item));
        else
            result.dataset.skipped.push_back(std::move(outcome.skipped));
        if (progress)
            progress(i + 1, total);
        return true;
    };
    readAheadInOrder<FileOutcome>(total, read, consume);
    return result;
}

}  // namespace convscope
