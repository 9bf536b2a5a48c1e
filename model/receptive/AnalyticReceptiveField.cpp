#include "AnalyticReceptiveField.h"

#include <algorithm>

namespace convscope {

std::array<std::int64_t, 2> AnalyticField::clippedRange(int axis, std::int64_t index, std::int64_t inputSize) const
{
    const std::int64_t first = start[axis] + index * jump[axis];
    const std::int64_t last = first + size[axis] - 1;
    return {std::max<std::int64_t>(first, 0), std::min(last, inputSize - 1)};
}

std::size_t spatialLayerCount(const NetworkSpec &spec)
{
    std::size_t count = 0;
    for (const auto &layer : spec.layers) {
        if (layer.kind == LayerKind::Flatten || layer.kind == LayerKind::Linear)
            break;
        ++count;
    }
    return count;
}

std::vector<AnalyticField> analyticReceptiveFields(const NetworkSpec &spec)
{
    std::vector<AnalyticField> fields;
    AnalyticField field;
    const std::size_t count = spatialLayerCount(spec);
    for (std::size_t i = 0; i < count; ++i) {
        const LayerSpec &l = spec.layers[i];
        for (int axis = 0; axis < 2; ++axis) {
            std::int64_t reach = 1, stride = 1, padding = 0;
            switch (l.kind) {
            case LayerKind::Conv:
                reach = l.dilation[axis] * (l.kernel[axis] - 1) + 1;
                stride = l.stride[axis];
                padding = l.padding[axis];
                break;
            case LayerKind::AvgPool:
            case LayerKind::MaxPool:
                reach = l.kernel[axis];
                stride = l.stride[axis];
                padding = l.padding[axis];
                break;
            case LayerKind::Residual:
                reach = 2 * l.kernel[axis] - 1;
                padding = (l.kernel[axis] - 1) / 2;
                break;
            default:
                break;
            }
            if (l.dims == 1 && axis == 1 && l.hasDims())
                reach = 1, stride = 1, padding = 0;
            field.size[axis] += (reach - 1) * field.jump[axis];
            field.start[axis] -= padding * field.jump[axis];
            field.jump[axis] *= stride;
        }
        fields.push_back(field);
    }
    return fields;
}

}  // namespace convscope
