#pragma once

#include "FileNameParser.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace convscope {

/** One recording of the dataset: its file, what its name says and its samples (mono, 8000 Hz, [-1, 1) scale). */
struct DatasetItem {
    QString fileName;  ///< without folder, e.g. "7_jackson_32.wav"
    RecordingName name;
    std::vector<float> samples;
};

/** A file of the folder that was left out, and why (the decoder's or the name parser's message). */
struct SkippedFile {
    QString file;
    QString reason;
};

/**
 * A loaded FSDD folder: the recordings sorted by file name (Python's sorted(os.listdir) order, which the
 * reference's random split uses) and the files that were skipped. A value (copy it or move it between
 * threads); read-only use from several threads is safe.
 */
class Dataset {
public:
    QString folder;
    std::vector<DatasetItem> items;
    std::vector<SkippedFile> skipped;

    std::int64_t size() const { return static_cast<std::int64_t>(items.size()); }
    bool isEmpty() const { return items.empty(); }
    /// What each item's name says, in item order (what makeSplit() and FeatureCache need).
    std::vector<RecordingName> recordings() const;
    /// Every speaker, sorted.
    QStringList speakers() const;
    /// Item index of a file name, or -1.
    std::int64_t indexOf(const QString &fileName) const;
};

}  // namespace convscope
