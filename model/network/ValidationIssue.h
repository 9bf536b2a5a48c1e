#pragma once

#include <string>

namespace convscope {

/**
 * One problem found in a network: which layer (1-based; 0 means the network input), which field,
 * what is wrong and how to fix it. A value; usable from any thread.
 */
struct ValidationIssue {
    int layer = 0;           ///< 1-based layer number, 0 for the input shape
    std::string layerLabel;  ///< e.g. "Conv2d 5x5, 1→1"; empty for the input
    std::string field;       ///< JSON field name, e.g. "padding"
    std::string message;     ///< what is wrong
    std::string hint;        ///< what to do about it
    std::string within;      ///< inside a block: "branch 2, layer 1 (Conv2d 3x3, 64→64)"; empty otherwise

    /// "Layer 3 (Conv2d 5x5, 1→1): output would be 0×0 on a 4×4 input; add padding 2 or use a smaller kernel.",
    /// or "Layer 5 (Block: …), branch 2, layer 1 (Conv2d 1x1, 64→128): …" inside a block.
    std::string text() const;
};

}  // namespace convscope
