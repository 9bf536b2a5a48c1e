// Shape inference and parameter counts, computed without torch, against real LibTorch modules.
#include "network/NetworkAnalysis.h"
#include "network/PresetLibrary.h"
#include "network/FastKernels.h"
#include "network/TorchNetworkBuilder.h"
#include "RandomNetworks.h"

#include <gtest/gtest.h>

using namespace convscope;

namespace {

std::int64_t numelOfParameters(const torch::nn::Sequential &net)
{
    std::int64_t total = 0;
    for (const auto &p : net->parameters())
        total += p.numel();
    return total;
}

/// Runs a batch of two through the module layer by layer and compares every output shape.
void expectTorchAgrees(const NetworkSpec &spec, const std::string &name)
{
    const NetworkAnalysis analysis = analyzeNetwork(spec);
    ASSERT_TRUE(analysis.ok()) << name;
    torch::nn::Sequential net = buildTorchNetwork(spec);
    net->eval();
    EXPECT_EQ(numelOfParameters(net), analysis.totalParameters) << name;
    torch::NoGradGuard noGrad;
    Shape batched{2};
    batched.insert(batched.end(), spec.input.begin(), spec.input.end());
    torch::Tensor x = torch::randn(batched);
    ASSERT_EQ(net->size(), analysis.layers.size());
    for (std::size_t i = 0; i < net->size(); ++i) {
        x = net->begin()[i].forward(x);
        Shape expected{2};
        expected.insert(expected.end(), analysis.layers[i].output.begin(), analysis.layers[i].output.end());
        ASSERT_EQ(x.sizes().vec(), expected) << name << ", layer " << i + 1 << " " << analysis.layers[i].resolved.label();
    }
}

}  // namespace

TEST(TorchAgreement, RandomValidStacks)
{
    std::mt19937 random(12345);
    for (int i = 0; i < 300; ++i) {
        const NetworkSpec spec = test::randomValidNetwork(random);
        expectTorchAgrees(spec, "random network " + std::to_string(i));
        if (HasFatalFailure())
            return;
    }
}

TEST(TorchAgreement, EveryPreset)
{
    const PresetLibrary presets;
    for (const auto &id : presets.ids())
        expectTorchAgrees(*presets.find(id), id);
}

TEST(TorchAgreement, ResidualChildNamesMatchThePythonReference)
{
    const PresetLibrary presets;
    torch::nn::Sequential net = buildTorchNetwork(*presets.find("resnet"));
    std::vector<std::string> names;
    for (const auto &item : net->named_parameters())
        if (item.key().rfind("0.", 0) == 0)
            names.push_back(item.key());
    EXPECT_EQ(names, (std::vector<std::string>{"0.conv1.weight", "0.conv1.bias", "0.bn1.weight", "0.bn1.bias",
                                               "0.conv2.weight", "0.conv2.bias", "0.bn2.weight", "0.bn2.bias",
                                               "0.conv_x.weight", "0.conv_x.bias"}));
}

TEST(TorchAgreement, FastKernelsComputeWhatTheStandardModulesCompute)
{
    const PresetLibrary presets;
    for (const char *id : {"plain", "mfcc", "dropout", "batchnorm", "resnet", "voice"}) {
        const NetworkSpec &spec = *presets.find(id);
        torch::manual_seed(7);
        torch::nn::Sequential standard = buildTorchNetwork(spec);
        torch::manual_seed(7);
        torch::nn::Sequential fast = buildTorchNetwork(spec, KernelChoice::Fast);
        // Same seed, same weights, same names: the fast modules initialise exactly like the standard ones.
        const auto a = standard->named_parameters(), b = fast->named_parameters();
        ASSERT_EQ(a.size(), b.size()) << id;
        for (std::size_t i = 0; i < a.size(); ++i) {
            EXPECT_EQ(a[i].key(), b[i].key()) << id;
            EXPECT_TRUE(torch::equal(a[i].value(), b[i].value())) << id << " " << a[i].key();
        }
        standard->eval();
        fast->eval();
        Shape batched{4};
        batched.insert(batched.end(), spec.input.begin(), spec.input.end());
        const auto x = torch::randn(batched);
        const auto ya = standard->forward(x), yb = fast->forward(x);
        EXPECT_TRUE(torch::allclose(ya, yb, 1e-5, 1e-6)) << id << ": " << (ya - yb).abs().max().item<float>();
        ya.sum().backward();
        yb.sum().backward();
        for (std::size_t i = 0; i < a.size(); ++i)
            EXPECT_TRUE(torch::allclose(a[i].value().grad(), b[i].value().grad(), 1e-4, 1e-5)) << id << " " << a[i].key();
    }
    // Conv → ReLU → AvgPool runs are one module, followed by placeholders that keep the layer indices.
    torch::nn::Sequential plain = buildTorchNetwork(*presets.find("plain"), KernelChoice::Fast);
    EXPECT_TRUE(plain[0]->as<FastConv1dImpl>() != nullptr);
    EXPECT_TRUE(plain[1]->as<torch::nn::IdentityImpl>() != nullptr);
    EXPECT_TRUE(plain[2]->as<torch::nn::IdentityImpl>() != nullptr);
    EXPECT_TRUE(plain[13]->as<FastLinearImpl>() != nullptr);
    // voice's AdaptiveAvgPool1d(3) sees 9 steps: the fast build pools windows of 3.
    torch::nn::Sequential voice = buildTorchNetwork(*presets.find("voice"), KernelChoice::Fast);
    EXPECT_TRUE(voice[12]->as<StridedAvgPool1dImpl>() != nullptr);
}

TEST(TorchAgreement, AnAdaptiveAveragePoolIsAStridedPoolOnlyWhenItsSizeDividesTheLength)
{
    for (const std::int64_t length : {12, 10}) {
        NetworkSpec spec;
        spec.input = {2, length};
        spec.layers = {LayerSpec::adaptivePool(LayerKind::AdaptiveAvgPool, 1, 3)};
        torch::nn::Sequential standard = buildTorchNetwork(spec), fast = buildTorchNetwork(spec, KernelChoice::Fast);
        EXPECT_EQ(fast[0]->as<StridedAvgPool1dImpl>() != nullptr, length == 12) << length;
        const torch::Tensor x = torch::randn({3, 2, length});
        const torch::Tensor xa = x.clone().requires_grad_(true), xb = x.clone().requires_grad_(true);
        const torch::Tensor ya = standard->forward(xa), yb = fast->forward(xb);
        ASSERT_EQ(ya.sizes(), yb.sizes()) << length;
        EXPECT_TRUE(torch::allclose(ya, yb, 1e-6, 1e-7)) << length;
        const torch::Tensor upstream = torch::randn(ya.sizes());
        (ya * upstream).sum().backward();
        (yb * upstream).sum().backward();
        EXPECT_TRUE(torch::allclose(xa.grad(), xb.grad(), 1e-6, 1e-7)) << length;
    }
}
