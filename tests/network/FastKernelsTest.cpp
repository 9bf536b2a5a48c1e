// The trainer's fast modules against the standard torch::nn layers they replace: outputs, every gradient and one
// SGD step, on fixed batches, at one and at two threads.
#include "network/FastKernels.h"
#include "network/TorchNetworkBuilder.h"

#include <gtest/gtest.h>

#include <ATen/Parallel.h>

using namespace convscope;

namespace {

struct ConvCase {
    std::int64_t in, out, kernel, stride, padding;
    bool bias;
    std::int64_t pool, length, batch;
};

/// The standard layers a FastConv1d stands for: Conv1d, and with a pool ReLU then AvgPool1d.
torch::Tensor standardConv(torch::nn::Conv1d &conv, const ConvCase &c, const torch::Tensor &x)
{
    torch::Tensor y = conv->forward(x);
    if (c.pool)
        y = torch::avg_pool1d(torch::relu(y), c.pool, c.pool);
    return y;
}

/// Equal up to float rounding: the sums run in another order, so the tolerance scales with the largest value.
void expectClose(const torch::Tensor &expected, const torch::Tensor &actual, const std::string &what)
{
    ASSERT_EQ(expected.sizes(), actual.sizes()) << what;
    const double scale = std::max(1.0, expected.abs().max().item<double>());
    EXPECT_TRUE(torch::allclose(expected, actual, 1e-4, 2e-5 * scale))
        << what << ": largest difference " << (expected - actual).abs().max().item<float>();
}

/// Forward, input, weight and bias gradients, and the weights after one SGD step.
void expectConvAgrees(const ConvCase &c, int threads)
{
    at::set_num_threads(threads);
    const std::string name = "conv " + std::to_string(c.in) + "->" + std::to_string(c.out) + " k" +
                             std::to_string(c.kernel) + " s" + std::to_string(c.stride) + " p" +
                             std::to_string(c.padding) + " pool " + std::to_string(c.pool) + " at " +
                             std::to_string(threads) + " threads";
    torch::manual_seed(3);
    torch::nn::Conv1d standard(
        torch::nn::Conv1dOptions(c.in, c.out, c.kernel).stride(c.stride).padding(c.padding).bias(c.bias));
    torch::manual_seed(3);
    FastConv1d fast(c.in, c.out, c.kernel, c.stride, c.padding, c.bias, c.pool);
    const torch::Tensor input = torch::randn({c.batch, c.in, c.length});
    const torch::Tensor xa = input.clone().requires_grad_(true), xb = input.clone().requires_grad_(true);
    const torch::Tensor ya = standardConv(standard, c, xa), yb = fast->forward(xb);
    expectClose(ya, yb, name + " output");
    const torch::Tensor upstream = torch::randn(ya.sizes());
    (ya * upstream).sum().backward();
    (yb * upstream).sum().backward();
    expectClose(xa.grad(), xb.grad(), name + " input gradient");
    const auto pa = standard->parameters(), pb = fast->parameters();
    ASSERT_EQ(pa.size(), pb.size()) << name;
    torch::optim::SGD stepA(pa, 0.1), stepB(pb, 0.1);
    for (std::size_t i = 0; i < pa.size(); ++i)
        expectClose(pa[i].grad(), pb[i].grad(), name + " parameter " + std::to_string(i) + " gradient");
    stepA.step();
    stepB.step();
    for (std::size_t i = 0; i < pa.size(); ++i)
        expectClose(pa[i], pb[i], name + " parameter " + std::to_string(i) + " after a step");
    torch::NoGradGuard noGrad;  // evaluation takes the path that keeps nothing for backward
    expectClose(standardConv(standard, c, input), fast->forward(input), name + " output without gradients");
    at::set_num_threads(1);
}

/// Every gradient of two modules with the same parameters, in registration order, and their buffers.
void expectSameGradientsAndBuffers(torch::nn::Module &standard, torch::nn::Module &fast, const std::string &name)
{
    const auto pa = standard.named_parameters(), pb = fast.named_parameters();
    ASSERT_EQ(pa.keys(), pb.keys()) << name;
    for (std::size_t i = 0; i < pa.size(); ++i)
        expectClose(pa[i].value().grad(), pb[i].value().grad(), name + " " + pa[i].key() + " gradient");
    const auto ba = standard.named_buffers(), bb = fast.named_buffers();
    ASSERT_EQ(ba.keys(), bb.keys()) << name;
    for (std::size_t i = 0; i < ba.size(); ++i)
        expectClose(ba[i].value().to(torch::kDouble), bb[i].value().to(torch::kDouble), name + " " + ba[i].key());
}

/// Training forward and backward against BatchNorm1d (+ residual, + ReLU, + AvgPool1d(pool) when pool > 0), then
/// two evaluations with the running statistics, one with gradients.
void expectBatchNormAgrees(const std::vector<std::int64_t> &shape, bool relu, bool residual, double offset,
                           std::int64_t pool = 0)
{
    const std::string name = "batch norm " + std::to_string(shape.size()) + "-d" + (relu ? " relu" : "") +
                             (residual ? " residual" : "") + " pool " + std::to_string(pool) + " offset " +
                             std::to_string(offset);
    torch::nn::BatchNorm1d standard(shape[1]);
    FastBatchNorm1d fast(shape[1], relu, pool);
    {
        torch::NoGradGuard noGrad;  // trained-looking affine parameters
        standard->weight.uniform_(0.5, 1.5);
        standard->bias.uniform_(-0.5, 0.5);
        fast->named_parameters()["weight"].copy_(standard->weight);
        fast->named_parameters()["bias"].copy_(standard->bias);
    }
    const auto reference = [&](const torch::Tensor &x, const torch::Tensor &r) {
        torch::Tensor y = standard->forward(x);
        if (residual)
            y = y + r;
        y = relu ? torch::relu(y) : y;
        return pool ? torch::avg_pool1d(y, pool, pool) : y;
    };
    for (bool training : {true, false}) {
        standard->train(training);
        fast->train(training);
        const std::string mode = name + (training ? " training" : " evaluation");
        const torch::Tensor input = torch::randn(shape) * 3 + offset, extra = torch::randn(shape);
        const torch::Tensor xa = input.clone().requires_grad_(true), xb = input.clone().requires_grad_(true);
        const torch::Tensor ra = extra.clone().requires_grad_(true), rb = extra.clone().requires_grad_(true);
        const torch::Tensor ya = reference(xa, ra), yb = fast->forward(xb, residual ? rb : torch::Tensor());
        expectClose(ya, yb, mode + " output");
        const torch::Tensor upstream = torch::randn(ya.sizes());
        (ya * upstream).sum().backward();
        (yb * upstream).sum().backward();
        expectClose(xa.grad(), xb.grad(), mode + " input gradient");
        if (residual)
            expectClose(ra.grad(), rb.grad(), mode + " residual gradient");
        expectSameGradientsAndBuffers(*standard, *fast, mode);
        standard->zero_grad();
        fast->zero_grad();
    }
    torch::NoGradGuard noGrad;
    const torch::Tensor x = torch::randn(shape) + offset, r = torch::randn(shape);
    expectClose(reference(x, r), fast->forward(x, residual ? r : torch::Tensor()), name + " evaluation without gradients");
}

}  // namespace

