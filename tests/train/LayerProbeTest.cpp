// Layer statistics (train/LayerProbe) against a direct LibTorch computation on fixed batches, through the trainer's
// fast kernels and through the standard modules.
#include "network/NetworkAnalysis.h"
#include "network/PresetLibrary.h"
#include "network/TorchNetworkBuilder.h"
#include "train/LayerProbe.h"

#include <gtest/gtest.h>

#include <torch/torch.h>

#include <cmath>
#include <numeric>

using namespace convscope;

namespace {

constexpr double kTolerance = 1e-5;

void expectClose(double actual, double expected, const std::string &what)
{
    if (std::isnan(expected)) {
        EXPECT_TRUE(std::isnan(actual)) << what << ": " << actual << " where nothing applies";
        return;
    }
    EXPECT_NEAR(actual, expected, kTolerance * std::max(1.0, std::abs(expected))) << what;
}

/// The histogram bins by LibTorch's own arithmetic: sign and floor(log2 |x|) + 8, clamped to 0…15.
std::vector<std::int64_t> torchHistogram(const torch::Tensor &values)
{
    const torch::Tensor x = values.flatten().to(torch::kFloat);
    const torch::Tensor octave = (torch::floor(torch::log2(x.abs())) + 8).clamp(0, 15).to(torch::kLong);
    const torch::Tensor bins = torch::where(x < 0, 15 - octave, 16 + octave);
    const torch::Tensor counts = torch::bincount(bins, {}, LayerStatistics::kHistogramBins).contiguous();
    return {counts.data_ptr<std::int64_t>(), counts.data_ptr<std::int64_t>() + counts.numel()};
}

/// What LayerProbe should report for one layer, computed straight from tensors.
struct Expected {
    double weightNorm = std::nan(""), gradNorm = std::nan(""), updateRatio = std::nan("");
    double mean = std::nan(""), deviation = std::nan(""), dead = std::nan("");
    std::vector<std::int64_t> histogram;
    std::int64_t nearEdges = 0;  ///< values so close to a bin's edge that another path's rounding may cross it
};

/// How many values lie within float rounding of a histogram edge: a power of two (relative 1e-4), or zero (the
/// sign may flip between paths).
std::int64_t valuesNearEdges(const torch::Tensor &values)
{
    const torch::Tensor x = values.flatten().to(torch::kDouble).abs();
    const torch::Tensor octave = torch::log2(x);
    const torch::Tensor nearPower = (octave - torch::round(octave)).abs() < 1.5e-4;
    return torch::logical_or(nearPower, x < 1e-6).sum().item<std::int64_t>();
}

torch::Tensor flatCat(const std::vector<torch::Tensor> &tensors)
{
    std::vector<torch::Tensor> flat;
    for (const auto &t : tensors)
        flat.push_back(t.detach().flatten().to(torch::kDouble));
    return torch::cat(flat);
}

struct Case {
    const char *preset;
    KernelChoice training;  ///< what the trained network is built with
    KernelChoice probe;     ///< what the probe's one-module-per-layer copy is built with
};

class LayerProbeAgainstTorch : public ::testing::TestWithParam<Case> {};

}  // namespace

/// Direct: every layer's activation statistics through the standard modules (dropout as identity).
std::vector<Expected> expectedActivations(const NetworkSpec &spec, torch::nn::Sequential &reference,
                                          const torch::Tensor &batch)
{
    std::vector<Expected> expected(spec.layers.size());
    torch::NoGradGuard noGrad;
    torch::Tensor x = batch;
    std::size_t i = 0;
    for (auto &module : *reference) {
        if (spec.layers[i].kind != LayerKind::Dropout)
            x = module.forward(x);
        const bool relu = spec.layers[i].isActivation(ActivationFunction::ReLU)
                          || (spec.layers[i].kind == LayerKind::Block && !spec.layers[i].after.empty());
        expected[i].mean = x.to(torch::kDouble).mean().item<double>();
        expected[i].deviation = x.to(torch::kDouble).std(/*unbiased=*/false).item<double>();
        expected[i].histogram = torchHistogram(x);
        expected[i].nearEdges = valuesNearEdges(x);
        if (relu)
            expected[i].dead = 1.0 - x.flatten(1).gt(0).any(0).to(torch::kDouble).mean().item<double>();
        ++i;
    }
    return expected;
}

