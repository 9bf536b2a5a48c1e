#pragma once

#include "LayerSpec.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <set>
#include <stdexcept>
#include <string>

namespace convscope {

/// A field of a network file that cannot be read; the message names the field ("layers[2].kernel: ...").
struct JsonFieldError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// One layer object of a network file, e.g. {"type": "conv2d", "in_channels": 1, ...}; `where` is "layers[2]".
/// Throws JsonFieldError for unknown types and fields, wrong types and missing required fields.
LayerSpec parseLayerJson(const QJsonValue &value, const std::string &where);
/// The layer as JSON; optional fields at their defaults (groups 1, no ceil_mode, symmetric padding) are left out.
QJsonObject layerToJson(const LayerSpec &layer);

/// How a JSON value reads in a message: 3, "text", a list, an object...
std::string describeJson(const QJsonValue &value);
/// A whole number, or a JsonFieldError naming `where`.
std::int64_t jsonInteger(const QJsonValue &value, const std::string &where);
/// "a, b, c".
std::string joinedNames(const std::set<QString> &names);

}  // namespace convscope
