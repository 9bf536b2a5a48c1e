#include "GradientReceptiveField.h"

#include "AnalyticReceptiveField.h"
#include "TrainedReceptiveField.h"
#include "network/NetworkAnalysis.h"
#include "network/TorchNetworkBuilder.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <new>

namespace convscope {

namespace {

namespace F = torch::nn::functional;

std::vector<std::int64_t> spatial(const std::array<std::int64_t, 2> &v, int dims)
{
    return dims == 1 ? std::vector<std::int64_t>{v[0]} : std::vector<std::int64_t>{v[0], v[1]};
}

torch::Tensor onesConv(const torch::Tensor &x, const LayerSpec &l, std::int64_t in, std::int64_t out,
                       const std::array<std::int64_t, 2> &padding, const std::array<std::int64_t, 2> &stride,
                       const std::array<std::int64_t, 2> &dilation, std::int64_t groups = 1)
{
    std::vector<std::int64_t> weightShape{out, in / groups};
    for (auto k : spatial(l.kernel, l.dims))
        weightShape.push_back(k);
    const auto weight = torch::ones(weightShape);
    if (l.dims == 1)
        return torch::conv1d(x, weight, {}, spatial(stride, 1), spatial(padding, 1), spatial(dilation, 1), groups);
    return torch::conv2d(x, weight, {}, spatial(stride, 2), spatial(padding, 2), spatial(dilation, 2), groups);
}

/// Zero padding at both ends of each axis; F.pad lists the last axis first.
torch::Tensor padded(const torch::Tensor &x, const LayerSpec &l)
{
    const auto end = l.endPadding();
    return torch::constant_pad_nd(x, l.dims == 1 ? std::vector<std::int64_t>{l.padding[0], end[0]}
                                                 : std::vector<std::int64_t>{l.padding[1], end[1], l.padding[0], end[0]});
}

torch::Tensor probePool(const torch::Tensor &x, const LayerSpec &l)
{
    // Asymmetric padding is applied explicitly first, as the built network does.
    const bool explicitPad = l.hasAsymmetricPadding();
    const torch::Tensor in = explicitPad ? padded(x, l) : x;
    const auto padding = explicitPad ? std::array<std::int64_t, 2>{0, 0} : l.padding;
    if (l.dims == 1)
        return torch::avg_pool1d(in, spatial(l.kernel, 1), spatial(l.stride, 1), spatial(padding, 1), l.ceilMode);
    return torch::avg_pool2d(in, spatial(l.kernel, 2), spatial(l.stride, 2), spatial(padding, 2), l.ceilMode);
}

/// The opened branch (`target`) whose layers' inputs and output are kept for their own maps.
struct BranchTap {
    StackPath target;
    std::vector<torch::Tensor> tensors;

