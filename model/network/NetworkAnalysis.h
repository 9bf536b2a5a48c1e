#pragma once

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
    std::vector<ValidationIssue> issues;

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

    bool ok() const;
    std::vector<ValidationIssue> allIssues() const;
    /// The input shape followed by every layer's output shape; empty when the network is invalid.
    std::vector<Shape> shapes() const;
    /// The spec with every auto field resolved; only meaningful when ok().
    NetworkSpec resolvedSpec(const NetworkSpec &original) const;
};

NetworkAnalysis analyzeNetwork(const NetworkSpec &spec);

}  // namespace convscope
