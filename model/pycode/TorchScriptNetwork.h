#pragma once

#include "pycode/PythonNetworkReader.h"

#include <QString>

namespace convscope {

/**
 * Reads a TorchScript file saved with `torch.jit.script(net).save(path)` in Python, for Sequential-style models: an
 * nn.Sequential (nested ones too) of the layer kinds ConvScope has. Each module's settings are written as the
 * PyTorch code that builds it and read by readPythonNetwork, so both paths check layers the same way. A module
 * ConvScope cannot express is named with its path in the model ("3 (LSTM)"). The input is suggested from the first
 * layer (the file does not say it; inputInCode is false). Any thread.
 */
PythonNetworkRead loadTorchScriptNetwork(const QString &path);

}  // namespace convscope