    /// Keeps `t` (a new node, so that its gradient is this branch's share) when `here` is the target.
    torch::Tensor keep(const torch::Tensor &t, const StackPath &here)
    {
        if (here != target)
            return t;
        torch::Tensor node = t * 1;
        node.retain_grad();
        tensors.push_back(node);
        return node;
    }
};

torch::Tensor probeLayer(const torch::Tensor &x, const LayerSpec &l, BranchTap &tap, const StackPath &here);

/// Every branch probed on the same input, summed or concatenated, then the layer after the merge. `here` ends with
/// this block's step; its branch is set per branch.
torch::Tensor probeBlock(const torch::Tensor &x, const LayerSpec &l, BranchTap &tap, StackPath here)
{
    std::vector<torch::Tensor> outputs;
    for (std::size_t b = 0; b < l.branches.size(); ++b) {
        here.back().branch = b;
        torch::Tensor y = tap.keep(x, here);
        for (std::size_t j = 0; j < l.branches[b].size(); ++j) {
            StackPath inner = here;
            inner.push_back({j, 0});
            y = probeLayer(y, l.branches[b][j], tap, inner);
            y = tap.keep(y, here);
        }
        outputs.push_back(y);
    }
    torch::Tensor merged = mergeBranchOutputs(outputs, l.merge);
    // The layer after the merge is no branch: a path no stack can have keeps a block there from matching.
    StackPath afterMerge = here;
    afterMerge.push_back({std::numeric_limits<std::size_t>::max(), 0});
    for (const auto &layer : l.after)
        merged = probeLayer(merged, layer, tap, afterMerge);
    return merged * 1;  // a new node even for a block of identities
}

/// The layer with all-one weights and zero biases, linearised as described in the header. `here` is where a block
/// would be (the stack's path plus this layer's step).
torch::Tensor probeLayer(const torch::Tensor &x, const LayerSpec &l, BranchTap &tap, const StackPath &here)
{
    const std::array<std::int64_t, 2> none{0, 0};
    switch (l.kind) {
    case LayerKind::Conv:
        if (l.hasAsymmetricPadding())
            return onesConv(padded(x, l), l, l.inChannels, l.outChannels, none, l.stride, l.dilation, l.groups);
        return onesConv(x, l, l.inChannels, l.outChannels, l.padding, l.stride, l.dilation, l.groups);
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
        return probePool(x, l);
    case LayerKind::AdaptiveAvgPool:
    case LayerKind::AdaptiveMaxPool:
        if (l.dims == 1)
            return torch::adaptive_avg_pool1d(x, spatial(l.outputSize, 1));
        return torch::adaptive_avg_pool2d(x, spatial(l.outputSize, 2));
    case LayerKind::ZeroPad:
        return padded(x, l);
    case LayerKind::Block:
        return probeBlock(x, l, tap, here);
    default:
        return x * 1;  // a new node, so that this layer's input keeps its own gradient
    }
}

FeatureMap toFeatureMap(const torch::Tensor &batched, double log10Scale)
{
    const torch::Tensor t = batched.squeeze(0).contiguous().to(torch::kFloat);
    FeatureMap map;
    map.channels = t.size(0);
    map.height = t.dim() == 3 ? t.size(1) : 1;
    map.width = t.size(-1);
    map.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
    map.log10Scale = log10Scale;
    return map;
}

}  // namespace

std::vector<std::string> FeatureMap::binaryRows(std::int64_t channel) const
{
    std::vector<std::string> rows;
    for (std::int64_t r = 0; r < height; ++r) {
        std::string row;
        for (std::int64_t c = 0; c < width; ++c)
            row += at(channel, r, c) > 0.0f ? '1' : '0';
        rows.push_back(row);
    }
    return rows;
}

std::int64_t FeatureMap::nonZeroCount(std::int64_t channel) const
{
    std::int64_t count = 0;
    for (std::int64_t r = 0; r < height; ++r)
        for (std::int64_t c = 0; c < width; ++c)
            count += at(channel, r, c) != 0.0f;
    return count;
}

namespace {

/// Computes one layer of the traced part: the probe (all-one weights) or a built network's module.
using LayerStep = std::function<torch::Tensor(std::size_t, const torch::Tensor &)>;

/// The gradients of one trace: at every layer's input, then the one-hot seed at the output. Tensor i holds the
/// gradient divided by 10^log10Scales[i].
struct Gradients {
    std::vector<torch::Tensor> tensors;
    std::vector<double> log10Scales;
};

using Traced = std::optional<Gradients>;

/// A gradient this large is divided by a power of ten before the next layer's backward pass: one layer multiplies
/// it by at most about 1e10 (a ResNet-50 unit), which leaves float's 3.4e38 far away.
constexpr double kRescaleAbove = 1e20;

/// `gradient`, divided by 10^k when its largest magnitude exceeds kRescaleAbove (k added to `log10Scale`).
torch::Tensor rescaled(const torch::Tensor &gradient, double &log10Scale)
{
    const double largest = gradient.abs().max().item<double>();
    if (!(largest > kRescaleAbove) || !std::isfinite(largest))
        return gradient;
    const double power = std::floor(std::log10(largest));
    log10Scale += power;
    const torch::Tensor scaled = gradient / std::pow(10.0, power);
    // A pixel that can reach the unit keeps a non-zero value even when it is too faint to survive the division.
    const torch::Tensor vanished = gradient.ne(0).logical_and(scaled.eq(0));
    return torch::where(vanished, gradient.sign() * std::numeric_limits<float>::min(), scaled);
}

/// One forward pass through `count` layers and a backward pass from the one-hot seed at the traced unit, one layer
/// at a time (each layer's input is a leaf of its own), rescaling between layers. Nothing when cancelled.
Traced traceOnce(const torch::Tensor &input, std::size_t count, const LayerStep &layer,
                 const ReceptiveFieldRequest &request, const std::array<std::int64_t, 2> &pixel, int dims, bool report)
{
    std::vector<torch::Tensor> inputs, outputs;
    torch::Tensor x = input;
    for (std::size_t i = 0; i < count; ++i) {
        if (request.cancel && request.cancel->load())
            return std::nullopt;
        inputs.push_back(x);
        outputs.push_back(layer(i, x));
        x = outputs.back().detach().requires_grad_(true);
        if (report && request.progress)
            request.progress(i + 1, count);
    }
    auto seed = torch::zeros_like(x);
    if (dims == 2)
        seed.index_put_({0, request.outputChannel, pixel[0], pixel[1]}, 1.0);
    else
        seed.index_put_({0, request.outputChannel, pixel[1]}, 1.0);
    if (count == 0)  // the input is the output
        return Gradients{{seed, seed}, {0.0, 0.0}};
    Gradients gradients{std::vector<torch::Tensor>(count + 1), std::vector<double>(count + 1, 0.0)};
    gradients.tensors[count] = seed;
    double log10Scale = 0.0;
    for (std::size_t i = count; i-- > 0;) {
        outputs[i].backward(gradients.tensors[i + 1]);
        gradients.tensors[i] = rescaled(inputs[i].grad(), log10Scale);
        gradients.log10Scales[i] = log10Scale;
        outputs[i] = torch::Tensor();  // its graph is freed
    }
    return gradients;
}

/// The layers of a built network (one module per top-level layer, as buildTorchNetwork builds them) as trace steps.
LayerStep moduleSteps(torch::nn::Sequential &net)
{
    return [&net](std::size_t i, const torch::Tensor &x) { return net->begin()[i].forward(x); };
}

/// |gradient| of `runs` traces, averaged; `trace(run, last)` is one of them, `last` being the one that reports
/// progress. Each map's sum is kept at the largest scale of its terms. Nothing when a trace was cancelled.
Traced meanMagnitude(int runs, const std::function<Traced(int run, bool last)> &trace)
{
    Gradients mean;
    for (int run = 0; run < runs; ++run) {
        const Traced gradients = trace(run, run == runs - 1);
        if (!gradients)
            return std::nullopt;
        for (std::size_t i = 0; i < gradients->tensors.size(); ++i) {
            const torch::Tensor magnitude = gradients->tensors[i].abs() / runs;
            const double scale = gradients->log10Scales[i];
            if (mean.tensors.size() <= i) {
                mean.tensors.push_back(magnitude);
                mean.log10Scales.push_back(scale);
                continue;
            }
            const double common = std::max(mean.log10Scales[i], scale);
            mean.tensors[i] = mean.tensors[i] * std::pow(10.0, mean.log10Scales[i] - common)
                              + magnitude * std::pow(10.0, scale - common);
            mean.log10Scales[i] = common;
        }
    }
    return mean;
}

/// What every trace needs once the network's spatial part and the request are known to be valid.
struct TracePlan {
    NetworkAnalysis analysis;
    std::size_t count = 0;  ///< the traced layers (spatialLayerCount)
    int dims = 1;
    Shape batched;  ///< the network's input with a batch axis of one
    std::array<std::int64_t, 2> pixel{0, 0};
};

/// Validates the spatial part (only it has to be valid for its receptive field to exist) and resolves the
/// request's pixel and channel; nothing, with `error` saying why, when the field cannot be traced.
std::optional<TracePlan> planTrace(const NetworkSpec &spec, const ReceptiveFieldRequest &request, std::string &error)
{
    const auto fail = [&error](std::string why) -> std::optional<TracePlan> {
        error = std::move(why);
        return std::nullopt;
    };
    TracePlan plan;
    plan.analysis = analyzeNetwork(spec);
    plan.count = spatialLayerCount(spec);
    const NetworkAnalysis &analysis = plan.analysis;
    if (!analysis.inputIssues.empty())
        return fail(analysis.inputIssues.front().text());
    for (std::size_t i = 0; i < plan.count; ++i)
        if (!analysis.layers[i].valid())
            return fail(analysis.layers[i].issues.empty() ? "an earlier layer is invalid"
                                                          : analysis.layers[i].issues.front().text());
    const Shape output = plan.count == 0 ? spec.input : analysis.layers[plan.count - 1].output;
    plan.dims = spec.inputDims();
    const std::int64_t height = plan.dims == 2 ? output[1] : 1, width = output.back();
    plan.pixel = request.pixel.value_or(std::array<std::int64_t, 2>{(height - 1) / 2, (width - 1) / 2});
    if (plan.pixel[0] < 0 || plan.pixel[0] >= height || plan.pixel[1] < 0 || plan.pixel[1] >= width)
        return fail("output pixel (" + std::to_string(plan.pixel[0]) + ", " + std::to_string(plan.pixel[1])
                    + ") is outside the " + shapeToString(output) + " output; choose a row below "
                    + std::to_string(height) + " and a column below " + std::to_string(width));
    if (request.outputChannel < 0 || request.outputChannel >= output[0])
        return fail("output channel " + std::to_string(request.outputChannel) + " does not exist; the output has "
                    + std::to_string(output[0]) + " channels");
    plan.batched = {1};
    plan.batched.insert(plan.batched.end(), spec.input.begin(), spec.input.end());
    return plan;
}

/// Luo et al.'s effective field: |gradient| of networks with PyTorch's random initialisation, on random inputs,
/// averaged over the request's draws (seeded, so a view is reproducible).
Traced traceRandom(const NetworkSpec &spec, const TracePlan &plan, const ReceptiveFieldRequest &request)
{
    NetworkSpec spatial = plan.analysis.resolvedSpec(spec);
    spatial.layers.resize(plan.count);
    return meanMagnitude(std::max(request.draws, 1), [&](int draw, bool last) {
        torch::manual_seed(request.seed + static_cast<std::uint64_t>(draw));
        torch::nn::Sequential net = buildTorchNetwork(spatial);
        net->eval();  // BatchNorm with its initial statistics, no dropout
        return traceOnce(torch::randn(plan.batched, torch::requires_grad()), plan.count, moduleSteps(net), request,
                         plan.pixel, plan.dims, last);
    });
}

/// Plans the trace, runs `trace` and turns its gradients into maps: the one place of every path's errors. With
/// `tap` (the all-one probe's), the opened branch's maps are kept too.
ReceptiveFieldResult runTrace(const NetworkSpec &spec, const ReceptiveFieldRequest &request, ProbeWeights weights,
                              int averaged, const std::function<Traced(const TracePlan &)> &trace,
                              const BranchTap *tap = nullptr)
{
    std::string error;
    const std::optional<TracePlan> plan = planTrace(spec, request, error);
    if (!plan)
        return {std::nullopt, error};
    try {
        torch::AutoGradMode gradients(true);  // the caller's thread may have grad mode off
        const Traced traced = trace(*plan);
        if (!traced)
            return {std::nullopt, "cancelled"};
        ReceptiveFieldMaps maps;
        maps.pixel = plan->pixel;
        maps.outputChannel = request.outputChannel;
        maps.weights = weights;
        maps.averaged = averaged;
        for (std::size_t i = 0; i < traced->tensors.size(); ++i)
            maps.gradients.push_back(toFeatureMap(traced->tensors[i], traced->log10Scales[i]));
        maps.rfSize = maps.gradients.front().nonZeroCount(0);
        maps.effectiveSize = effectiveFieldSize(maps.gradients.front());
        if (tap)  // a branch's tensors share the scale of the gradient at its block's output
            for (const auto &tensor : tap->tensors) {
                const double scale = maps.gradients[tap->target.front().layer + 1].log10Scale;
                maps.branchGradients.push_back(toFeatureMap(tensor.grad(), scale));
            }
        return {maps, {}};
    } catch (const c10::Error &error) {
        return {std::nullopt, std::string("LibTorch could not trace the field: ") + error.what_without_backtrace()};
    } catch (const std::bad_alloc &) {
        return {std::nullopt, "not enough memory to trace the field of a " + shapeToString(spec.input)
                                  + " input; use a smaller input"};
    }
}

}  // namespace

std::int64_t effectiveFieldSize(const FeatureMap &map, double massFraction)
{
    // The mass per pixel, summed over channels, and its centre.
    std::vector<double> mass(static_cast<std::size_t>(map.height * map.width), 0.0);
    double total = 0.0, rowSum = 0.0, columnSum = 0.0;
    std::array<std::int64_t, 4> box{map.height, -1, map.width, -1};  // the rows and columns with any mass
    for (std::int64_t c = 0; c < map.channels; ++c)
        for (std::int64_t r = 0; r < map.height; ++r)
            for (std::int64_t x = 0; x < map.width; ++x) {
                const double v = std::abs(map.at(c, r, x));
                mass[static_cast<std::size_t>(r * map.width + x)] += v;
                total += v, rowSum += v * r, columnSum += v * x;
                if (v > 0.0)
                    box = {std::min(box[0], r), std::max(box[1], r), std::min(box[2], x), std::max(box[3], x)};
            }
    if (!(total > 0.0) || !std::isfinite(total))  // all zero
        return 0;
    // A square around the rounded centre of an even field can be one wider than the field, which holds all the mass.
    const std::int64_t extent = std::max(box[1] - box[0], box[3] - box[2]) + 1;
    const std::int64_t centreRow = std::llround(rowSum / total), centreColumn = std::llround(columnSum / total);
    const std::int64_t widest = std::max(map.height, map.width);
    for (std::int64_t radius = 0; radius <= widest; ++radius) {
        double inside = 0.0;
        for (std::int64_t r = std::max<std::int64_t>(0, centreRow - radius); r <= std::min(map.height - 1, centreRow + radius); ++r)
            for (std::int64_t x = std::max<std::int64_t>(0, centreColumn - radius);
                 x <= std::min(map.width - 1, centreColumn + radius); ++x)
                inside += mass[static_cast<std::size_t>(r * map.width + x)];
        if (inside >= massFraction * total)
            return std::min(2 * radius + 1, extent);
    }
    return extent;
}


ReceptiveFieldResult computeReceptiveField(const NetworkSpec &spec, const ReceptiveFieldRequest &request)
{
    if (request.weights == ProbeWeights::Trained)
        return {std::nullopt, "trained weights need a trained model: its trainer traces them (traceTrainedField)"};
    if (request.weights == ProbeWeights::Random)
        return runTrace(spec, request, ProbeWeights::Random, std::max(request.draws, 1),
                        [&](const TracePlan &plan) { return traceRandom(spec, plan, request); });
    BranchTap tap{request.branch, {}};
    const auto probe = [&](const TracePlan &plan) {
        const LayerStep step = [&](std::size_t i, const torch::Tensor &x) {
            return probeLayer(x, plan.analysis.layers[i].resolved, tap, StackPath{{i, 0}});
        };
        return traceOnce(torch::zeros(plan.batched, torch::requires_grad()), plan.count, step, request, plan.pixel,
                         plan.dims, true);
    };
    return runTrace(spec, request, ProbeWeights::Ones, 1, probe, &tap);
}

ReceptiveFieldResult traceTrainedField(const NetworkSpec &spec, torch::nn::Sequential &net, const torch::Tensor &clips,
                                       const ReceptiveFieldRequest &request)
{
    const Shape clipShape = clips.defined() && clips.dim() > 1 ? Shape(clips.sizes().begin() + 1, clips.sizes().end())
                                                               : Shape{};
    if (clipShape != spec.input || clips.size(0) == 0)
        return {std::nullopt, "the trained field needs clips of the network's " + shapeToString(spec.input)
                                  + " input, at least one"};
    if (net->size() < spatialLayerCount(spec))
        return {std::nullopt, "the trained module has fewer layers than the network; train this network again"};
    net->eval();  // BatchNorm with its running statistics, no dropout
    const int count = static_cast<int>(clips.size(0));
    return runTrace(spec, request, ProbeWeights::Trained, count, [&](const TracePlan &plan) {
        const LayerStep steps = moduleSteps(net);
        return meanMagnitude(count, [&](int clip, bool last) {
            const torch::Tensor input = clips.narrow(0, clip, 1).to(torch::kFloat).detach().clone();
            input.requires_grad_(true);
            return traceOnce(input, plan.count, steps, request, plan.pixel, plan.dims, last);
        });
    });
}

}  // namespace convscope
