#pragma once

#include "network/NetworkSpec.h"

#include <QString>

#include <optional>
#include <string>
#include <string_view>

namespace convscope {

/** What reading a network from Python code gave: the network, or an error naming the line and column. */
struct PythonNetworkRead {
    /// The network. Its input is the code's own input tensor when it makes one (x = torch.zeros(1, 1, 28, 28)),
    /// otherwise suggestInputShape's; its name is the comment just above `net = ...`, if any.
    std::optional<NetworkSpec> spec;
    bool inputInCode = false;
    std::string error;  ///< "line 3, column 5: ..." (with the file name first from loadPythonNetworkFile)
    int line = 0;       ///< where the error is; 0 when it has no place
    int column = 0;
};

/**
 * Reads the network a notebook cell builds: `net = nn.Sequential(...)`, `model = ...` or `def build_net(): return
 * ...`, with the cell's imports, helper functions, loops over lists, comments and print(net) around it. It runs the
 * Python that builds the network without torch, never guesses, and refuses what it cannot express (a class with its
 * own forward, a layer kind ConvScope lacks) naming the line. Reads back exactly what toPyTorchCode writes. Pure;
 * any thread.
 */
PythonNetworkRead readPythonNetwork(std::string_view source);

/// Reads a .py file; errors start with the file name, and a network without a name comment is named after the file.
PythonNetworkRead loadPythonNetworkFile(const QString &path);

/// Whether `path` names Python code (by its suffix, .py).
bool isPythonFile(const QString &path);

/**
 * An input for layers whose code does not say: the first layer's channels with the assignment's sizes (1×6000 raw
 * audio, 13×74 MFCCs, 1×28×28 or 3×224×224 images) when the network accepts them, otherwise the smallest size it
 * accepts. Empty when the layers fix no channel count.
 */
Shape suggestInputShape(const std::vector<LayerSpec> &layers);

}  // namespace convscope
