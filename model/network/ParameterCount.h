#pragma once

#include "LayerSpec.h"

#include <cstdint>
#include <string>

namespace convscope {

/** A layer's number of trainable parameters and the arithmetic behind it, e.g. "2·3·5·5 + 3 = 153". */
struct ParameterCount {
    std::int64_t count = 0;
    std::string formula;
};

/// Counts the parameters of a layer whose auto fields are already resolved (see NetworkAnalysis).
ParameterCount countParameters(const LayerSpec &layer);

}  // namespace convscope
