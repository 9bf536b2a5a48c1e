#include "LayerJson.h"

#include "AssignmentResidual.h"

#include <QJsonArray>

#include <cmath>

namespace convscope {

std::string describeJson(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return "null";
    case QJsonValue::Bool:
        return value.toBool() ? "true" : "false";
    case QJsonValue::Double:
        return QString::number(value.toDouble()).toStdString();
    case QJsonValue::String:
        return "\"" + value.toString().toStdString() + "\"";
    case QJsonValue::Array:
        return "a list";
    case QJsonValue::Object:
        return "an object";
    case QJsonValue::Undefined:
        return "nothing";
    }
    return "?";
}

std::int64_t jsonInteger(const QJsonValue &value, const std::string &where)
{
    const double d = value.toDouble();
    if (!value.isDouble() || std::floor(d) != d || std::abs(d) > 1e12)
        throw JsonFieldError(where + ": expected a whole number, got " + describeJson(value));
    return static_cast<std::int64_t>(d);
}

std::string joinedNames(const std::set<QString> &names)
{
    std::string text;
    for (const auto &n : names)
        text += (text.empty() ? "" : ", ") + n.toStdString();
    return text;
}

namespace {

/// A per-axis value: a number (same on every axis) or a list of `dims` numbers.
std::array<std::int64_t, 2> toAxes(const QJsonValue &value, int dims, const std::string &where)
{
    if (value.isArray()) {
        const QJsonArray list = value.toArray();
        if (list.size() != dims && !(dims == 2 && list.size() == 1))
            throw JsonFieldError(where + ": expected " + std::to_string(dims) + (dims == 1 ? " number" : " numbers")
                             + ", got a list of " + std::to_string(list.size()));
        const std::int64_t first = jsonInteger(list.at(0), where + "[0]");
        return {first, list.size() > 1 ? jsonInteger(list.at(1), where + "[1]") : first};
    }
    const std::int64_t v = jsonInteger(value, where);
    return {v, v};
}

QJsonValue fromAxes(const std::array<std::int64_t, 2> &v, int dims)
{
    if (dims == 1)
        return QJsonValue(static_cast<double>(v[0]));
    return QJsonArray{static_cast<double>(v[0]), static_cast<double>(v[1])};
}

std::set<QString> allowedFields(const LayerSpec &layer)
{
    switch (layer.kind) {
    case LayerKind::Conv:
        return {"type", "in_channels", "out_channels", "kernel", "stride", "padding", "padding_end", "dilation",
                "groups", "bias"};
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
        return {"type", "kernel", "stride", "padding", "padding_end", "ceil_mode"};
    case LayerKind::AdaptiveAvgPool:
    case LayerKind::AdaptiveMaxPool:
        return {"type", "output_size"};
    case LayerKind::ZeroPad:
        return {"type", "padding", "padding_end"};
    case LayerKind::BatchNorm:
        return {"type", "num_features", "eps"};
    case LayerKind::Activation:
        if (layer.activation == ActivationFunction::LeakyReLU)
            return {"type", "negative_slope"};
        return {"type"};
    case LayerKind::Dropout:
        return {"type", "p"};
    case LayerKind::Linear:
        return {"type", "in_features", "out_features", "bias"};
    case LayerKind::Block:
        return {"type", "merge", "branches", "after"};
    case LayerKind::Flatten:
        return {"type"};
    }
    return {"type"};
}

/// Reads one field; `required` fields that are missing are errors, optional ones keep the default.
class FieldReader {
public:
    FieldReader(const QJsonObject &object, std::string where) : m_object(object), m_where(std::move(where)) {}

    bool has(const char *field) const { return m_object.contains(field); }
    std::string at(const char *field) const { return m_where + "." + field; }

    QJsonValue required(const char *field) const
    {
        if (!has(field))
            throw JsonFieldError(m_where + ": the field \"" + field + "\" is missing");
        return m_object.value(field);
    }
    void integer(const char *field, std::int64_t &target, bool isRequired) const
    {
        if (isRequired || has(field))
            target = jsonInteger(required(field), at(field));
    }
    void integerOrAuto(const char *field, std::int64_t &target) const
    {
        if (!has(field))
            return;
        const QJsonValue v = m_object.value(field);
        target = v.isString() && v.toString() == "auto" ? kAuto : toIntegerOrAutoError(v, field);
    }
    void axes(const char *field, std::array<std::int64_t, 2> &target, int dims, bool isRequired) const
    {
        if (isRequired || has(field))
            target = toAxes(required(field), dims, at(field));
    }
    void boolean(const char *field, bool &target) const
    {
        if (!has(field))
            return;
        const QJsonValue v = m_object.value(field);
        if (!v.isBool())
            throw JsonFieldError(at(field) + ": expected true or false, got " + describeJson(v));
        target = v.toBool();
    }
    void number(const char *field, double &target) const
    {
        if (!has(field))
            return;
        const QJsonValue v = m_object.value(field);
        if (!v.isDouble())
            throw JsonFieldError(at(field) + ": expected a number, got " + describeJson(v));
        target = v.toDouble();
    }

private:
    std::int64_t toIntegerOrAutoError(const QJsonValue &v, const char *field) const
    {
        if (!v.isDouble())
            throw JsonFieldError(at(field) + ": expected a whole number or \"auto\", got " + describeJson(v));
        return jsonInteger(v, at(field));
    }

