// The data map's projections: PCA against a known answer, t-SNE's perplexity calibration, and t-SNE keeping
// separate clusters apart.
#include "explore/DataMap.h"
#include "explore/Pca.h"
#include "explore/Tsne.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace convscope;


// Points t·u + s·w + m with u = (1, 2, 2)/3, w = (4, -1, -1)/√18, t ∈ {-2…2} and s = ±0.5 on a grid (so t and s are
// uncorrelated): the components are u and w, the variances mean(t²) = 2 and 0.25, the coordinates t and s.
TEST(Pca, KnownAnswerOnAPlaneInThreeDimensions)
{
    const std::array<double, 3> u{1.0 / 3, 2.0 / 3, 2.0 / 3}, w{4.0 / std::sqrt(18.0), -1.0 / std::sqrt(18.0), -1.0 / std::sqrt(18.0)}, m{3.0, -1.0, 4.0};
    PointSet points{0, 3, {}};
    std::vector<std::array<double, 2>> truth;
    for (int t = -2; t <= 2; ++t)
        for (double s : {-0.5, 0.5}) {
            for (int k = 0; k < 3; ++k)
                points.values.push_back(t * u[k] + s * w[k] + m[k]);
            truth.push_back({static_cast<double>(t), s});
            ++points.count;
        }
    const PcaResult pca = principalComponents(points, 2);
    ASSERT_EQ(pca.variance.size(), 2u);
    EXPECT_NEAR(pca.variance[0], 2.0, 1e-9);
    EXPECT_NEAR(pca.variance[1], 0.25, 1e-9);
    EXPECT_NEAR(pca.totalVariance, 2.25, 1e-9);
    for (int k = 0; k < 3; ++k) {
        EXPECT_NEAR(pca.components.row(0)[k], u[k], 1e-7);
        EXPECT_NEAR(pca.components.row(1)[k], w[k], 1e-7);
    }
    for (std::size_t i = 0; i < points.count; ++i) {
        EXPECT_NEAR(pca.projected.row(i)[0], truth[i][0], 1e-7) << i;
        EXPECT_NEAR(pca.projected.row(i)[1], truth[i][1], 1e-7) << i;
    }
}

TEST(Tsne, NeighbourProbabilitiesHaveThePerplexity)
{
    std::mt19937 random(5);
    std::uniform_real_distribution<double> distance(0.0, 40.0);
    for (double perplexity : {2.0, 5.0, 15.0}) {
        std::vector<double> squared(60);
        for (auto &d : squared)
            d = distance(random);
        const std::vector<double> p = neighbourProbabilities(squared, 7, perplexity);
        EXPECT_EQ(p[7], 0.0);
        double sum = 0.0, entropy = 0.0;
        for (double v : p) {
            sum += v;
            if (v > 0.0)
                entropy -= v * std::log(v);
        }
        EXPECT_NEAR(sum, 1.0, 1e-12);
        EXPECT_NEAR(std::exp(entropy), perplexity, 1e-3 * perplexity);
    }
}

// Three Gaussian clusters in 10-D, ten standard deviations apart: the map keeps them apart, the same way every run.
TEST(Tsne, KeepsSeparateClustersApartDeterministically)
{
    std::mt19937 random(11);
    std::normal_distribution<double> noise(0.0, 1.0);
    PointSet points{90, 10, {}};
    std::vector<int> labels;
    for (std::size_t i = 0; i < points.count; ++i) {
        const int cluster = static_cast<int>(i % 3);
        labels.push_back(cluster);
        for (std::size_t k = 0; k < points.dims; ++k)
            points.values.push_back(noise(random) + (k == static_cast<std::size_t>(cluster) ? 10.0 : 0.0));
    }
    TsneOptions options;
    int reports = 0;
    options.progress = [&reports](int, int) { ++reports; };
    const auto map = tsneMap(points, options);
    ASSERT_TRUE(map);
    EXPECT_DOUBLE_EQ(map->perplexity, 29.0 + 2.0 / 3.0);  // 30 lowered to (90 - 1) / 3
    EXPECT_EQ(nearestNeighbourAccuracy(map->coordinates, labels), 1.0);
    EXPECT_GT(map->klDivergence, 0.0);
    EXPECT_LT(map->klDivergence, 1.0);
    EXPECT_EQ(reports, options.iterations / 25);
    const auto again = tsneMap(points, options);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->coordinates, map->coordinates);

    std::atomic<bool> cancel{true};
    options.cancel = &cancel;
    EXPECT_FALSE(tsneMap(points, options));
}