TEST_P(LayerProbeAgainstTorch, EveryStatisticMatches)
{
    const Case c = GetParam();
    torch::set_num_threads(1);
    const PresetLibrary presets;
    const NetworkSpec spec = analyzeNetwork(*presets.find(c.preset)).resolvedSpec(*presets.find(c.preset));
    torch::manual_seed(7);
    torch::nn::Sequential net = buildTorchNetwork(spec, c.training);
    torch::manual_seed(7);
    torch::nn::Sequential reference = buildTorchNetwork(spec, KernelChoice::Standard);  // the same initial weights
    std::vector<std::int64_t> shape{8};
    shape.insert(shape.end(), spec.input.begin(), spec.input.end());
    torch::manual_seed(11);
    const torch::Tensor batch = torch::randn(shape), labels = torch::randint(0, 10, {8}, torch::kLong);
    net->train();
    torch::nn::functional::cross_entropy(net->forward(batch), labels).backward();

    // Direct: the activations through the standard modules, the norms from the tensors.
    std::vector<Expected> expected = expectedActivations(spec, reference, batch);
    std::vector<std::vector<torch::Tensor>> before(spec.layers.size()), gradients(spec.layers.size());
    for (const auto &item : net->named_parameters()) {
        const auto layer = std::stoul(item.key().substr(0, item.key().find('.')));
        before[layer].push_back(item.value().detach().clone());
        gradients[layer].push_back(item.value().grad().clone());
    }

    LayerProbe probe(spec, c.probe);
    probe.beforeStep(net, batch);
    torch::optim::SGD(net->parameters(), torch::optim::SGDOptions(0.05).momentum(0.9)).step();
    const std::vector<LayerStatistics> rows = probe.afterStep(net);

    std::vector<std::vector<torch::Tensor>> after(spec.layers.size());
    for (const auto &item : net->named_parameters())
        after[std::stoul(item.key().substr(0, item.key().find('.')))].push_back(item.value().detach());
    std::size_t expectedRows = 0;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        if (before[i].empty())
            continue;
        const torch::Tensor w = flatCat(before[i]);
        expected[i].weightNorm = w.norm().item<double>();
        expected[i].gradNorm = flatCat(gradients[i]).norm().item<double>();
        expected[i].updateRatio = (flatCat(after[i]) - w).norm().item<double>() / expected[i].weightNorm;
    }
    for (std::size_t i = 0; i < spec.layers.size(); ++i)
        expectedRows += !before[i].empty() || spec.layers[i].kind == LayerKind::Activation;
    ASSERT_EQ(rows.size(), expectedRows);
    for (const LayerStatistics &row : rows) {
        const Expected &e = expected[static_cast<std::size_t>(row.layer)];
        const std::string what = std::string(c.preset) + " " + row.name.toStdString();
        expectClose(row.weightNorm, e.weightNorm, what + " weight_norm");
        expectClose(row.gradNorm, e.gradNorm, what + " grad_norm");
        expectClose(row.updateRatio, e.updateRatio, what + " update_ratio");
        expectClose(row.activationMean, e.mean, what + " activation_mean");
        expectClose(row.activationStd, e.deviation, what + " activation_std");
        expectClose(row.deadFraction, e.dead, what + " dead_fraction");
        ASSERT_EQ(row.histogram.size(), e.histogram.size()) << what;
        std::int64_t total = 0, apart = 0;
        for (std::size_t bin = 0; bin < e.histogram.size(); ++bin) {
            total += row.histogram[bin];
            apart += std::abs(row.histogram[bin] - e.histogram[bin]);
        }
        const std::int64_t values = std::accumulate(e.histogram.begin(), e.histogram.end(), std::int64_t{0});
        EXPECT_EQ(total, values) << what << ": the counts add up to the number of values";
        // A value a float rounding away from a bin's edge may fall on either side (the fast kernels, and the
        // sanitizer build's code, round differently): each such value moves one count out of a bin and into the
        // next, so at most two per value near an edge.
        EXPECT_LE(apart, 2 * std::max<std::int64_t>(1, e.nearEdges)) << what << " histogram";
    }
}

