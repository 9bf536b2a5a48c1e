#include "ArchiveExtractor.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace convscope {

namespace {

struct ArchiveCloser {
    void operator()(archive *a) const { archive_read_free(a); }
};

/// A relative path without ".." parts, or empty when the entry would land outside the destination.
QString safeRelativePath(const char *raw)
{
    if (!raw)
        return {};
    const QString path = QString::fromUtf8(raw);
    if (path.startsWith('/') || path.contains('\\'))
        return {};
    const QString clean = QDir::cleanPath(path);
    if (clean == "." || clean.startsWith(QLatin1String("../")) || clean == QLatin1String(".."))
        return {};
    return clean;
}

}  // namespace

QString ArchiveExtractor::extract(const QString &archivePath, const QString &destination,
                                  const std::function<void(int)> &progress, const std::atomic<bool> *cancel)
{
    std::unique_ptr<archive, ArchiveCloser> reader(archive_read_new());
    archive_read_support_format_all(reader.get());
    archive_read_support_filter_all(reader.get());
    auto fail = [&](const QString &what) {
        const char *message = archive_error_string(reader.get());
        return archivePath + ": " + what + (message ? QString(" (libarchive: %1)").arg(QString::fromUtf8(message)) : QString())
               + "; download it again.";
    };
    if (archive_read_open_filename(reader.get(), QFile::encodeName(archivePath).constData(), 1 << 16) != ARCHIVE_OK)
        return fail("cannot open the archive");
    if (!QDir().mkpath(destination))
        return destination + ": cannot create the folder; check permissions and free space.";
    const QDir root(destination);
    int entries = 0;
    archive_entry *entry = nullptr;
    for (;;) {
        if (cancel && cancel->load())
            return QStringLiteral("Extraction cancelled.");
        const int status = archive_read_next_header(reader.get(), &entry);
        if (status == ARCHIVE_EOF)
            break;
        if (status < ARCHIVE_WARN)
            return fail("damaged archive");
        const QString relative = safeRelativePath(archive_entry_pathname(entry));
        if (relative.isEmpty())
            return fail("unsafe path in the archive: " + QString::fromUtf8(archive_entry_pathname(entry)));
        const QString target = root.filePath(relative);
        const auto type = archive_entry_filetype(entry);
        if (type == AE_IFDIR) {
            if (!QDir().mkpath(target))
                return target + ": cannot create the folder.";
        } else if (type == AE_IFREG) {
            QDir().mkpath(QFileInfo(target).path());
            QFile out(target);
            if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return target + ": cannot write (" + out.errorString() + ").";
            const void *block = nullptr;
            size_t size = 0;
            la_int64_t offset = 0;
            int r;
            while ((r = archive_read_data_block(reader.get(), &block, &size, &offset)) == ARCHIVE_OK) {
                if (out.pos() != offset)
                    out.seek(offset);
                if (out.write(static_cast<const char *>(block), static_cast<qint64>(size)) != static_cast<qint64>(size))
                    return target + ": write failed (" + out.errorString() + "); the disk may be full.";
            }
            if (r != ARCHIVE_EOF)
                return fail("damaged entry " + relative);
        }  // links, devices and the like are skipped: a dataset needs none
        ++entries;
        if (progress)
            progress(entries);
    }
    return {};
}

}  // namespace convscope
