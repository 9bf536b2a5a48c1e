#pragma once

#include "PointSet.h"

namespace convscope {

/** The leading principal components of a point set, and the points projected on them. */
struct PcaResult {
    PointSet projected;              ///< count × components: each point's coordinates along the components
    PointSet components;             ///< components × dims, unit length, sign fixed (largest entry positive)
    std::vector<double> variance;    ///< the variance along each component
    double totalVariance = 0.0;      ///< the sum of the variances along every axis of the input
};

/**
 * Principal component analysis by power iteration on the centred points, one component after another (deflating
 * the found ones), without forming the dims × dims covariance: each step costs two passes over the data, so 1000
 * clips of 962 MFCC values take milliseconds. Deterministic. `components` is clamped to the points' dims.
 * Any thread.
 */
PcaResult principalComponents(const PointSet &points, std::size_t components);

}  // namespace convscope
