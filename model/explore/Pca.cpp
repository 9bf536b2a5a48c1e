#include "Pca.h"

#include <algorithm>
#include <cmath>

namespace convscope {

namespace {

constexpr int kMaxIterations = 300;  // real features have a dominant spectrum: tens of steps
constexpr double kTolerance = 1e-9;

double dot(const double *a, const double *b, std::size_t n)
{
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i)
        sum += a[i] * b[i];
    return sum;
}

/// v ← Xᵀ X v / count, with the found components projected out of v first (deflation).
void covarianceTimes(const PointSet &centred, const PointSet &found, std::size_t foundCount, std::vector<double> &v)
{
    for (std::size_t c = 0; c < foundCount; ++c) {
        const double along = dot(found.row(c), v.data(), v.size());
        for (std::size_t j = 0; j < v.size(); ++j)
            v[j] -= along * found.row(c)[j];
    }
    std::vector<double> result(v.size(), 0.0);
    for (std::size_t i = 0; i < centred.count; ++i) {
        const double score = dot(centred.row(i), v.data(), v.size());
        for (std::size_t j = 0; j < v.size(); ++j)
            result[j] += score * centred.row(i)[j];
    }
    for (auto &x : result)
        x /= static_cast<double>(std::max<std::size_t>(centred.count, 1));
    v.swap(result);
}

/// Unit length; returns the length it had.
double normalise(std::vector<double> &v)
{
    const double length = std::sqrt(dot(v.data(), v.data(), v.size()));
    if (length > 0.0)
        for (auto &x : v)
            x /= length;
    return length;
}

}  // namespace

PcaResult principalComponents(const PointSet &points, std::size_t components)
{
    PcaResult result;
    const std::size_t n = points.count, d = points.dims;
    components = std::min(components, d);
    PointSet centred = points;
    std::vector<double> mean(d, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j)
            mean[j] += points.row(i)[j] / static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) {
            centred.row(i)[j] -= mean[j];
            result.totalVariance += centred.row(i)[j] * centred.row(i)[j] / static_cast<double>(std::max<std::size_t>(n, 1));
        }

    result.components = {components, d, std::vector<double>(components * d, 0.0)};
    for (std::size_t c = 0; c < components; ++c) {
        // Start from a fixed vector that no data direction is orthogonal to by accident.
        std::vector<double> v(d);
        for (std::size_t j = 0; j < d; ++j)
            v[j] = 1.0 + 0.01 * static_cast<double>((j * 7919 + c * 104729) % 101);
        normalise(v);
        double eigenvalue = 0.0;
        for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
            std::vector<double> previous = v;
            covarianceTimes(centred, result.components, c, v);
            eigenvalue = normalise(v);
            if (eigenvalue == 0.0)
                break;
            double change = 0.0;
            for (std::size_t j = 0; j < d; ++j)
                change = std::max(change, std::abs(v[j] - previous[j]));
            if (change < kTolerance)
                break;
        }
        const auto largest = std::max_element(v.begin(), v.end(), [](double a, double b) { return std::abs(a) < std::abs(b); });
        if (largest != v.end() && *largest < 0.0)
            for (auto &x : v)
                x = -x;
        std::copy(v.begin(), v.end(), result.components.row(c));
        result.variance.push_back(eigenvalue);
    }

    result.projected = {n, components, std::vector<double>(n * components, 0.0)};
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < components; ++c)
            result.projected.row(i)[c] = dot(centred.row(i), result.components.row(c), d);
    return result;
}

}  // namespace convscope
