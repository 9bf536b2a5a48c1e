#pragma once

#include "network/NetworkSpec.h"
#include "receptive/GradientReceptiveField.h"

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

/**
 * The weights of the TorchScript model at `path` for `network` (what loadTorchScriptNetwork read from it, with its
 * input set): the parameters and batch-norm statistics of the module buildTorchNetwork builds for it, saved as a
 * torch archive (torch::nn::Module::save), which is what a checkpoint holds. Empty with `error` (naming the file and
 * the module) when the file's weights do not fit. Any thread.
 */
std::string torchScriptWeights(const QString &path, const NetworkSpec &network, std::string *error);

/**
 * The effective field of the TorchScript model at `path` with its own trained weights: `network` (what
 * loadTorchScriptNetwork read from it, with the input the user chose) built with torchScriptWeights, and
 * traceTrainedField over request.draws random standard-normal inputs of that size (seeded by request.seed), as Luo et
 * al. trace a trained network without its data: the file holds no inputs. The request's cancel and progress work
 * as in computeReceptiveField. An error naming the file when its weights do not fit. Any thread.
 */
ReceptiveFieldResult traceTorchScriptField(const QString &path, const NetworkSpec &network,
                                           const ReceptiveFieldRequest &request);
/// traceTorchScriptField() with the weights already read (`weights`: torchScriptWeights(path, network)), for a
/// caller that traces one model again and again: reading a .pt takes longer than tracing a small network.
ReceptiveFieldResult traceWithWeights(const NetworkSpec &network, const std::string &weights, const QString &path,
                                      const ReceptiveFieldRequest &request);

/// The network's PyTorch code followed by the two lines that load the weights file at `weightsPath`.
std::string toPyTorchCodeWithWeights(const NetworkSpec &network, const QString &weightsPath);

}  // namespace convscope
