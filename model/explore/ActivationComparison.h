#pragma once

#include "ActivationSnapshot.h"

#include <vector>

namespace convscope {

/// How differently two clips drive each activation entry of the same network: 1 − the cosine similarity of the two
/// entries' values (0: the same pattern up to scale, 1: unrelated, 2: opposite), one per entry of `a.activations`.
/// NaN where the shapes differ (another network) or an entry is all zeros in one clip. Any thread.
std::vector<double> activationDifferences(const ActivationSnapshot &a, const ActivationSnapshot &b);

}  // namespace convscope