TEST(FastKernels, ConvolutionsAgreeWithConv1dReluAvgPool)
{
    const std::vector<ConvCase> cases{
        {1, 4, 5, 1, 0, true, 2, 600, 3},   // the plain net's first stage (no input gradient needed in training)
        {4, 8, 5, 1, 0, true, 2, 101, 5},   // an odd length: AvgPool drops the last sample
        {13, 16, 3, 1, 1, true, 2, 74, 4},  // the MFCC net's first stage, padded
        {3, 5, 4, 2, 1, false, 0, 50, 2},   // strided, without bias, the convolution alone
        {2, 3, 3, 1, 2, true, 3, 31, 3},    // a pool of three
        {8, 16, 5, 1, 0, true, 0, 40, 70},  // a batch of many chunks
        {4, 6, 5, 1, 2, true, 0, 300, 3},   // a long signal: one example per chunk, computed in place
        // 16 or more output channels: the weight gradient from the time-major unfold
        {16, 32, 5, 1, 2, true, 0, 300, 3},  // the resnet preset's last block: long, padded, in place
        {3, 16, 4, 2, 1, false, 0, 50, 2},   // strided, without bias
        // long, stride 1, at most twice the input's channels out: the input gradient as a transposed convolution
        {8, 8, 5, 1, 0, true, 0, 400, 2},    // unpadded: the transposed convolution pads kernel - 1
        {6, 9, 4, 1, 3, false, 0, 300, 2},   // padded to kernel - 1: the transposed convolution pads nothing
    };
    for (int threads : {1, 2})
        for (const ConvCase &c : cases) {
            expectConvAgrees(c, threads);
            if (HasFatalFailure())
                return;
        }
}

