#pragma once

#include "listen/WordDecider.h"

#include <QCommandLineParser>

#include <optional>

namespace convscope::cli {

/// --model (default builtin:voice), --hop-ms and --sensitivity: how `listen` and `bench-listen` listen.
QList<QCommandLineOption> listenOptions();
/// The settings those options give; prints what is wrong and returns nullopt when they are out of range.
std::optional<ListenSettings> listenSettingsOption(const QCommandLineParser &parser);

}  // namespace convscope::cli
