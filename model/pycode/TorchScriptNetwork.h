#pragma once

#include "pycode/PythonNetworkReader.h"

#include <QString>

#include <string>
#include <vector>

namespace convscope {

/**
 * Reads a TorchScript file saved with `torch.jit.script(net).save(path)` or `torch.jit.trace(net, x).save(path)` in
 * Python. nn.Sequential gives its children in order; a torch.nn layer gives the PyTorch code that builds it, read by
 * readPythonNetwork (scripted: from its attributes; traced: from the constants of its forward graph and its weights'
 * shapes); any other module's forward graph is followed, and an addition or a torch.cat of paths from one value
 * becomes a block (an activation right after it is the block's layer after the merge). What ConvScope cannot
 * express is named with the module's path in the model ("layer1.0 (BasicBlock) computes aten::mul ..."). The input
 * is suggested from the first layer (the file does not say it; inputInCode is false). `weightModules`, if given,
 * receives the paths of the modules that hold the weights of the network's layers, in the order buildTorchNetwork
 * makes their parameters (torchScriptWeights reads them). Any thread.
 */
PythonNetworkRead loadTorchScriptNetwork(const QString &path, std::vector<std::string> *weightModules = nullptr);

/// Whether `path` names a TorchScript model (by its suffix, .pt).
bool isTorchScriptFile(const QString &path);

}  // namespace convscope
