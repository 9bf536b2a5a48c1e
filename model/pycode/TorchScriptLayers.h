#pragma once

#include "network/LayerSpec.h"

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

// The torch-free tables and helpers of TorchScriptNetwork.cpp, private to model/pycode.

namespace convscope {

/// The settings each torch.nn layer kind's constructor takes, in the order PyTorch lists them: a scripted layer's
/// attributes and class constants. The kinds ConvScope has.
const std::map<std::string, std::vector<std::string>> &torchLayerSettings();

/// An operation of a forward graph that is a layer: the layer's kind and which of the operation's inputs are
/// which of its settings. Conv and BatchNorm take their dims from the weight.
struct TracedOpForm {
    std::string kind;
    std::vector<std::pair<std::string, std::size_t>> settings;
};

/// The operations a layer's forward graph computes (aten names without "aten::" and without a trailing "_").
const std::map<std::string, TracedOpForm> &tracedOpForms();

/// "nn.Conv2d(in_channels=1, ...)" from "Conv2d" and {"in_channels=1", ...}.
std::string layerCallCode(const std::string &kind, const std::vector<std::string> &settings);

/// The layers that the PyTorch code of one torch.nn layer builds, read as the Python reader reads it; throws
/// std::runtime_error starting with `what` (the module) when the reader refuses it.
std::vector<LayerSpec> layersOfLayerCode(const std::string &code, const std::string &what);

}  // namespace convscope
