#pragma once

#include "data/Dataset.h"
#include "network/NetworkSpec.h"
#include "network/PresetLibrary.h"

#include <QCommandLineParser>
#include <QJsonValue>
#include <QStringList>

#include <memory>
#include <optional>

namespace convscope {
class TrainedModel;
}

namespace convscope::cli {

/// Exit codes shared by every subcommand.
enum ExitCode { Success = 0, Failure = 1, InvalidInput = 2 };

/// A subcommand: gets its own arguments (argv[0] is "convscope-cli NAME") and returns an exit code.
using Command = int (*)(const QStringList &arguments);

/// Parses a subcommand's arguments; prints help (returns Success) or an error (returns InvalidInput) itself.
/// Returns nullopt when parsing succeeded and the command should go on.
std::optional<int> parseArguments(QCommandLineParser &parser, const QStringList &arguments,
                                  const QString &description);

/// Loads "file.json", "file.py" or "preset:NAME" and applies an optional "--input C,H,W" override; prints errors.
std::optional<NetworkSpec> loadNetworkArgument(const QCommandLineParser &parser);

/// Loads "file.json", "file.py" (PyTorch code), "file.pt" (a scripted or traced TorchScript model) or "preset:NAME"; prints errors. Python code does not say its input
/// size unless it makes an input tensor: `input` gives it (and overrides the code's); without either, the error
/// names the size its first layer suggests and `inputOption` ("--input C,H,W") as the way to give it.
std::optional<NetworkSpec> loadNetworkSource(const QString &source, const std::optional<Shape> &input,
                                             const QString &inputOption);

/// Finds (flag, CONVSCOPE_DATA, saved setting) and loads the FSDD folder; prints errors. Skipped files are in
/// Dataset::skipped for the caller to report.
std::optional<Dataset> loadDatasetArgument(const QString &flagValue);

/// Adds the positional network argument (a JSON file or preset:NAME) and the "--input C,H,W" option.
void addNetworkArguments(QCommandLineParser &parser);

QJsonValue shapeToJson(const Shape &shape);
/// Writes compact JSON and a newline to stdout.
void printJson(const QJsonValue &value);
/// Writes a message and a newline to stderr.
void printError(const QString &message);

/// --model: a checkpoint file or a built-in model.
QCommandLineOption modelOption();
/// Reads --model; prints what is wrong and returns nullptr when it cannot.
std::unique_ptr<TrainedModel> loadModelOption(const QCommandLineParser &parser);
/// Loads a saved model (a checkpoint or a built-in name such as builtin:voice); prints why and returns nullptr when
/// it cannot.
std::unique_ptr<TrainedModel> loadModelFile(const QString &path);

}  // namespace convscope::cli
