// File names from a dataset folder: bytes -> FileNameParser.
#include "data/FileNameParser.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using convscope::FileNameParser;
    const QString name = QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    QString reason;
    const auto parsed = FileNameParser::parse(name, &reason);
    if (!parsed) {
        if (reason.isEmpty())
            __builtin_trap();  // rejected without saying why
        return 0;
    }
    if (parsed->digit < 0 || parsed->digit > 9 || parsed->speaker.isEmpty() || parsed->take < 0)
        __builtin_trap();
    // The canonical spelling of what was parsed parses to the same recording.
    const QString canonical = QString("%1_%2_%3.wav").arg(parsed->digit).arg(parsed->speaker).arg(parsed->take);
    const auto again = FileNameParser::parse(canonical);
    if (!again || !(*again == *parsed))
        __builtin_trap();
    return 0;
}
