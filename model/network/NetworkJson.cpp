#include "NetworkJson.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>
#include <set>
#include <stdexcept>

namespace convscope {

namespace {

/// Thrown inside the parser only; turned into NetworkParseResult::error at the boundary.
struct FieldError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string describe(const QJsonValue &value)
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

std::int64_t toInteger(const QJsonValue &value, const std::string &where)
{
    const double d = value.toDouble();
    if (!value.isDouble() || std::floor(d) != d || std::abs(d) > 1e12)
        throw FieldError(where + ": expected a whole number, got " + describe(value));
    return static_cast<std::int64_t>(d);
}

/// A per-axis value: a number (same on every axis) or a list of `dims` numbers.
std::array<std::int64_t, 2> toAxes(const QJsonValue &value, int dims, const std::string &where)
{
    if (value.isArray()) {
        const QJsonArray list = value.toArray();
        if (list.size() != dims && !(dims == 2 && list.size() == 1))
            throw FieldError(where + ": expected " + std::to_string(dims) + (dims == 1 ? " number" : " numbers")
                             + ", got a list of " + std::to_string(list.size()));
        const std::int64_t first = toInteger(list.at(0), where + "[0]");
        return {first, list.size() > 1 ? toInteger(list.at(1), where + "[1]") : first};
    }
    const std::int64_t v = toInteger(value, where);
    return {v, v};
}

QJsonValue fromAxes(const std::array<std::int64_t, 2> &v, int dims)
{
    if (dims == 1)
        return QJsonValue(static_cast<double>(v[0]));
    return QJsonArray{static_cast<double>(v[0]), static_cast<double>(v[1])};
}

std::set<QString> allowedFields(LayerKind kind)
{
    switch (kind) {
    case LayerKind::Conv:
        return {"type", "in_channels", "out_channels", "kernel", "stride", "padding", "dilation", "bias"};
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
        return {"type", "kernel", "stride", "padding"};
    case LayerKind::BatchNorm:
        return {"type", "num_features"};
    case LayerKind::Dropout:
        return {"type", "p"};
    case LayerKind::Linear:
        return {"type", "in_features", "out_features", "bias"};
    case LayerKind::Residual:
        return {"type", "in_channels", "out_channels", "kernel"};
    case LayerKind::ReLU:
    case LayerKind::Flatten:
        return {"type"};
    }
    return {"type"};
}

std::string joined(const std::set<QString> &names)
{
    std::string text;
    for (const auto &n : names)
        text += (text.empty() ? "" : ", ") + n.toStdString();
    return text;
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
            throw FieldError(m_where + ": the field \"" + field + "\" is missing");
        return m_object.value(field);
    }
    void integer(const char *field, std::int64_t &target, bool isRequired) const
    {
        if (isRequired || has(field))
            target = toInteger(required(field), at(field));
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
            throw FieldError(at(field) + ": expected true or false, got " + describe(v));
        target = v.toBool();
    }
    void number(const char *field, double &target) const
    {
        if (!has(field))
            return;
        const QJsonValue v = m_object.value(field);
        if (!v.isDouble())
            throw FieldError(at(field) + ": expected a number, got " + describe(v));
        target = v.toDouble();
    }

private:
    std::int64_t toIntegerOrAutoError(const QJsonValue &v, const char *field) const
    {
        if (!v.isDouble())
            throw FieldError(at(field) + ": expected a whole number or \"auto\", got " + describe(v));
        return toInteger(v, at(field));
    }

