#include "GradientReceptiveField.h"

#include "AnalyticReceptiveField.h"
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

FeatureMap toFeatureMap(const torch::Tensor &batched)
{
    const torch::Tensor t = batched.squeeze(0).contiguous().to(torch::kFloat);
    FeatureMap map;
    map.channels = t.size(0);
    map.height = t.dim() == 3 ? t.size(1) : 1;
    map.width = t.size(-1);
    map.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
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

/// One forward pass through `count` layers and a backward pass from the one-hot seed at the traced unit.
/// Returns the input of every layer (with its gradient) and the seed; nothing when cancelled.
std::optional<std::vector<torch::Tensor>> traceOnce(torch::Tensor input, std::size_t count, const LayerStep &layer,
                                                    const ReceptiveFieldRequest &request,
                                                    const std::array<std::int64_t, 2> &pixel, int dims, bool report)
{
    std::vector<torch::Tensor> tensors{input};
    torch::Tensor x = input;
    for (std::size_t i = 0; i < count; ++i) {
        if (request.cancel && request.cancel->load())
            return std::nullopt;
        x = layer(i, x);
        if (i + 1 < count) {
            x.retain_grad();
            tensors.push_back(x);
        }
        if (report && request.progress)
            request.progress(i + 1, count);
    }
    if (count == 0)
        x = x * 1;
    auto seed = torch::zeros_like(x);
    if (dims == 2)
        seed.index_put_({0, request.outputChannel, pixel[0], pixel[1]}, 1.0);
    else
        seed.index_put_({0, request.outputChannel, pixel[1]}, 1.0);
    x.backward(seed);
    std::vector<torch::Tensor> gradients;
    for (const auto &t : tensors)
        gradients.push_back(t.grad());
    gradients.push_back(seed);
    return gradients;
}

/// Luo et al.'s effective field: |gradient| of networks with PyTorch's random initialisation, on random inputs,
/// averaged over the request's draws (seeded, so a view is reproducible).
std::optional<std::vector<torch::Tensor>> traceRandom(const NetworkSpec &spec, std::size_t count, const Shape &batched,
                                                      const ReceptiveFieldRequest &request,
                                                      const std::array<std::int64_t, 2> &pixel, int dims)
{
    NetworkSpec spatial = spec;
    spatial.layers.resize(count);
    std::vector<torch::Tensor> mean;
    const int draws = std::max(request.draws, 1);
    for (int draw = 0; draw < draws; ++draw) {
        torch::manual_seed(request.seed + static_cast<std::uint64_t>(draw));
        torch::nn::Sequential net = buildTorchNetwork(spatial);
        net->eval();  // BatchNorm with its initial statistics, no dropout
        const auto step = [&net](std::size_t i, const torch::Tensor &x) { return net->begin()[i].forward(x); };
        const auto gradients = traceOnce(torch::randn(batched, torch::requires_grad()), count, step, request, pixel,
                                         dims, draw == draws - 1);
        if (!gradients)
            return std::nullopt;
        for (std::size_t i = 0; i < gradients->size(); ++i) {
            const torch::Tensor magnitude = (*gradients)[i].abs() / draws;
            if (mean.size() <= i)
                mean.push_back(magnitude);
            else
                mean[i] += magnitude;
        }
    }
    return mean;
}

}  // namespace

std::int64_t effectiveFieldSize(const FeatureMap &map, double massFraction)
{
    // The mass per pixel, summed over channels, and its centre.
    std::vector<double> mass(static_cast<std::size_t>(map.height * map.width), 0.0);
    double total = 0.0, rowSum = 0.0, columnSum = 0.0;
    for (std::int64_t c = 0; c < map.channels; ++c)
        for (std::int64_t r = 0; r < map.height; ++r)
            for (std::int64_t x = 0; x < map.width; ++x) {
                const double v = std::abs(map.at(c, r, x));
                mass[static_cast<std::size_t>(r * map.width + x)] += v;
                total += v, rowSum += v * r, columnSum += v * x;
            }
    if (!(total > 0.0) || !std::isfinite(total))  // all zero, or all-one weights overflowed in a deep stack
        return 0;
    const std::int64_t centreRow = std::llround(rowSum / total), centreColumn = std::llround(columnSum / total);
    const std::int64_t widest = std::max(map.height, map.width);
    for (std::int64_t radius = 0; radius <= widest; ++radius) {
        double inside = 0.0;
        for (std::int64_t r = std::max<std::int64_t>(0, centreRow - radius); r <= std::min(map.height - 1, centreRow + radius); ++r)
            for (std::int64_t x = std::max<std::int64_t>(0, centreColumn - radius);
                 x <= std::min(map.width - 1, centreColumn + radius); ++x)
                inside += mass[static_cast<std::size_t>(r * map.width + x)];
        if (inside >= massFraction * total)
            return 2 * radius + 1;
    }
    return 2 * widest + 1;
}

