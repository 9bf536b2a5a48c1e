#pragma once

#include "MacCount.h"
#include "NetworkSpec.h"
#include "ParameterCount.h"
#include "ValidationIssue.h"

#include <vector>

namespace convscope {

/** What the analysis found for one layer. Shapes are empty where they cannot be known. */
struct LayerAnalysis {
    LayerSpec resolved;  ///< the layer with auto fields (Linear in_features, BatchNorm num_features) filled in
    Shape input;
    Shape output;
    ParameterCount parameters;
    MacCount macs;  ///< a Block's is the sum of its layers' (plus its additions, as auxiliary operations)
    std::vector<ValidationIssue> issues;  ///< a Block's include those of its layers
    std::vector<std::vector<LayerAnalysis>> branches;  ///< a Block's branches, layer by layer
    std::vector<LayerAnalysis> after;                  ///< a Block's layer after the merge

    bool valid() const { return issues.empty() && !output.empty(); }
};

/**
 * Shape inference, validation and parameter counts for a whole network, computed without torch.
 * Every problem is collected (not only the first). A value; usable from any thread.
 */
struct NetworkAnalysis {
    Shape input;
    std::vector<ValidationIssue> inputIssues;
    std::vector<LayerAnalysis> layers;
    std::int64_t totalParameters = 0;
    std::int64_t totalMacs = 0;      ///< convolutions and linear layers (see MacCount)
    std::int64_t auxiliaryMacs = 0;  ///< BatchNorm, pooling, activations and additions

    /// The multiply-accumulates of the whole network; `includeAuxiliary` adds BatchNorm, pooling and activations.
    std::int64_t macs(bool includeAuxiliary) const { return totalMacs + (includeAuxiliary ? auxiliaryMacs : 0); }

    bool ok() const;
    std::vector<ValidationIssue> allIssues() const;
    /// The input shape followed by every layer's output shape; empty when the network is invalid.
    std::vector<Shape> shapes() const;
    /// The spec with every auto field resolved; only meaningful when ok().
    NetworkSpec resolvedSpec(const NetworkSpec &original) const;
};

NetworkAnalysis analyzeNetwork(const NetworkSpec &spec);
/// One top-level layer of a network on `input`, as analyzeNetwork() analyses it there: a network is ok() exactly when
/// its input is valid and each layer, given the output of the one before, is valid().
LayerAnalysis analyzeLayer(const LayerSpec &layer, const Shape &input);

}  // namespace convscope