    QJsonObject m_object;
    std::string m_where;
};

LayerSpec parseLayer(const QJsonValue &value, int index)
{
    const std::string where = "layers[" + std::to_string(index) + "]";
    if (!value.isObject())
        throw FieldError(where + ": expected an object, got " + describe(value));
    const QJsonObject object = value.toObject();
    const QJsonValue type = object.value("type");
    if (!type.isString())
        throw FieldError(where + ".type: expected a layer type such as \"conv2d\", got " + describe(type));

    LayerSpec layer;
    if (!parseLayerTypeName(type.toString().toStdString(), layer.kind, layer.dims)) {
        std::string known;
        for (const auto &n : allLayerTypeNames())
            known += (known.empty() ? "" : ", ") + n;
        throw FieldError(where + ".type: unknown layer type " + describe(type) + "; use one of " + known);
    }
    const auto allowed = allowedFields(layer.kind);
    for (const auto &key : object.keys())
        if (!allowed.count(key))
            throw FieldError(where + ": unknown field \"" + key.toStdString() + "\" for " + layer.typeName()
                             + "; allowed: " + joined(allowed));

    const FieldReader read(object, where);
    switch (layer.kind) {
    case LayerKind::Conv:
        read.integer("in_channels", layer.inChannels, true);
        read.integer("out_channels", layer.outChannels, true);
        read.axes("kernel", layer.kernel, layer.dims, true);
        read.axes("stride", layer.stride, layer.dims, false);
        read.axes("padding", layer.padding, layer.dims, false);
        read.axes("dilation", layer.dilation, layer.dims, false);
        read.boolean("bias", layer.bias);
        break;
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
        read.axes("kernel", layer.kernel, layer.dims, true);
        layer.stride = layer.kernel;  // PyTorch's default stride for pooling is the kernel size
        read.axes("stride", layer.stride, layer.dims, false);
        layer.padding = {0, 0};
        read.axes("padding", layer.padding, layer.dims, false);
        break;
    case LayerKind::BatchNorm:
        read.integerOrAuto("num_features", layer.numFeatures);
        break;
    case LayerKind::Dropout:
        read.number("p", layer.probability);
        break;
    case LayerKind::Linear:
        read.integerOrAuto("in_features", layer.inFeatures);
        read.integer("out_features", layer.outFeatures, true);
        read.boolean("bias", layer.bias);
        break;
    case LayerKind::Residual:
        read.integer("in_channels", layer.inChannels, true);
        read.integer("out_channels", layer.outChannels, true);
        read.axes("kernel", layer.kernel, layer.dims, true);
        break;
    case LayerKind::ReLU:
    case LayerKind::Flatten:
        break;
    }
    return layer;
}

QJsonObject layerToJson(const LayerSpec &layer)
{
    QJsonObject o;
    o["type"] = QString::fromStdString(layer.typeName());
    const auto number = [](std::int64_t v) { return QJsonValue(static_cast<double>(v)); };
    const auto orAuto = [&](std::int64_t v) { return v == kAuto ? QJsonValue("auto") : number(v); };
    switch (layer.kind) {
    case LayerKind::Conv:
        o["in_channels"] = number(layer.inChannels);
        o["out_channels"] = number(layer.outChannels);
        o["kernel"] = fromAxes(layer.kernel, layer.dims);
        o["stride"] = fromAxes(layer.stride, layer.dims);
        o["padding"] = fromAxes(layer.padding, layer.dims);
        o["dilation"] = fromAxes(layer.dilation, layer.dims);
        o["bias"] = layer.bias;
        break;
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
        o["kernel"] = fromAxes(layer.kernel, layer.dims);
        o["stride"] = fromAxes(layer.stride, layer.dims);
        o["padding"] = fromAxes(layer.padding, layer.dims);
        break;
    case LayerKind::BatchNorm:
        o["num_features"] = orAuto(layer.numFeatures);
        break;
    case LayerKind::Dropout:
        o["p"] = layer.probability;
        break;
    case LayerKind::Linear:
        o["in_features"] = orAuto(layer.inFeatures);
        o["out_features"] = number(layer.outFeatures);
        o["bias"] = layer.bias;
        break;
    case LayerKind::Residual:
        o["in_channels"] = number(layer.inChannels);
        o["out_channels"] = number(layer.outChannels);
        o["kernel"] = fromAxes(layer.kernel, layer.dims);
        break;
    case LayerKind::ReLU:
    case LayerKind::Flatten:
        break;
    }
    return o;
}

/// "line 4, column 12" for a byte offset into the text.
std::string lineAndColumn(const QByteArray &bytes, int offset)
{
    int line = 1, column = 1;
    for (int i = 0; i < offset && i < bytes.size(); ++i) {
        if (bytes[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

NetworkParseResult parseNetworkJson(const QJsonObject &object)
{
    try {
        const std::set<QString> allowed{"name", "description", "input", "layers"};
        for (const auto &key : object.keys())
            if (!allowed.count(key))
                throw FieldError("unknown field \"" + key.toStdString() + "\" at the top level; allowed: "
                                 + joined(allowed));
        NetworkSpec spec;
        const auto text = [&](const char *field, std::string &target) {
            if (!object.contains(field))
                return;
            if (!object.value(field).isString())
                throw FieldError(std::string(field) + ": expected text, got " + describe(object.value(field)));
            target = object.value(field).toString().toStdString();
        };
        text("name", spec.name);
        text("description", spec.description);
        const QJsonValue input = object.value("input");
        if (!input.isArray())
            throw FieldError("input: expected a shape such as [1, 15, 15] or [1, 6000], got " + describe(input));
        spec.input.clear();
        const QJsonArray dims = input.toArray();
        for (int i = 0; i < dims.size(); ++i)
            spec.input.push_back(toInteger(dims.at(i), "input[" + std::to_string(i) + "]"));
        const QJsonValue layers = object.value("layers");
        if (!layers.isArray())
            throw FieldError("layers: expected a list of layers, got " + describe(layers));
        const QJsonArray list = layers.toArray();
        for (int i = 0; i < list.size(); ++i)
            spec.layers.push_back(parseLayer(list.at(i), i));
        return {spec, {}};
    } catch (const FieldError &error) {
        return {std::nullopt, error.what()};
    }
}

NetworkParseResult parseNetworkJson(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        return {std::nullopt, "not valid JSON at " + lineAndColumn(bytes, error.offset) + ": "
                                  + error.errorString().toStdString()};
    if (!document.isObject())
        return {std::nullopt, "expected a JSON object with \"input\" and \"layers\""};
    return parseNetworkJson(document.object());
}

QJsonObject networkToJson(const NetworkSpec &spec)
{
    QJsonObject o;
    if (!spec.name.empty())
        o["name"] = QString::fromStdString(spec.name);
    if (!spec.description.empty())
        o["description"] = QString::fromStdString(spec.description);
    QJsonArray input;
    for (auto v : spec.input)
        input.append(static_cast<double>(v));
    o["input"] = input;
    QJsonArray layers;
    for (const auto &layer : spec.layers)
        layers.append(layerToJson(layer));
    o["layers"] = layers;
    return o;
}

QByteArray networkToJsonBytes(const NetworkSpec &spec)
{
    return QJsonDocument(networkToJson(spec)).toJson(QJsonDocument::Indented);
}

NetworkParseResult loadNetworkFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {std::nullopt, path.toStdString() + ": cannot open: " + file.errorString().toStdString()};
    constexpr qint64 kMaxBytes = 16 * 1024 * 1024;  // a network file is a few kilobytes
    if (file.size() > kMaxBytes)
        return {std::nullopt, path.toStdString() + ": too large for a network file (over 16 MB)"};
    auto result = parseNetworkJson(file.readAll());
    if (!result.spec)
        result.error = path.toStdString() + ": " + result.error;
    return result;
}

std::string saveNetworkFile(const QString &path, const NetworkSpec &spec)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return path.toStdString() + ": cannot write: " + file.errorString().toStdString();
    const QByteArray bytes = networkToJsonBytes(spec);
    if (file.write(bytes) != bytes.size() || !file.commit())
        return path.toStdString() + ": saving failed: " + file.errorString().toStdString();
    return {};
}

}  // namespace convscope
