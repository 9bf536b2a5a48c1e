#pragma once

#include <array>
#include <vector>

namespace convscope {

/** A model's answer for one recording, as "Test your voice" and `convscope-cli predict` say it. */
struct DigitAnswer {
    int digit = 0;            ///< the most probable digit
    double confidence = 0.0;  ///< its probability
    int runnerUp = 0;         ///< the second most probable digit
    double runnerUpConfidence = 0.0;
    bool unsure = false;      ///< confidence below kUnsureBelow: the app says it is not sure
};

/// Below this probability of its best digit, a model's answer is "not sure" (after its temperature).
constexpr double kUnsureBelow = 0.6;

/// The answer of ten probabilities.
DigitAnswer answerOf(const std::array<double, 10> &probabilities);

/// Probabilities softened (temperature > 1) or sharpened (< 1) as softmax(log p / T): temperature scaling (Guo et
/// al., ICML 2017) of a model's output, applied after any averaging; the best digit never changes.
std::array<double, 10> withTemperature(const std::array<double, 10> &probabilities, double temperature);

/// The temperature that minimises the mean negative log-likelihood of `truths` under withTemperature(), searched
/// on a log scale from 0.05 to 20 (golden section: the likelihood is unimodal in T). 1 for no predictions.
double fitTemperature(const std::vector<std::array<double, 10>> &probabilities, const std::vector<int> &truths);

/// The expected calibration error: predictions binned by confidence into `bins` equal bins of [0, 1], the mean
/// of |accuracy - confidence| per bin weighted by the bin's share. 0 for no predictions.
double expectedCalibrationError(const std::vector<std::array<double, 10>> &probabilities, const std::vector<int> &truths,
                                int bins = 15);

/// The mean negative log-likelihood of `truths` (probabilities floored at 1e-12).
double meanNegativeLogLikelihood(const std::vector<std::array<double, 10>> &probabilities, const std::vector<int> &truths);

}  // namespace convscope
