// Temperature scaling and the "not sure" answer (model/train/Calibration): pure arithmetic, checked on exact cases
// and on predictions drawn from a known over-confident model.
#include "train/Calibration.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace convscope;

namespace {

std::array<double, 10> softmax(const std::array<double, 10> &logits, double scale)
{
    std::array<double, 10> p{};
    double sum = 0.0;
    for (std::size_t i = 0; i < 10; ++i)
        sum += p[i] = std::exp(scale * logits[i]);
    for (double &value : p)
        value /= sum;
    return p;
}

}  // namespace

TEST(Calibration, TemperatureOneChangesNothingAndNoTemperatureChangesTheDigit)
{
    const std::array<double, 10> p{0.05, 0.6, 0.1, 0.05, 0.05, 0.05, 0.02, 0.03, 0.03, 0.02};
    const auto same = withTemperature(p, 1.0);
    for (std::size_t i = 0; i < 10; ++i)
        EXPECT_NEAR(same[i], p[i], 1e-12);
    // T = 2 takes square roots before normalising: 0.6 against 0.1 becomes sqrt(6) : 1.
    const auto softer = withTemperature(p, 2.0);
    EXPECT_NEAR(softer[1] / softer[2], std::sqrt(6.0), 1e-9);
    EXPECT_LT(softer[1], p[1]);
    EXPECT_GT(withTemperature(p, 0.5)[1], p[1]);
    EXPECT_EQ(answerOf(softer).digit, 1);
    EXPECT_EQ(answerOf(withTemperature(p, 0.5)).digit, 1);
}

TEST(Calibration, AnAnswerNamesTheTwoBestDigitsAndIsUnsureBelowTheThreshold)
{
    const DigitAnswer sure = answerOf({0.01, 0.01, 0.9, 0.01, 0.01, 0.01, 0.01, 0.02, 0.01, 0.01});
    EXPECT_EQ(sure.digit, 2);
    EXPECT_DOUBLE_EQ(sure.confidence, 0.9);
    EXPECT_EQ(sure.runnerUp, 7);
    EXPECT_DOUBLE_EQ(sure.runnerUpConfidence, 0.02);
    EXPECT_FALSE(sure.unsure);
    const DigitAnswer torn = answerOf({0.0, 0.0, 0.0, 0.0, 0.0, 0.45, 0.0, 0.0, 0.0, 0.55});
    EXPECT_EQ(torn.digit, 9);
    EXPECT_EQ(torn.runnerUp, 5);
    EXPECT_TRUE(torn.unsure);
}

TEST(Calibration, ExpectedCalibrationErrorOfAnExactCase)
{
    // Four answers at confidence 0.9, two of them right: one bin, |0.5 - 0.9| = 0.4.
    const std::array<double, 10> p{0.9, 0.1 / 9, 0.1 / 9, 0.1 / 9, 0.1 / 9, 0.1 / 9, 0.1 / 9, 0.1 / 9, 0.1 / 9, 0.1 / 9};
    EXPECT_NEAR(expectedCalibrationError({p, p, p, p}, {0, 0, 3, 4}), 0.4, 1e-12);
    EXPECT_NEAR(expectedCalibrationError({p, p}, {0, 0}), 0.1, 1e-12);  // right more often than it says
    EXPECT_EQ(expectedCalibrationError({}, {}), 0.0);
}

TEST(Calibration, FitFindsTheTemperatureOfAnOverConfidentModel)
{
    // Truths drawn from softmax(z); the model says softmax(3 z): over-confident by a temperature of 3.
    std::mt19937_64 random(7);
    std::normal_distribution<double> gaussian(0.0, 1.5);
    std::vector<std::array<double, 10>> said;
    std::vector<int> truths;
    for (int n = 0; n < 4000; ++n) {
        std::array<double, 10> logits{};
        for (double &z : logits)
            z = gaussian(random);
        const auto honest = softmax(logits, 1.0);
        std::discrete_distribution<int> draw(honest.begin(), honest.end());
        truths.push_back(draw(random));
        said.push_back(softmax(logits, 3.0));
    }
    const double temperature = fitTemperature(said, truths);
    EXPECT_NEAR(temperature, 3.0, 0.25);
    std::vector<std::array<double, 10>> calibrated;
    for (const auto &p : said)
        calibrated.push_back(withTemperature(p, temperature));
    const double before = expectedCalibrationError(said, truths), after = expectedCalibrationError(calibrated, truths);
    EXPECT_GT(before, 0.15);
    EXPECT_LT(after, 0.03);
    EXPECT_LT(meanNegativeLogLikelihood(calibrated, truths), meanNegativeLogLikelihood(said, truths));
    EXPECT_EQ(fitTemperature({}, {}), 1.0);
}
