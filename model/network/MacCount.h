#pragma once

#include "NetworkSpec.h"

#include <cstdint>
#include <string>

namespace convscope {

/**
 * A layer's multiply-accumulates for one input (a batch of one) and the arithmetic behind it, e.g.
 * "3·64·7·7·112·112 = 118,013,952". FLOPs are twice the MACs.
 *
 * The convention, as torchvision's published figures: convolutions and linear layers count (`count`).
 * BatchNorm, pooling, activations and a block's additions are `auxiliary` operations (one per element they touch,
 * a pooling window's size per output), added only when the user asks for them.
 */
struct MacCount {
    std::int64_t count = 0;
    std::int64_t auxiliary = 0;
    std::string formula;
};

/// Counts a layer whose auto fields are resolved, from its input and output shapes (see NetworkAnalysis).
MacCount countMacs(const LayerSpec &layer, const Shape &input, const Shape &output);

/// 118013952 → "118,013,952".
std::string withThousands(std::int64_t value);
/// A short form for tables and rows: 950, "12.5 k", "118.0 M", "4.09 G".
std::string shortCount(std::int64_t value);

}  // namespace convscope
