#pragma once

#include "Dataset.h"

#include <QString>

#include <atomic>
#include <functional>

namespace convscope {

/** How loading a folder ended. */
enum class LoadStatus {
    Ok,                ///< the folder was read (some files may be in Dataset::skipped)
    FolderUnreadable,  ///< missing, not a folder or not readable: see error
    Cancelled,         ///< the cancel flag was set; the dataset holds what was read so far
};

struct DatasetLoadResult {
    LoadStatus status = LoadStatus::Ok;
    Dataset dataset;
    QString error;
};

/// Called after each file with (files done, files in total). Runs on the loading thread.
using LoadProgress = std::function<void(int done, int total)>;

/**
 * Reads an FSDD folder: every *.wav file (any case) is parsed by name and decoded (mono, resampled to 8000 Hz).
 * A name that does not match, or a file that does not decode, goes into Dataset::skipped with the reason;
 * other files (README, .csv, ...) are ignored. Blocking and thread-safe: run it on a worker thread
 * (QThread, QtConcurrent::run) and set `cancel` from the GUI thread to stop it early.
 */
class DatasetScanner {
public:
    static DatasetLoadResult load(const QString &folder, const LoadProgress &progress = {},
                                  const std::atomic<bool> *cancel = nullptr);
    /// The *.wav file names of the folder, sorted; empty with `error` set when the folder cannot be read.
    static QStringList listWavFiles(const QString &folder, QString *error = nullptr);
};

}  // namespace convscope
