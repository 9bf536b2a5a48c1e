#pragma once

#include "NetworkSpec.h"

#include <string>

namespace convscope {

/**
 * The network as PyTorch Python code a student can paste into a notebook:
 * imports, the Residual class when needed, and `net = nn.Sequential(...)`. Auto sizes are resolved
 * when the network is valid; otherwise a Linear with auto input becomes nn.LazyLinear. Any thread.
 */
std::string toPyTorchCode(const NetworkSpec &spec);

/// The Residual class the code defines for the assignment's residual block (the Python reader recognises it).
const char *pythonResidualClass();
/// The Block class the code defines for other blocks (the Python reader recognises it).
const char *pythonBlockClass();

}  // namespace convscope
