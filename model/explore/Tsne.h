#pragma once

#include "PointSet.h"

#include <atomic>
#include <functional>
#include <optional>

namespace convscope {

/** How t-SNE maps the points. The defaults follow van der Maaten and Hinton (2008) and scikit-learn. */
struct TsneOptions {
    double perplexity = 30.0;  ///< the effective number of neighbours; lowered to (count - 1) / 3 for few points
    int iterations = 750;
    int exaggerationIterations = 250;  ///< the first iterations, with P multiplied by `exaggeration`
    double exaggeration = 12.0;
    const std::atomic<bool> *cancel = nullptr;  ///< polled every iteration: nullopt when set
    std::function<void(int done, int total)> progress;  ///< called on the computing thread every 25 iterations
};

struct TsneResult {
    Coordinates2D coordinates;
    double perplexity = 0.0;     ///< the perplexity used (after lowering for few points)
    double klDivergence = 0.0;   ///< KL(P || Q) of the final map: lower is a more faithful map
};

/**
 * Exact t-SNE: Gaussian neighbourhoods calibrated per point by a binary search to the perplexity, symmetrised; a
 * Student-t map, started from the points' first two principal components (scaled to a standard deviation of
 * 1e-4, so that a run is deterministic), optimised by gradient descent with momentum, per-coordinate gains and early
 * exaggeration. O(count²) memory and time per iteration: meant for the test set's thousand clips. Any thread.
 */
std::optional<TsneResult> tsneMap(const PointSet &points, const TsneOptions &options = {});

/// The perplexity-calibrated conditional probabilities p(j | i) of one point's neighbours, from its squared
/// distances to every point (its own entry is ignored and gets 0). Exposed for tests: exp(entropy) = perplexity.
std::vector<double> neighbourProbabilities(const std::vector<double> &squaredDistances, std::size_t self,
                                           double perplexity);

}  // namespace convscope
