#pragma once

#include "network/NetworkSpec.h"

#include <random>

namespace convscope::test {

/// A random stack of Conv/Pool layers (sometimes with BatchNorm, ReLU, Dropout and a Flatten+Linear head)
/// that analyzeNetwork() accepts. Deterministic for a given generator state.
NetworkSpec randomValidNetwork(std::mt19937 &random);

/// A random stack with arbitrary (often invalid) values: wrong channels, zero or negative sizes, wrong ranks.
NetworkSpec randomAnyNetwork(std::mt19937 &random);

}  // namespace convscope::test
