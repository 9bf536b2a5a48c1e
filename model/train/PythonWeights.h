#pragma once

#include "network/NetworkSpec.h"

#include <QString>

#include <string>

namespace convscope {

/**
 * Writes a checkpoint's weights as a file Python's torch.load reads: the state dict (parameters and batch-norm
 * statistics, named as net.state_dict() names them) of the network that toPyTorchCode writes for the checkpoint's
 * network, so `net.load_state_dict(torch.load(path))` gives a notebook the model trained in ConvScope. Returns an
 * empty string or the error (naming the file). Any thread.
 */
QString savePythonWeights(const QString &checkpoint, const QString &path);

/// The network's PyTorch code followed by the two lines that load the weights file at `weightsPath`.
std::string toPyTorchCodeWithWeights(const NetworkSpec &network, const QString &weightsPath);

}  // namespace convscope
