#include "AnalyticReceptiveField.h"

#include "network/NetworkAnalysis.h"
#include "network/SaturatingMath.h"

#include <algorithm>

namespace convscope {

std::array<std::int64_t, 2> AnalyticField::clippedRange(int axis, std::int64_t index, std::int64_t inputSize) const
{
    const std::int64_t first = start[axis] + index * jump[axis];
    const std::int64_t last = first + size[axis] - 1;
    return {std::max<std::int64_t>(first, 0), std::min(last, inputSize - 1)};
}

namespace {

/// Adaptive pooling to one value per channel: its field is the whole input, whatever came before.
bool isGlobalPool(const LayerSpec &layer)
{
    const bool adaptive = layer.kind == LayerKind::AdaptiveAvgPool || layer.kind == LayerKind::AdaptiveMaxPool;
    return adaptive && layer.outputSize[0] == 1 && (layer.dims == 1 || layer.outputSize[1] == 1);
}

}  // namespace

std::size_t spatialLayerCount(const NetworkSpec &spec)
{
    std::size_t count = 0;
    for (const auto &layer : spec.layers) {
        if (layer.kind == LayerKind::Flatten || layer.kind == LayerKind::Linear || isGlobalPool(layer))
            break;
        ++count;
    }
    return count;
}

namespace {

/// A layer's window on one axis, as the recurrences see it.
struct Window {
    std::int64_t reach = 1, stride = 1, padding = 0;
};

/// Adaptive pooling uses windows [floor(i·in/out), ceil((i+1)·in/out)): uniform when out divides in. Otherwise the
/// widest window and the rounded-down stride are used, so the size is an upper bound.
Window adaptiveWindow(std::int64_t in, std::int64_t out)
{
    std::int64_t widest = 1;
    if (out <= 4096) {
        for (std::int64_t i = 0; i < out; ++i)
            widest = std::max(widest, ((i + 1) * in + out - 1) / out - i * in / out);
    } else {  // a bound, not a scan, for absurd sizes: no window is longer than in/out + 2 - 2/out
        widest = in % out == 0 ? in / out : (in + 2 * out - 2) / out;
    }
    return {std::max<std::int64_t>(widest, 1), std::max<std::int64_t>(in / out, 1), 0};
}

Window layerWindow(const LayerSpec &l, int axis, const Shape &input)
{
    if (l.dims == 1 && axis == 1 && l.hasDims())
        return {};
    switch (l.kind) {
    case LayerKind::Conv:
        return {l.dilation[axis] * (l.kernel[axis] - 1) + 1, l.stride[axis], l.padding[axis]};
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
        return {l.kernel[axis], l.stride[axis], l.padding[axis]};
    case LayerKind::AdaptiveAvgPool:
    case LayerKind::AdaptiveMaxPool: {
        const std::size_t index = static_cast<std::size_t>(axis) + 1;
        return index < input.size() ? adaptiveWindow(input[index], l.outputSize[axis]) : Window{};
    }
    case LayerKind::ZeroPad:
        return {1, 1, l.padding[axis]};
    default:
        return {};
    }
}

AnalyticField step(AnalyticField field, const LayerAnalysis &layer);

/// A block's field: every branch from the block's input field, then their union. Branches whose units are not
/// centred on the same input pixel (or step by different jumps) make the field not `aligned`.
AnalyticField blockField(const AnalyticField &input, const LayerAnalysis &block)
{
    std::vector<AnalyticField> ends;
    for (const auto &branch : block.branches) {
        AnalyticField field = input;
        for (const auto &layer : branch)
            field = step(field, layer);
        ends.push_back(field);
    }
    AnalyticField merged = ends.empty() ? input : ends.front();
    for (int axis = 0; axis < 2; ++axis) {
        std::int64_t first = merged.start[axis], last = merged.start[axis] + merged.size[axis] - 1;
        for (const auto &end : ends) {
            first = std::min(first, end.start[axis]);
            last = std::max(last, end.start[axis] + end.size[axis] - 1);
            const bool sameCentre = 2 * end.start[axis] + end.size[axis] == 2 * merged.start[axis] + merged.size[axis];
            merged.aligned = merged.aligned && end.aligned && sameCentre && end.jump[axis] == merged.jump[axis];
        }
        merged.start[axis] = first;
        merged.size[axis] = last - first + 1;
    }
    for (const auto &layer : block.after)
        merged = step(merged, layer);
    return merged;
}

AnalyticField step(AnalyticField field, const LayerAnalysis &layer)
{
    if (layer.resolved.kind == LayerKind::Block)
        return blockField(field, layer);
    for (int axis = 0; axis < 2; ++axis) {
        // Only the start padding moves the first unit; padding at the end adds units, not reach.
        const Window w = layerWindow(layer.resolved, axis, layer.input);
        field.size[axis] = saturatingAdd(field.size[axis], saturatingMul(w.reach - 1, field.jump[axis]));
        field.start[axis] = saturatingAdd(field.start[axis], -saturatingMul(w.padding, field.jump[axis]));
        field.jump[axis] = saturatingMul(field.jump[axis], w.stride);
    }
    return field;
}

}  // namespace

std::vector<AnalyticField> analyticReceptiveFields(const NetworkSpec &spec)
{
    const NetworkAnalysis analysis = analyzeNetwork(spec);
    std::vector<AnalyticField> fields;
    AnalyticField field;
    const std::size_t count = spatialLayerCount(spec);
    for (std::size_t i = 0; i < count; ++i) {
        field = step(field, analysis.layers[i]);
        fields.push_back(field);
    }
    return fields;
}

}  // namespace convscope
