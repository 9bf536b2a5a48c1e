#pragma once

#include "NetworkSpec.h"
#include "ValidationIssue.h"

#include <vector>

namespace convscope {

/** The output shape of one layer (empty when it cannot be computed) and the problems found. */
struct LayerInference {
    Shape output;
    std::vector<ValidationIssue> issues;
};

/**
 * Checks one layer and computes its output shape from its input shape, the way PyTorch would.
 * `layer` has its auto fields resolved in place. `input` may be empty when an earlier layer failed;
 * then only the layer's own fields are checked. `number` is the 1-based position, for messages.
 * A Block is analysed through its layers by analyzeNetwork(), not here.
 */
LayerInference inferLayer(LayerSpec &layer, const Shape &input, int number);

}  // namespace convscope
