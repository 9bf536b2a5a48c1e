#include "Calibration.h"

#include <algorithm>
#include <cmath>

namespace convscope {

namespace {

constexpr double kFloor = 1e-12;  // log(0) of a probability that underflowed

}  // namespace

DigitAnswer answerOf(const std::array<double, 10> &probabilities)
{
    DigitAnswer answer;
    std::array<int, 10> order{};
    for (int i = 0; i < 10; ++i)
        order[static_cast<std::size_t>(i)] = i;
    std::partial_sort(order.begin(), order.begin() + 2, order.end(), [&](int a, int b) {
        return probabilities[static_cast<std::size_t>(a)] > probabilities[static_cast<std::size_t>(b)];
    });
    answer.digit = order[0];
    answer.confidence = probabilities[static_cast<std::size_t>(order[0])];
    answer.runnerUp = order[1];
    answer.runnerUpConfidence = probabilities[static_cast<std::size_t>(order[1])];
    answer.unsure = answer.confidence < kUnsureBelow;
    return answer;
}

std::array<double, 10> withTemperature(const std::array<double, 10> &probabilities, double temperature)
{
    std::array<double, 10> scaled{};
    double largest = -INFINITY;
    for (std::size_t i = 0; i < 10; ++i) {
        scaled[i] = std::log(std::max(probabilities[i], kFloor)) / temperature;
        largest = std::max(largest, scaled[i]);
    }
    double sum = 0.0;
    for (double &value : scaled) {
        value = std::exp(value - largest);
        sum += value;
    }
    for (double &value : scaled)
        value /= sum;
    return scaled;
}

double meanNegativeLogLikelihood(const std::vector<std::array<double, 10>> &probabilities, const std::vector<int> &truths)
{
    double sum = 0.0;
    for (std::size_t i = 0; i < probabilities.size(); ++i)
        sum -= std::log(std::max(probabilities[i][static_cast<std::size_t>(truths[i])], kFloor));
    return probabilities.empty() ? 0.0 : sum / static_cast<double>(probabilities.size());
}

double fitTemperature(const std::vector<std::array<double, 10>> &probabilities, const std::vector<int> &truths)
{
    if (probabilities.empty())
        return 1.0;
    const auto loss = [&](double logTemperature) {
        std::vector<std::array<double, 10>> scaled;
        scaled.reserve(probabilities.size());
        for (const auto &p : probabilities)
            scaled.push_back(withTemperature(p, std::exp(logTemperature)));
        return meanNegativeLogLikelihood(scaled, truths);
    };
    const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
    double low = std::log(0.05), high = std::log(20.0);
    double a = high - ratio * (high - low), b = low + ratio * (high - low);
    double lossA = loss(a), lossB = loss(b);
    for (int step = 0; step < 60; ++step) {
        if (lossA < lossB) {
            high = b;
            b = a;
            lossB = lossA;
            a = high - ratio * (high - low);
            lossA = loss(a);
        } else {
            low = a;
            a = b;
            lossA = lossB;
            b = low + ratio * (high - low);
            lossB = loss(b);
        }
    }
    return std::exp((low + high) / 2.0);
}

double expectedCalibrationError(const std::vector<std::array<double, 10>> &probabilities, const std::vector<int> &truths,
                                int bins)
{
    std::vector<double> confidenceSum(static_cast<std::size_t>(bins), 0.0), correct(static_cast<std::size_t>(bins), 0.0);
    std::vector<int> count(static_cast<std::size_t>(bins), 0);
    for (std::size_t i = 0; i < probabilities.size(); ++i) {
        const DigitAnswer answer = answerOf(probabilities[i]);
        const auto bin = static_cast<std::size_t>(std::min(bins - 1, static_cast<int>(answer.confidence * bins)));
        confidenceSum[bin] += answer.confidence;
        correct[bin] += answer.digit == truths[i];
        ++count[bin];
    }
    double error = 0.0;
    for (std::size_t bin = 0; bin < count.size(); ++bin)
        error += std::abs(correct[bin] - confidenceSum[bin]);
    return probabilities.empty() ? 0.0 : error / static_cast<double>(probabilities.size());
}

}  // namespace convscope