TEST(FastKernels, PoolsAgreeWithAvgPool1dWithAndWithoutRelu)
{
    for (bool relu : {true, false})
        for (std::int64_t pool : {2, 3}) {  // 29 samples: a partial last window for both
            const std::string name = std::string(relu ? "ReLU-pool" : "pool") + " of " + std::to_string(pool);
            const torch::Tensor input = torch::randn({3, 4, 29});
            const torch::Tensor xa = input.clone().requires_grad_(true), xb = input.clone().requires_grad_(true);
            const torch::Tensor ya = torch::avg_pool1d(relu ? torch::relu(xa) : xa, pool, pool);
            const torch::Tensor yb = relu ? ReluAvgPool1d(pool)->forward(xb) : StridedAvgPool1d(pool)->forward(xb);
            expectClose(ya, yb, name + " output");
            const torch::Tensor upstream = torch::randn(ya.sizes());
            (ya * upstream).sum().backward();
            (yb * upstream).sum().backward();
            expectClose(xa.grad(), xb.grad(), name + " input gradient");
        }
}

namespace {

/// FastLinear against torch::nn::Linear: output, input gradient, one SGD step, other ranks and a batch of one.
void expectLinearAgrees(std::int64_t in, std::int64_t out, bool bias)
{
    SCOPED_TRACE(std::to_string(in) + " -> " + std::to_string(out) + (bias ? " with bias" : ""));
    torch::manual_seed(5);
    torch::nn::Linear standard(torch::nn::LinearOptions(in, out).bias(bias));
    torch::manual_seed(5);
    FastLinear fast(in, out, bias);
    const torch::Tensor input = torch::randn({9, in});
    const torch::Tensor xa = input.clone().requires_grad_(true), xb = input.clone().requires_grad_(true);
    const torch::Tensor ya = standard->forward(xa), yb = fast->forward(xb);
    expectClose(ya, yb, "linear output");
    const torch::Tensor upstream = torch::randn(ya.sizes());
    (ya * upstream).sum().backward();
    (yb * upstream).sum().backward();
    expectClose(xa.grad(), xb.grad(), "linear input gradient");
    const auto pa = standard->parameters(), pb = fast->parameters();
    ASSERT_EQ(pa.size(), pb.size());
    torch::optim::SGD stepA(pa, 0.1), stepB(pb, 0.1);
    stepA.step();
    stepB.step();
    for (std::size_t i = 0; i < pa.size(); ++i)
        expectClose(pa[i], pb[i], "linear parameter after a step");
    const torch::Tensor ranked = torch::randn({2, 3, in});  // other ranks go to torch::linear
    expectClose(standard->forward(ranked), fast->forward(ranked), "linear on a rank-3 input");
    torch::NoGradGuard noGrad;  // a batch of one, as the voice test asks: twice the same answer
    const torch::Tensor one = torch::randn({1, in});
    expectClose(standard->forward(one), fast->forward(one), "linear on a batch of one");
    expectClose(standard->forward(one), fast->forward(one), "linear on a batch of one, asked again");
}

}  // namespace

TEST(FastKernels, LinearAgreesWithTorchLinear)
{
    for (bool bias : {true, false}) {
        expectLinearAgrees(300, 17, bias);
        expectLinearAgrees(3000, 100, bias);  // wide (LinearShape::wide): its forward pass is computed transposed
    }
}

