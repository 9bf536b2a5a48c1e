// The trainer's step without autograd (DirectStep, StackPass) against torch::nn and autograd: the loss, the correct
// count, every parameter gradient and the weights after one SGD step, on fixed batches, whole and split in parts;
// and the SGD update split in parts against torch::optim::SGD.
#include "network/NetworkJson.h"
#include "network/PresetLibrary.h"
#include "network/TorchNetworkBuilder.h"
#include "train/DirectStep.h"
#include "util/WorkerThreads.h"

#include <gtest/gtest.h>

using namespace convscope;

namespace {

NetworkSpec specFromJson(const std::string &json)
{
    const NetworkParseResult parsed = parseNetworkJson(QByteArray::fromStdString(json));
    EXPECT_TRUE(parsed.spec) << parsed.error;
    return parsed.spec.value_or(NetworkSpec{});
}

NetworkSpec preset(const std::string &id) { return *PresetLibrary().find(id); }

/// Equal up to float rounding, with the tolerance scaled by the largest value.
void expectClose(const torch::Tensor &expected, const torch::Tensor &actual, const std::string &what)
{
    ASSERT_TRUE(actual.defined()) << what;
    ASSERT_EQ(expected.sizes(), actual.sizes()) << what;
    const double scale = std::max(1e-3, expected.abs().max().item<double>());
    EXPECT_TRUE(torch::allclose(expected, actual, 1e-4, 2e-5 * scale))
        << what << ": largest difference " << (expected - actual).abs().max().item<float>();
}

struct Case {
    NetworkSpec spec;
    std::int64_t batch;
    double labelSmoothing;
    int parts;
    bool threads = false;  ///< each part on its own thread (WorkerThreads), as the trainer runs them
};

/// Runs every part of a stage, one after the other on this thread or on a team of threads.
DirectStep::PartRunner partRunner(int parts, WorkerThreads *team)
{
    return [parts, team](const std::function<void(int, int)> &job) {
        if (team)
            team->run([&](int part) { job(part, parts); });
        else
            for (int part = 0; part < parts; ++part)
                job(part, parts);
    };
}

/// One step of `c` through torch::nn (the standard build, autograd) and through DirectStep (the fast build with the
/// same seed, so the same weights), compared.
void expectSameStep(const Case &c, const std::string &name)
{
    torch::manual_seed(5);
    torch::nn::Sequential standard = buildTorchNetwork(c.spec, KernelChoice::Standard);
    torch::manual_seed(5);
    torch::nn::Sequential fast = buildTorchNetwork(c.spec, KernelChoice::Fast);
    std::vector<std::int64_t> shape{c.batch};
    shape.insert(shape.end(), c.spec.input.begin(), c.spec.input.end());
    const torch::Tensor x = torch::randn(shape), y = torch::randint(0, 10, {c.batch}, torch::kLong);

    const torch::Tensor logits = standard->forward(x);
    const torch::Tensor loss = torch::nn::functional::cross_entropy(
        logits, y, torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(c.labelSmoothing));
    loss.backward();
    const std::int64_t correct = logits.argmax(1).eq(y).sum().item<std::int64_t>();

    const std::unique_ptr<DirectStep> step = DirectStep::of(fast, c.spec.input, c.parts);
    ASSERT_TRUE(step) << name << ": DirectStep should compute this network";
    std::unique_ptr<WorkerThreads> team = c.threads ? std::make_unique<WorkerThreads>(c.parts, nullptr) : nullptr;
    const StackPass::Result direct = step->run(x, y, c.labelSmoothing, partRunner(c.parts, team.get()));
    EXPECT_NEAR(loss.item<double>(), direct.loss, 1e-5 * std::max(1.0, std::abs(direct.loss))) << name << " loss";
    EXPECT_EQ(correct, direct.correct) << name << " correct";

    const auto a = standard->named_parameters(), b = fast->named_parameters();
    ASSERT_EQ(a.keys(), b.keys()) << name;
    for (std::size_t i = 0; i < a.size(); ++i)
        expectClose(a[i].value().grad(), b[i].value().grad(), name + " " + a[i].key() + " gradient");
    torch::optim::SGD stepA(standard->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
    torch::optim::SGD stepB(fast->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
    stepA.step();
    stepB.step();
    for (std::size_t i = 0; i < a.size(); ++i)
        expectClose(a[i].value(), b[i].value(), name + " " + a[i].key() + " after a step");
}

const char *kUnpooledNet = R"({"input": [3, 50], "layers": [
    {"type": "conv1d", "in_channels": 3, "out_channels": 5, "kernel": 4, "stride": 2, "padding": 1, "bias": false},
    {"type": "relu"},
    {"type": "conv1d", "in_channels": 5, "out_channels": 6, "kernel": 3, "stride": 1, "padding": 0},
    {"type": "relu"}, {"type": "avgpool1d", "kernel": 3, "stride": 3},
    {"type": "flatten"},
    {"type": "linear", "in_features": "auto", "out_features": 10, "bias": false}]})";

