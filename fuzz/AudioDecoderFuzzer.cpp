// Audio files from anywhere (the dataset folder, a recording dropped on the window): bytes -> AudioDecoder.
#include "audio/AudioDecoder.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using convscope::AudioDecoder;
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    // Ten seconds at most: FLAC and Vorbis expand a few bytes into minutes of silence, which is slow but not a bug.
    const convscope::DecodeResult result = AudioDecoder::decodeBytes(bytes, "input", AudioDecoder::defaultRate, 10.0);
    // Either a clip at the requested rate or an error naming the input, never both or neither.
    if (result.clip.has_value() == !result.error.isEmpty())
        __builtin_trap();
    if (result.clip && (result.clip->sampleRate != AudioDecoder::defaultRate || result.clip->samples.empty()))
        __builtin_trap();
    if (!result.clip && !result.error.startsWith("input: "))
        __builtin_trap();
    return 0;
}