    QJsonObject m_object;
    std::string m_where;
};

}  // namespace

namespace {

/// A list of layer objects, e.g. a block's branch: "layers[3].branches[1]".
std::vector<LayerSpec> parseLayerList(const QJsonValue &value, const std::string &where)
{
    if (!value.isArray())
        throw JsonFieldError(where + ": expected a list of layers, got " + describeJson(value));
    std::vector<LayerSpec> layers;
    const QJsonArray list = value.toArray();
    for (int i = 0; i < list.size(); ++i)
        layers.push_back(parseLayerJson(list.at(i), where + "[" + std::to_string(i) + "]"));
    return layers;
}

void readBlock(const QJsonObject &object, const std::string &where, LayerSpec &layer)
{
    // Real networks nest one or two levels; a bound keeps hostile files from exhausting the stack.
    constexpr int kMaxDepth = 16;
    int depth = 0;
    for (const char *step : {".branches[", ".after["})
        for (auto at = where.find(step); at != std::string::npos; at = where.find(step, at + 1))
            ++depth;
    if (depth >= kMaxDepth)
        throw JsonFieldError(where + ": blocks nest more than " + std::to_string(kMaxDepth) + " deep");
    if (object.contains("merge")) {
        const QJsonValue merge = object.value("merge");
        if (merge != QJsonValue("add") && merge != QJsonValue("concat"))
            throw JsonFieldError(where + ".merge: expected \"add\" or \"concat\", got " + describeJson(merge));
        layer.merge = merge == QJsonValue("add") ? BlockMerge::Add : BlockMerge::Concat;
    }
    const QJsonValue branches = object.value("branches");
    if (!branches.isArray())
        throw JsonFieldError(where + ".branches: expected a list of branches (lists of layers), got "
                             + describeJson(branches));
    const QJsonArray list = branches.toArray();
    for (int b = 0; b < list.size(); ++b)
        layer.branches.push_back(parseLayerList(list.at(b), where + ".branches[" + std::to_string(b) + "]"));
    if (object.contains("after"))
        layer.after = parseLayerList(object.value("after"), where + ".after");
}

QJsonArray layerListToJson(const std::vector<LayerSpec> &layers)
{
    QJsonArray list;
    for (const auto &layer : layers)
        list.append(layerToJson(layer));
    return list;
}

/// The fields of one kind, read into `layer` (whose kind and dims are set).
void readFields(const FieldReader &read, LayerSpec &layer)
{
    const auto readPadding = [&](bool isRequired) {
        read.axes("padding", layer.padding, layer.dims, isRequired);
        read.axes("padding_end", layer.paddingEnd, layer.dims, false);
    };
    switch (layer.kind) {
    case LayerKind::Conv:
        read.integer("in_channels", layer.inChannels, true);
        read.integer("out_channels", layer.outChannels, true);
        read.axes("kernel", layer.kernel, layer.dims, true);
        read.axes("stride", layer.stride, layer.dims, false);
        readPadding(false);
        read.axes("dilation", layer.dilation, layer.dims, false);
        read.integer("groups", layer.groups, false);
        read.boolean("bias", layer.bias);
        break;
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
        read.axes("kernel", layer.kernel, layer.dims, true);
        layer.stride = layer.kernel;  // PyTorch's default stride for pooling is the kernel size
        read.axes("stride", layer.stride, layer.dims, false);
        layer.padding = {0, 0};
        readPadding(false);
        read.boolean("ceil_mode", layer.ceilMode);
        break;
    case LayerKind::AdaptiveAvgPool:
    case LayerKind::AdaptiveMaxPool:
        read.axes("output_size", layer.outputSize, layer.dims, true);
        break;
    case LayerKind::ZeroPad:
        readPadding(true);
        break;
    case LayerKind::BatchNorm:
        read.integerOrAuto("num_features", layer.numFeatures);
        read.number("eps", layer.eps);
        break;
    case LayerKind::Activation:
        read.number("negative_slope", layer.negativeSlope);
        break;
    case LayerKind::Dropout:
        read.number("p", layer.probability);
        break;
    case LayerKind::Linear:
        read.integerOrAuto("in_features", layer.inFeatures);
        read.integer("out_features", layer.outFeatures, true);
        read.boolean("bias", layer.bias);
        break;
    case LayerKind::Block:  // lists of layers: see readBlock
    case LayerKind::Flatten:
        break;
    }
}

void rejectUnknownFields(const QJsonObject &object, const std::set<QString> &allowed, const std::string &typeName,
                         const std::string &where)
{
    for (const auto &key : object.keys())
        if (!allowed.count(key))
            throw JsonFieldError(where + ": unknown field \"" + key.toStdString() + "\" for " + typeName
                                 + "; allowed: " + joinedNames(allowed));
}

/// "residual1d" or "residual2d": the assignment's residual block, written by its three numbers.
LayerSpec parseAssignmentResidual(const QJsonObject &object, const std::string &where, int dims)
{
    rejectUnknownFields(object, {"type", "in_channels", "out_channels", "kernel"}, dims == 1 ? "residual1d" : "residual2d",
                        where);
    const FieldReader read(object, where);
    AssignmentResidual residual;
    residual.dims = dims;
    read.integer("in_channels", residual.inChannels, true);
    read.integer("out_channels", residual.outChannels, true);
    read.axes("kernel", residual.kernel, dims, true);
    return residual.block();
}

}  // namespace

