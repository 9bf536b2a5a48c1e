// PyTorch code from anywhere: bytes -> readPythonNetwork -> analyzeNetwork -> PyTorch code, read again.
#include "network/NetworkAnalysis.h"
#include "network/PythonCode.h"
#include "pycode/PythonNetworkReader.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace convscope;
    const PythonNetworkRead read = readPythonNetwork(std::string_view(reinterpret_cast<const char *>(data), size));
    if (read.spec.has_value() == !read.error.empty())
        __builtin_trap();
    if (!read.spec)
        return 0;
    const NetworkAnalysis analysis = analyzeNetwork(*read.spec);
    if (!analysis.ok() && analysis.allIssues().empty())
        __builtin_trap();  // invalid without saying why
    // What we write, we read back as the same network.
    const PythonNetworkRead again = readPythonNetwork(toPyTorchCode(*read.spec));
    if (!again.spec || again.spec->input != read.spec->input
        || again.spec->layers != (analysis.ok() ? analysis.resolvedSpec(*read.spec).layers : read.spec->layers))
        __builtin_trap();
    return 0;
}