INSTANTIATE_TEST_SUITE_P(
    BothPaths, LayerProbeAgainstTorch,
    ::testing::Values(Case{"plain", KernelChoice::Fast, KernelChoice::FastLayerwise},
                      Case{"plain", KernelChoice::Standard, KernelChoice::Standard},
                      Case{"batchnorm", KernelChoice::Fast, KernelChoice::FastLayerwise},
                      Case{"batchnorm", KernelChoice::Standard, KernelChoice::Standard},
                      Case{"resnet", KernelChoice::Fast, KernelChoice::FastLayerwise},
                      Case{"resnet", KernelChoice::Standard, KernelChoice::Standard},
                      Case{"dropout", KernelChoice::Fast, KernelChoice::FastLayerwise},
                      Case{"mfcc", KernelChoice::Fast, KernelChoice::FastLayerwise}),
    [](const ::testing::TestParamInfo<Case> &info) {
        return std::string(info.param.preset) + (info.param.training == KernelChoice::Fast ? "Fast" : "Standard");
    });

TEST(LayerProbe, DeadFractionCountsUnitsZeroForTheWholeBatch)
{
    // 4 examples × 3 channels × 5 positions: 15 units, of which 6 are zero (or below, before a ReLU) in every
    // example; the others are positive in exactly one example.
    torch::Tensor output = -torch::rand({4, 3, 5});
    const std::vector<std::pair<int, int>> living{{0, 0}, {0, 4}, {1, 1}, {1, 2}, {1, 3}, {2, 0}, {2, 2}, {2, 3}, {2, 4}};
    for (std::size_t k = 0; k < living.size(); ++k)
        output[static_cast<std::int64_t>(k % 4)][living[k].first][living[k].second] = 0.5;
    LayerStatistics beforeRelu, afterRelu;
    LayerProbe::measureOutput(output, &beforeRelu, &afterRelu);
    EXPECT_DOUBLE_EQ(afterRelu.deadFraction, 6.0 / 15.0);
    EXPECT_TRUE(std::isnan(beforeRelu.deadFraction)) << "a layer that is not a ReLU has no dead fraction";
    LayerStatistics ofRelu;  // the same measured on the ReLU's own output
    LayerProbe::measureOutput(torch::relu(output), nullptr, &ofRelu);
    EXPECT_DOUBLE_EQ(ofRelu.deadFraction, 6.0 / 15.0);
    EXPECT_EQ(ofRelu.histogram, afterRelu.histogram);
    EXPECT_NEAR(ofRelu.activationMean, 9 * 0.5 / 60.0, 1e-12);
    EXPECT_EQ(afterRelu.histogram[LayerStatistics::kHistogramBins / 2], 60 - 9) << "every zero in bin 16";
}

TEST(LayerProbe, HistogramBinsBySignAndOctave)
{
    EXPECT_EQ(histogramBin(0.0f), 16);
    EXPECT_EQ(histogramBin(-0.0f), 16);
    EXPECT_EQ(histogramBin(0.005f), 16);    // below 2^-7
    EXPECT_EQ(histogramBin(-0.005f), 15);
    EXPECT_EQ(histogramBin(0.0078125f), 17);  // 2^-7 exactly starts the first octave
    EXPECT_EQ(histogramBin(0.5f), 23);        // [2^-1, 1): octave 7
    EXPECT_EQ(histogramBin(-3.0f), 6);        // [2, 4): octave 9, negative
    EXPECT_EQ(histogramBin(1000.0f), 31);
    EXPECT_EQ(histogramBin(-1e9f), 0);
    EXPECT_DOUBLE_EQ(histogramBinStart(23), 0.5);
    EXPECT_DOUBLE_EQ(histogramBinStart(6), -2.0);
    EXPECT_DOUBLE_EQ(histogramBinStart(16), 0.0);
    torch::Tensor values = torch::randn({1000}) * 50;
    values.index_put_({torch::indexing::Slice(0, 4)}, torch::tensor({0.0f, -0.0f, 1e-40f, -1e-40f}));  // zeros, denormals
    LayerStatistics s;
    LayerProbe::measureOutput(values.view({10, 100}), &s, nullptr);
    EXPECT_EQ(std::accumulate(s.histogram.begin(), s.histogram.end(), std::int64_t{0}), 1000);
    EXPECT_EQ(s.histogram, torchHistogram(values));
    EXPECT_GE(s.histogram[15], 1) << "a negative denormal is a tiny negative value";
}