TEST(FastKernels, RejectsAnInputWithTheWrongChannels)
{
    FastConv1d fast(2, 3, 3, 1, 0, true);
    EXPECT_THROW(fast->forward(torch::randn({1, 4, 10})), c10::Error);
}

TEST(FastKernels, BatchNormAgreesWithBatchNorm1dResidualReluAndPool)
{
    for (int threads : {1, 2}) {
        at::set_num_threads(threads);
        torch::manual_seed(7);
        expectBatchNormAgrees({6, 4, 257}, true, false, 0.0);   // the batchnorm preset's BatchNorm → ReLU
        expectBatchNormAgrees({6, 4, 257}, true, true, 0.0);    // the residual block's bn2 + shortcut → ReLU
        expectBatchNormAgrees({5, 3, 40}, false, false, 100.0); // alone, on values far from zero
        expectBatchNormAgrees({9, 16}, true, false, 1.0);       // after a Linear: [batch, features]
        expectBatchNormAgrees({8, 16, 37}, true, false, 0.5, 2); // voice's BatchNorm → ReLU → AvgPool, odd length
        expectBatchNormAgrees({6, 4, 257}, true, false, 0.0, 3); // a wider pool, a partial window dropped
        if (HasFatalFailure())
            return;
    }
    at::set_num_threads(1);
}

TEST(FastKernels, BatchNormOfOneValuePerChannelFailsAsPyTorchDoes)
{
    FastBatchNorm1d fast(3, true);
    EXPECT_THROW(fast->forward(torch::randn({1, 3})), c10::Error);
    fast->eval();
    EXPECT_EQ(fast->forward(torch::randn({1, 3})).sizes(), (std::vector<std::int64_t>{1, 3}));
}

TEST(FastKernels, ResidualBlockAgreesWithTheStandardBlock)
{
    AssignmentResidual residual;
    residual.inChannels = 4;
    residual.outChannels = 8;
    residual.kernel = {5, 5};
    torch::manual_seed(11);
    ResidualBlock standard(residual, false);
    torch::manual_seed(11);
    ResidualBlock fast(residual, true);
    torch::manual_seed(11);
    ResidualBlock exact(residual, false);  // in double: the truth both float blocks round
    exact->to(torch::kDouble);
    const torch::Tensor input = torch::randn({5, 4, 300}), upstream = torch::randn({5, 8, 296});
    std::vector<torch::Tensor> inputGradients;
    for (ResidualBlock *block : {&standard, &fast, &exact}) {
        const torch::Tensor x = (block == &exact ? input.to(torch::kDouble) : input.clone()).requires_grad_(true);
        const torch::Tensor y = (*block)->forward(x);
        (y * upstream.to(y.scalar_type())).sum().backward();
        inputGradients.push_back(x.grad());
    }
    expectClose(inputGradients[0], inputGradients[1], "residual block input gradient");
    // The convolutions' bias gradients before a batch norm are zero up to rounding: the fast block's must be
    // as near the double-precision truth as the standard float block's.
    const auto ps = standard->named_parameters(), pf = fast->named_parameters(), pe = exact->named_parameters();
    ASSERT_EQ(ps.keys(), pf.keys());
    for (std::size_t i = 0; i < ps.size(); ++i) {
        const torch::Tensor truth = pe[i].value().grad();
        const double standardError = (ps[i].value().grad().to(torch::kDouble) - truth).abs().max().item<double>();
        const double fastError = (pf[i].value().grad().to(torch::kDouble) - truth).abs().max().item<double>();
        const double scale = std::max(1.0, truth.abs().max().item<double>());
        EXPECT_LE(fastError, std::max(4 * standardError, 2e-5 * scale)) << ps[i].key() << " gradient";
    }
    const auto bs = standard->named_buffers(), bf = fast->named_buffers();
    for (std::size_t i = 0; i < bs.size(); ++i)
        expectClose(bs[i].value().to(torch::kDouble), bf[i].value().to(torch::kDouble), "residual block " + bs[i].key());
    standard->eval();
    fast->eval();
    torch::NoGradGuard noGrad;
    expectClose(standard->forward(input), fast->forward(input), "residual block in evaluation");
}
