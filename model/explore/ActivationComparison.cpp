#include "ActivationComparison.h"

#include <cmath>
#include <limits>

namespace convscope {

std::vector<double> activationDifferences(const ActivationSnapshot &a, const ActivationSnapshot &b)
{
    std::vector<double> differences(a.activations.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < a.activations.size() && i < b.activations.size(); ++i) {
        const LayerActivation &x = a.activations[i];
        const LayerActivation &y = b.activations[i];
        if (x.shape != y.shape || x.values.size() != y.values.size())
            continue;
        double dot = 0.0, xx = 0.0, yy = 0.0;
        for (std::size_t k = 0; k < x.values.size(); ++k) {
            dot += static_cast<double>(x.values[k]) * y.values[k];
            xx += static_cast<double>(x.values[k]) * x.values[k];
            yy += static_cast<double>(y.values[k]) * y.values[k];
        }
        if (xx > 0.0 && yy > 0.0)
            differences[i] = 1.0 - dot / std::sqrt(xx * yy);
    }
    return differences;
}

}  // namespace convscope
