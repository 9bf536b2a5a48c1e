#pragma once

#include "NetworkAnalysis.h"
#include "NetworkSpec.h"

#include <cstddef>
#include <vector>

namespace convscope {

/// One step into a block: branch `branch` of the block at position `layer` of the current stack.
struct StackStep {
    std::size_t layer = 0;
    std::size_t branch = 0;
    bool operator==(const StackStep &other) const { return layer == other.layer && branch == other.branch; }
};

/// Where a stack of layers sits in a network: empty for the top level, one step per block entered.
using StackPath = std::vector<StackStep>;

/// The layers at `path`, or nullptr when the path does not lead to a block's branch of this network.
std::vector<LayerSpec> *layersAt(NetworkSpec &spec, const StackPath &path);
const std::vector<LayerSpec> *layersAt(const NetworkSpec &spec, const StackPath &path);
/// The analyses of those layers, or nullptr (same rule).
const std::vector<LayerAnalysis> *analysesAt(const NetworkAnalysis &analysis, const StackPath &path);
/// The shape that enters the stack at `path` (the network input, or the block's input); empty when unknown.
Shape inputAt(const NetworkAnalysis &analysis, const StackPath &path);

}  // namespace convscope
