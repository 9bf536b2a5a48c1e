#pragma once

#include "NetworkSpec.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <string>

namespace convscope {

/** The outcome of reading a network: the spec, or an error naming the line, layer or field. */
struct NetworkParseResult {
    std::optional<NetworkSpec> spec;
    std::string error;
};

/**
 * Network specs as JSON, in PyTorch's vocabulary:
 * {"input": [C, H, W], "layers": [{"type": "conv2d", "in_channels": 1, "out_channels": 3, "kernel": [5, 5], ...}]}.
 * Unknown fields and wrong types are errors that name the field. Pure functions; any thread.
 */
NetworkParseResult parseNetworkJson(const QByteArray &bytes);
NetworkParseResult parseNetworkJson(const QJsonObject &object);
QJsonObject networkToJson(const NetworkSpec &spec);
QByteArray networkToJsonBytes(const NetworkSpec &spec);

/// Reads a network file; errors start with the file name.
NetworkParseResult loadNetworkFile(const QString &path);
/// Writes atomically (the old file stays whole if anything fails); returns an empty string or the error.
std::string saveNetworkFile(const QString &path, const NetworkSpec &spec);

}  // namespace convscope
