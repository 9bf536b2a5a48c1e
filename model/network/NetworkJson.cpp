#include "NetworkJson.h"

#include "LayerJson.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <set>

namespace convscope {

namespace {

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
                throw JsonFieldError("unknown field \"" + key.toStdString() + "\" at the top level; allowed: "
                                 + joinedNames(allowed));
        NetworkSpec spec;
        const auto text = [&](const char *field, std::string &target) {
            if (!object.contains(field))
                return;
            if (!object.value(field).isString())
                throw JsonFieldError(std::string(field) + ": expected text, got " + describeJson(object.value(field)));
            target = object.value(field).toString().toStdString();
        };
        text("name", spec.name);
        text("description", spec.description);
        const QJsonValue input = object.value("input");
        if (!input.isArray())
            throw JsonFieldError("input: expected a shape such as [1, 15, 15] or [1, 6000], got " + describeJson(input));
        spec.input.clear();
        const QJsonArray dims = input.toArray();
        for (int i = 0; i < dims.size(); ++i)
            spec.input.push_back(jsonInteger(dims.at(i), "input[" + std::to_string(i) + "]"));
        const QJsonValue layers = object.value("layers");
        if (!layers.isArray())
            throw JsonFieldError("layers: expected a list of layers, got " + describeJson(layers));
        const QJsonArray list = layers.toArray();
        for (int i = 0; i < list.size(); ++i)
            spec.layers.push_back(parseLayerJson(list.at(i), "layers[" + std::to_string(i) + "]"));
        return {spec, {}};
    } catch (const JsonFieldError &error) {
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
