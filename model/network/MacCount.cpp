#include "MacCount.h"

#include "SaturatingMath.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace convscope {

namespace {

/// The product of the spatial axes of a shape ([C, L] or [C, H, W]) and its factors as "H·W".
struct Positions {
    std::int64_t count = 1;
    std::string text;
};

Positions positions(const Shape &shape)
{
    Positions p;
    for (std::size_t i = 1; i < shape.size(); ++i) {
        p.count = saturatingMul(p.count, shape[i]);
        p.text += "·" + std::to_string(shape[i]);
    }
    return p;
}

std::int64_t elements(const Shape &shape)
{
    std::int64_t n = 1;
    for (auto v : shape)
        n = saturatingMul(n, v);
    return n;
}

/// "(in/g)·out·k[·k]" and its value, per output position.
std::pair<std::int64_t, std::string> convPerPosition(std::int64_t in, std::int64_t out,
                                                     const std::array<std::int64_t, 2> &kernel, int dims,
                                                     std::int64_t groups)
{
    std::int64_t count = saturatingMul(saturatingMul(in / groups, out), kernel[0]);
    std::string text = (groups == 1 ? std::to_string(in) : "(" + std::to_string(in) + "/" + std::to_string(groups) + ")")
                       + "·" + std::to_string(out) + "·" + std::to_string(kernel[0]);
    if (dims == 2) {
        count = saturatingMul(count, kernel[1]);
        text += "·" + std::to_string(kernel[1]);
    }
    return {count, text};
}

MacCount conv(const LayerSpec &l, const Shape &output)
{
    const auto [perPosition, text] = convPerPosition(l.inChannels, l.outChannels, l.kernel, l.dims,
                                                     std::max<std::int64_t>(l.groups, 1));
    const Positions at = positions(output);
    const std::int64_t count = saturatingMul(perPosition, at.count);
    return {count, 0, text + at.text + " = " + withThousands(count)};
}

MacCount perElement(const Shape &shape, const std::string &what)
{
    const std::int64_t count = elements(shape);
    return {0, count, withThousands(count) + " " + what + " (not counted by default)"};
}

}  // namespace

std::string withThousands(std::int64_t value)
{
    std::string digits = std::to_string(value < 0 ? -value : value);
    for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return (value < 0 ? "-" : "") + digits;
}

std::string shortCount(std::int64_t value)
{
    const auto scaled = [](double v, int decimals, const char *unit) {
        std::ostringstream out;
        out << std::fixed << std::setprecision(decimals) << v << ' ' << unit;
        return out.str();
    };
    const double v = static_cast<double>(value);
    if (value >= 1'000'000'000)
        return scaled(v / 1e9, 2, "G");
    if (value >= 1'000'000)
        return scaled(v / 1e6, 1, "M");
    if (value >= 1'000)
        return scaled(v / 1e3, 1, "k");
    return std::to_string(value);
}

MacCount countMacs(const LayerSpec &layer, const Shape &input, const Shape &output)
{
    if (input.empty() || output.empty())
        return {0, 0, "unknown"};
    switch (layer.kind) {
    case LayerKind::Conv:
        return conv(layer, output);
    case LayerKind::Linear: {
        const std::int64_t count = saturatingMul(layer.inFeatures, layer.outFeatures);
        return {count, 0,
                std::to_string(layer.inFeatures) + "·" + std::to_string(layer.outFeatures) + " = " + withThousands(count)};
    }
    case LayerKind::AvgPool:
    case LayerKind::MaxPool: {
        const std::int64_t window = saturatingMul(layer.kernel[0], layer.dims == 2 ? layer.kernel[1] : 1);
        const std::int64_t count = saturatingMul(window, elements(output));
        return {0, count, withThousands(count) + " window reads (not counted by default)"};
    }
    case LayerKind::AdaptiveAvgPool:
    case LayerKind::AdaptiveMaxPool:
        return perElement(input, "reads");
    case LayerKind::BatchNorm:
        return perElement(output, "scale-and-shifts");
    case LayerKind::Activation:
        return perElement(output, "function calls");
    case LayerKind::Block:  // the sum of its layers, counted by NetworkAnalysis
    case LayerKind::ZeroPad:
    case LayerKind::Dropout:
    case LayerKind::Flatten:
        return {0, 0, "no arithmetic"};
    }
    return {0, 0, "no arithmetic"};
}

}  // namespace convscope