const char *kLinearNet = R"({"input": [2, 20], "layers": [
    {"type": "flatten"}, {"type": "linear", "in_features": 40, "out_features": 24}, {"type": "relu"},
    {"type": "linear", "in_features": 24, "out_features": 10}]})";

/// Wide linear layers (LinearShape::wide), first (no input gradient) and last (ten
/// outputs, fewer than a part's share of features: some parts get none).
const char *kWideFirstNet = R"({"input": [3, 1000], "layers": [
    {"type": "flatten"}, {"type": "linear", "in_features": 3000, "out_features": 100}, {"type": "relu"},
    {"type": "linear", "in_features": 100, "out_features": 10}]})";

const char *kWideLastNet = R"({"input": [1, 30000], "layers": [
    {"type": "conv1d", "in_channels": 1, "out_channels": 1, "kernel": 3, "stride": 1, "padding": 1},
    {"type": "flatten"}, {"type": "linear", "in_features": "auto", "out_features": 10}]})";

}  // namespace

TEST(DirectStep, MfccPresetAgreesWithAutogradWholeAndInParts)
{
    for (int parts : {1, 2, 3}) {
        expectSameStep({preset("mfcc"), 32, 0.0, parts}, "mfcc in " + std::to_string(parts) + " parts");
        expectSameStep({preset("mfcc"), 7, 0.1, parts}, "mfcc, batch 7, label smoothing, " + std::to_string(parts));
        if (HasFatalFailure())
            return;
    }
}

TEST(DirectStep, PlainPresetAgreesWithAutograd)
{
    // A 6000-sample waveform, chunked one example at a time; its 11872 → 128 layer is split by features.
    expectSameStep({preset("plain"), 4, 0.0, 1}, "plain");
    expectSameStep({preset("plain"), 5, 0.1, 2, true}, "plain on two threads");
    expectSameStep({preset("plain"), 4, 0.0, 3}, "plain in three parts");
    expectSameStep({preset("plain"), 1, 0.0, 2, true}, "plain, a batch of one on two threads");  // a part gets none
}

TEST(DirectStep, LayersSplitByFeaturesAgreeWhereverTheyStand)
{
    for (int parts : {1, 2, 3}) {
        const std::string in = " in " + std::to_string(parts) + " parts";
        expectSameStep({specFromJson(kWideFirstNet), 6, 0.0, parts, parts == 2}, "wide first layer" + in);
        expectSameStep({specFromJson(kWideLastNet), 5, 0.1, parts, parts == 2}, "wide last layer" + in);
        if (HasFatalFailure())
            return;
    }
}

TEST(DirectStep, StridedUnpooledBiasFreeAndLinearOnlyNetsAgree)
{
    expectSameStep({specFromJson(kUnpooledNet), 9, 0.05, 2}, "strided, unpooled, bias-free");
    expectSameStep({specFromJson(kLinearNet), 6, 0.0, 1}, "flatten and linear only");
}