LayerSpec parseLayerJson(const QJsonValue &value, const std::string &where)
{
    if (!value.isObject())
        throw JsonFieldError(where + ": expected an object, got " + describeJson(value));
    const QJsonObject object = value.toObject();
    const QJsonValue type = object.value("type");
    if (!type.isString())
        throw JsonFieldError(where + ".type: expected a layer type such as \"conv2d\", got " + describeJson(type));

    const std::string typeName = type.toString().toStdString();
    if (typeName == "residual1d" || typeName == "residual2d")
        return parseAssignmentResidual(object, where, typeName == "residual1d" ? 1 : 2);
    LayerSpec layer;
    if (!parseLayerTypeName(typeName, layer)) {
        std::string known;
        for (const auto &n : allLayerTypeNames())
            known += (known.empty() ? "" : ", ") + n;
        throw JsonFieldError(where + ".type: unknown layer type " + describeJson(type) + "; use one of " + known);
    }
    rejectUnknownFields(object, allowedFields(layer), layer.typeName(), where);
    readFields(FieldReader(object, where), layer);
    if (layer.kind == LayerKind::Block)
        readBlock(object, where, layer);
    return layer;
}

QJsonObject layerToJson(const LayerSpec &layer)
{
    QJsonObject o;
    o["type"] = QString::fromStdString(layer.typeName());
    const auto number = [](std::int64_t v) { return QJsonValue(static_cast<double>(v)); };
    const auto orAuto = [&](std::int64_t v) { return v == kAuto ? QJsonValue("auto") : number(v); };
    const auto writePadding = [&] {
        o["padding"] = fromAxes(layer.padding, layer.dims);
        if (layer.hasAsymmetricPadding())
            o["padding_end"] = fromAxes(layer.endPadding(), layer.dims);
    };
    switch (layer.kind) {
    case LayerKind::Conv:
        o["in_channels"] = number(layer.inChannels);
        o["out_channels"] = number(layer.outChannels);
        o["kernel"] = fromAxes(layer.kernel, layer.dims);
        o["stride"] = fromAxes(layer.stride, layer.dims);
        writePadding();
        o["dilation"] = fromAxes(layer.dilation, layer.dims);
        if (layer.groups != 1)
            o["groups"] = number(layer.groups);
        o["bias"] = layer.bias;
        break;
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
        o["kernel"] = fromAxes(layer.kernel, layer.dims);
        o["stride"] = fromAxes(layer.stride, layer.dims);
        writePadding();
        if (layer.ceilMode)
            o["ceil_mode"] = true;
        break;
    case LayerKind::AdaptiveAvgPool:
    case LayerKind::AdaptiveMaxPool:
        o["output_size"] = fromAxes(layer.outputSize, layer.dims);
        break;
    case LayerKind::ZeroPad:
        writePadding();
        break;
    case LayerKind::BatchNorm:
        o["num_features"] = orAuto(layer.numFeatures);
        if (layer.eps != kBatchNormEps)
            o["eps"] = layer.eps;
        break;
    case LayerKind::Activation:
        if (layer.activation == ActivationFunction::LeakyReLU)
            o["negative_slope"] = layer.negativeSlope;
        break;
    case LayerKind::Dropout:
        o["p"] = layer.probability;
        break;
    case LayerKind::Linear:
        o["in_features"] = orAuto(layer.inFeatures);
        o["out_features"] = number(layer.outFeatures);
        o["bias"] = layer.bias;
        break;
    case LayerKind::Block: {
        if (const auto residual = AssignmentResidual::of(layer)) {
            o["type"] = residual->dims == 1 ? "residual1d" : "residual2d";
            o["in_channels"] = number(residual->inChannels);
            o["out_channels"] = number(residual->outChannels);
            o["kernel"] = fromAxes(residual->kernel, residual->dims);
            break;
        }
        o["merge"] = layer.merge == BlockMerge::Add ? "add" : "concat";
        QJsonArray branches;
        for (const auto &branch : layer.branches)
            branches.append(layerListToJson(branch));
        o["branches"] = branches;
        if (!layer.after.empty())
            o["after"] = layerListToJson(layer.after);
        break;
    }
    case LayerKind::Flatten:
        break;
    }
    return o;
}

}  // namespace convscope
