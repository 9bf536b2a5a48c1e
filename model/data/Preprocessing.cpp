#include "Preprocessing.h"

#include <algorithm>
#include <cmath>

namespace convscope {

std::vector<float> Preprocessing::padOrTruncate(const std::vector<float> &samples, int length)
{
    std::vector<float> out(static_cast<std::size_t>(std::max(length, 0)), 0.0f);
    std::copy_n(samples.begin(), std::min(samples.size(), out.size()), out.begin());
    return out;
}

void Preprocessing::normalise(std::vector<float> &samples, Normalisation normalisation)
{
    if (samples.empty())
        return;
    switch (normalisation) {
    case Normalisation::Divide32768:
        return;  // libsndfile already delivers value / 32768
    case Normalisation::ZScore: {
        // numpy: (w - w.mean()) / (w.std() + 1e-9) on the 16-bit values, population std, in double. The sums are
        // `omp simd` reductions (this file compiles with -fopenmp-simd): as chains of dependent double adds they
        // were 9 % of an mfcc training run's profile. For 16-bit recordings the first sum's terms are integers and
        // its partial sums exact, so its order changes nothing.
        const std::size_t count = samples.size();
        float *values = samples.data();
        double sum = 0.0;
#pragma omp simd reduction(+ : sum)
        for (std::size_t i = 0; i < count; ++i)
            sum += static_cast<double>(values[i]) * 32768.0;
        const double mean = sum / static_cast<double>(count);
        double squares = 0.0;
#pragma omp simd reduction(+ : squares)
        for (std::size_t i = 0; i < count; ++i) {
            const double d = static_cast<double>(values[i]) * 32768.0 - mean;
            squares += d * d;
        }
        const double deviation = std::sqrt(squares / static_cast<double>(count)) + 1e-9;
#pragma omp simd
        for (std::size_t i = 0; i < count; ++i)
            values[i] = static_cast<float>((static_cast<double>(values[i]) * 32768.0 - mean) / deviation);
        return;
    }
    case Normalisation::MinMax: {
        const auto [low, high] = std::minmax_element(samples.begin(), samples.end());
        const double lo = *low, range = static_cast<double>(*high) - lo;
        for (float &v : samples)
            v = range > 0.0 ? static_cast<float>((v - lo) / range) : 0.0f;
        return;
    }
    }
}

std::vector<float> Preprocessing::apply(const std::vector<float> &samples, const PreprocessOptions &options)
{
    std::vector<float> out = padOrTruncate(samples, options.length);
    normalise(out, options.normalisation);
    return out;
}

QString Preprocessing::toString(Normalisation normalisation)
{
    switch (normalisation) {
    case Normalisation::ZScore:
        return QStringLiteral("zscore");
    case Normalisation::Divide32768:
        return QStringLiteral("divide32768");
    case Normalisation::MinMax:
        return QStringLiteral("minmax");
    }
    return {};
}

std::optional<Normalisation> Preprocessing::parseNormalisation(const QString &text)
{
    for (Normalisation n : {Normalisation::ZScore, Normalisation::Divide32768, Normalisation::MinMax})
        if (text.compare(toString(n), Qt::CaseInsensitive) == 0)
            return n;
    return std::nullopt;
}

}  // namespace convscope
