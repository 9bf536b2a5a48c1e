#include "GradientReceptiveField.h"

#include "AnalyticReceptiveField.h"
#include "network/NetworkAnalysis.h"

#include <torch/torch.h>

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
                       const std::array<std::int64_t, 2> &dilation)
{
    std::vector<std::int64_t> weightShape{out, in};
    for (auto k : spatial(l.kernel, l.dims))
        weightShape.push_back(k);
    const auto weight = torch::ones(weightShape);
    if (l.dims == 1)
        return torch::conv1d(x, weight, {}, spatial(stride, 1), spatial(padding, 1), spatial(dilation, 1));
    return torch::conv2d(x, weight, {}, spatial(stride, 2), spatial(padding, 2), spatial(dilation, 2));
}

/// The layer with all-one weights and zero biases, linearised as described in the header.
torch::Tensor probeLayer(const torch::Tensor &x, const LayerSpec &l)
{
    const std::array<std::int64_t, 2> one{1, 1}, none{0, 0};
    switch (l.kind) {
    case LayerKind::Conv:
        return onesConv(x, l, l.inChannels, l.outChannels, l.padding, l.stride, l.dilation);
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
        if (l.dims == 1)
            return torch::avg_pool1d(x, spatial(l.kernel, 1), spatial(l.stride, 1), spatial(l.padding, 1));
        return torch::avg_pool2d(x, spatial(l.kernel, 2), spatial(l.stride, 2), spatial(l.padding, 2));
    case LayerKind::Residual: {
        const std::array<std::int64_t, 2> half{(l.kernel[0] - 1) / 2, (l.kernel[1] - 1) / 2};
        const auto main = onesConv(onesConv(x, l, l.inChannels, l.outChannels, half, one, one), l, l.outChannels,
                                   l.outChannels, none, one, one);
        return main + onesConv(x, l, l.inChannels, l.outChannels, none, one, one);
    }
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
        std::vector<torch::Tensor> inputs{torch::zeros(batched, torch::requires_grad())};
        torch::Tensor x = inputs.front();
        for (std::size_t i = 0; i < count; ++i) {
            x = probeLayer(x, analysis.layers[i].resolved);
            if (i + 1 < count) {
                x.retain_grad();
                inputs.push_back(x);
            }
        }
        if (count == 0)
            x = x * 1;
        auto seed = torch::zeros_like(x);
        if (dims == 2)
            seed.index_put_({0, request.outputChannel, pixel[0], pixel[1]}, 1.0);
        else
            seed.index_put_({0, request.outputChannel, pixel[1]}, 1.0);
        x.backward(seed);

        ReceptiveFieldMaps maps;
        maps.pixel = pixel;
        maps.outputChannel = request.outputChannel;
        for (const auto &input : inputs)
            maps.gradients.push_back(toFeatureMap(input.grad()));
        maps.gradients.push_back(toFeatureMap(seed));
        maps.rfSize = maps.gradients.front().nonZeroCount(0);
        return {maps, {}};
    } catch (const c10::Error &error) {
        return {std::nullopt, std::string("LibTorch could not trace the field: ") + error.what_without_backtrace()};
    } catch (const std::bad_alloc &) {
        return {std::nullopt, "not enough memory to trace the field of a " + shapeToString(spec.input)
                                  + " input; use a smaller input"};
    }
}

}  // namespace convscope