TEST(DirectStep, LeavesNetworksItDoesNotComputeToAutograd)
{
    for (const std::string id : {"batchnorm", "dropout", "resnet", "voice"}) {
        const NetworkSpec spec = preset(id);
        EXPECT_FALSE(DirectStep::of(buildTorchNetwork(spec, KernelChoice::Fast), spec.input, 1)) << id;
    }
    const NetworkSpec mfcc = preset("mfcc");  // the standard build's modules are not the fast ones it reads
    EXPECT_FALSE(DirectStep::of(buildTorchNetwork(mfcc, KernelChoice::Standard), mfcc.input, 1));
}

TEST(DirectStep, NamesAnInputOfTheWrongShape)
{
    const NetworkSpec mfcc = preset("mfcc");
    const std::unique_ptr<DirectStep> step = DirectStep::of(buildTorchNetwork(mfcc, KernelChoice::Fast), mfcc.input, 1);
    ASSERT_TRUE(step);
    const torch::Tensor labels = torch::zeros({2}, torch::kLong);
    const DirectStep::PartRunner oneThread = partRunner(1, nullptr);
    EXPECT_THROW(step->run(torch::randn({2, 13, 70}), labels, 0.0, oneThread), c10::Error);
    EXPECT_THROW(step->run(torch::randn({2, 13, 74}), labels.to(torch::kInt), 0.0, oneThread), c10::Error);
    EXPECT_THROW(step->run(torch::randn({3, 13, 74}), labels, 0.0, oneThread), c10::Error);
    EXPECT_THROW(step->run(torch::randn({2, 13, 74}), labels, 0.0, partRunner(2, nullptr)), c10::Error);
}

TEST(DirectStep, SgdStepInPartsContinuesTorchSgd)
{
    struct Options {
        double momentum, dampening, weightDecay;
        bool nesterov;
    };
    for (const Options o : {Options{0, 0, 0, false}, {0.9, 0, 0, false}, {0.9, 0.2, 0.01, false}, {0.8, 0, 1e-3, true}})
        for (int parts : {1, 2, 3}) {
            const std::string name = "momentum " + std::to_string(o.momentum) + ", " + std::to_string(parts) + " parts";
            torch::manual_seed(3);
            const torch::Tensor a = torch::randn({37, 5}), b = torch::randn({11});  // not whole cache lines
            std::vector<torch::Tensor> reference{a.clone().requires_grad_(), b.clone().requires_grad_()};
            std::vector<torch::Tensor> split{a.clone().requires_grad_(), b.clone().requires_grad_()};
            const auto options = torch::optim::SGDOptions(0.1).momentum(o.momentum).dampening(o.dampening)
                                     .weight_decay(o.weightDecay).nesterov(o.nesterov);
            torch::optim::SGD referenceSgd(reference, options), splitSgd(split, options);
            std::unique_ptr<WorkerThreads> team = parts == 2 ? std::make_unique<WorkerThreads>(2, nullptr) : nullptr;
            for (int step = 0; step < 3; ++step) {
                for (std::size_t i = 0; i < reference.size(); ++i) {
                    const torch::Tensor gradient = torch::randn(reference[i].sizes());
                    reference[i].mutable_grad() = gradient.clone();
                    split[i].mutable_grad() = gradient.clone();
                }
                referenceSgd.step();
                const bool inParts = sgdStepInParts(splitSgd, partRunner(parts, team.get()));
                EXPECT_EQ(inParts, step > 0 || o.momentum == 0) << name << ": SGD::step makes the momentum buffers";
                if (!inParts)
                    splitSgd.step();
            }
            for (std::size_t i = 0; i < reference.size(); ++i)
                expectClose(reference[i], split[i], name + ", parameter " + std::to_string(i) + " after 3 steps");
        }
    torch::Tensor weight = torch::ones({4}, torch::requires_grad());
    weight.mutable_grad() = torch::ones({4});
    torch::optim::Adam adam(std::vector<torch::Tensor>{weight}, torch::optim::AdamOptions(0.1));
    EXPECT_FALSE(sgdStepInParts(adam, partRunner(2, nullptr))) << "Adam steps itself";
    EXPECT_TRUE(torch::equal(weight, torch::ones({4})));
}
