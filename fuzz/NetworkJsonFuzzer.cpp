// Network files from anywhere: bytes -> parseNetworkJson -> analyzeNetwork -> shapes, PyTorch code, JSON again.
#include "network/NetworkAnalysis.h"
#include "network/NetworkJson.h"
#include "network/PythonCode.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace convscope;
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const NetworkParseResult parsed = parseNetworkJson(bytes);
    if (parsed.spec.has_value() == !parsed.error.empty())
        __builtin_trap();
    if (!parsed.spec)
        return 0;
    const NetworkAnalysis analysis = analyzeNetwork(*parsed.spec);
    if (analysis.ok()) {
        // The input shape and one output shape per layer.
        if (analysis.shapes().size() != parsed.spec->layers.size() + 1)
            __builtin_trap();
        analysis.resolvedSpec(*parsed.spec);
    } else if (analysis.allIssues().empty()) {
        __builtin_trap();  // invalid without saying why
    }
    toPyTorchCode(*parsed.spec);
    // What we write, we read back as the same network.
    const NetworkParseResult again = parseNetworkJson(networkToJsonBytes(*parsed.spec));
    if (!again.spec || !(*again.spec == *parsed.spec))
        __builtin_trap();
    return 0;
}