ReceptiveFieldResult computeReceptiveField(const NetworkSpec &spec, const ReceptiveFieldRequest &request)
{
    const NetworkAnalysis analysis = analyzeNetwork(spec);
    const std::size_t count = spatialLayerCount(spec);
    // Only the spatial part has to be valid for its receptive field to exist.
    for (const auto &issue : analysis.inputIssues)
        return {std::nullopt, issue.text()};
    for (std::size_t i = 0; i < count; ++i)
        if (!analysis.layers[i].valid())
            return {std::nullopt, analysis.layers[i].issues.empty() ? "an earlier layer is invalid"
                                                                    : analysis.layers[i].issues.front().text()};
    const Shape output = count == 0 ? spec.input : analysis.layers[count - 1].output;
    const int dims = spec.inputDims();
    const std::int64_t height = dims == 2 ? output[1] : 1, width = output.back();
    const std::array<std::int64_t, 2> pixel = request.pixel.value_or(std::array<std::int64_t, 2>{(height - 1) / 2, (width - 1) / 2});
    if (pixel[0] < 0 || pixel[0] >= height || pixel[1] < 0 || pixel[1] >= width)
        return {std::nullopt, "output pixel (" + std::to_string(pixel[0]) + ", " + std::to_string(pixel[1])
                                  + ") is outside the " + shapeToString(output) + " output; choose a row below "
                                  + std::to_string(height) + " and a column below " + std::to_string(width)};
    if (request.outputChannel < 0 || request.outputChannel >= output[0])
        return {std::nullopt, "output channel " + std::to_string(request.outputChannel) + " does not exist; the output has "
                                  + std::to_string(output[0]) + " channels"};

    try {
        torch::AutoGradMode gradients(true);  // the caller's thread may have grad mode off
        Shape batched{1};
        batched.insert(batched.end(), spec.input.begin(), spec.input.end());
        BranchTap tap{request.branch, {}};
        const auto probe = [&analysis, &tap](std::size_t i, const torch::Tensor &x) {
            return probeLayer(x, analysis.layers[i].resolved, tap, StackPath{{i, 0}});
        };
        const auto traced = request.weights == ProbeWeights::Random
                                ? traceRandom(analysis.resolvedSpec(spec), count, batched, request, pixel, dims)
                                : traceOnce(torch::zeros(batched, torch::requires_grad()), count, probe, request, pixel,
                                            dims, true);
        if (!traced)
            return {std::nullopt, "cancelled"};
        ReceptiveFieldMaps maps;
        maps.pixel = pixel;
        maps.outputChannel = request.outputChannel;
        maps.weights = request.weights;
        for (const auto &gradient : *traced)
            maps.gradients.push_back(toFeatureMap(gradient));
        maps.rfSize = maps.gradients.front().nonZeroCount(0);
        maps.effectiveSize = effectiveFieldSize(maps.gradients.front());
        for (const auto &tensor : tap.tensors)
            maps.branchGradients.push_back(toFeatureMap(tensor.grad()));
        return {maps, {}};
    } catch (const c10::Error &error) {
        return {std::nullopt, std::string("LibTorch could not trace the field: ") + error.what_without_backtrace()};
    } catch (const std::bad_alloc &) {
        return {std::nullopt, "not enough memory to trace the field of a " + shapeToString(spec.input)
                                  + " input; use a smaller input"};
    }
}

}  // namespace convscope
