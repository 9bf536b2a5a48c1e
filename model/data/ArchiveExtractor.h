#pragma once

#include <QString>

#include <atomic>
#include <functional>

namespace convscope {

/**
 * Extracts a .zip, .tar.gz (any format libarchive reads) into a folder. Refuses absolute paths and "..",
 * skips links and devices. Errors name the archive and carry archive_error_string. Blocking; any thread.
 */
class ArchiveExtractor {
public:
    /// Returns an empty string or the error; `progress` gets the number of entries done.
    static QString extract(const QString &archivePath, const QString &destination,
                           const std::function<void(int entries)> &progress = {},
                           const std::atomic<bool> *cancel = nullptr);
};

}  // namespace convscope
