#include "CliCommon.h"

#include "train/BuiltinModels.h"
#include "train/TrainedModel.h"

#include "data/DatasetLocator.h"
#include "pycode/PythonNetworkReader.h"
#include "pycode/TorchScriptNetwork.h"
#include "network/ShapeText.h"
#include "data/DatasetScanner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFileInfo>
#include <QSettings>

#include <cstdio>

namespace convscope::cli {

std::optional<int> parseArguments(QCommandLineParser &parser, const QStringList &arguments,
                                  const QString &description)
{
    parser.setApplicationDescription(description);
    const QCommandLineOption help = parser.addHelpOption();
    if (!parser.parse(arguments)) {
        printError(parser.errorText() + "\nSee '" + arguments.value(0) + " --help'.");
        return InvalidInput;
    }
    if (parser.isSet(help)) {
        // Qt names the executable's full path in the usage line; name the subcommand as it is typed instead.
        QString text = parser.helpText();
        const qsizetype lineEnd = text.indexOf('\n');
        const QString usage = text.left(lineEnd);
        const qsizetype options = usage.indexOf(" [options]");
        text.replace(0, options < 0 ? lineEnd : options, "Usage: " + arguments.value(0));
        std::fputs(qPrintable(text), stdout);
        return Success;
    }
    return std::nullopt;
}

std::optional<Dataset> loadDatasetArgument(const QString &flagValue)
{
    const QSettings settings(QSettings::NativeFormat, QSettings::UserScope, "ConvScope", "ConvScope");
    const DatasetLocation location = DatasetLocator::resolve(flagValue, &settings);
    if (location.folder.isEmpty()) {
        printError(location.error);
        return std::nullopt;
    }
    DatasetLoadResult loaded = DatasetScanner::load(location.folder);
    if (loaded.status != LoadStatus::Ok) {
        printError(loaded.error);
        return std::nullopt;
    }
    return std::move(loaded.dataset);
}

void addNetworkArguments(QCommandLineParser &parser)
{
    parser.addPositionalArgument("network", "A network JSON file, PyTorch code (a .py file, as a notebook cell "
                                            "writes it), a TorchScript model (.pt, scripted or traced) or preset:NAME.");
    parser.addOption({"input", "Override the input shape: C,H,W for images or C,L for signals (PyTorch code that "
                               "makes no input tensor needs it).", "shape"});
}

std::optional<NetworkSpec> loadNetworkSource(const QString &source, const std::optional<Shape> &input,
                                             const QString &inputOption)
{
    const bool torchScript = isTorchScriptFile(source);
    if (!isPythonFile(source) && !torchScript) {
        auto result = PresetLibrary().load(source);
        if (!result.spec) {
            printError(QString::fromStdString(result.error));
            return std::nullopt;
        }
        if (input)
            result.spec->input = *input;
        return result.spec;
    }
    PythonNetworkRead read = torchScript ? loadTorchScriptNetwork(source) : loadPythonNetworkFile(source);
    if (!read.spec) {
        printError(QString::fromStdString(read.error));
        return std::nullopt;
    }
    if (input) {
        read.spec->input = *input;
    } else if (!read.inputInCode) {
        QStringList suggested;
        for (auto v : read.spec->input)
            suggested << QString::number(v);
        printError(QString("%1: the %4 does not say its input size; give %2%3.")
                       .arg(QFileInfo(source).fileName(), inputOption,
                            suggested.isEmpty() ? QString() : " (its first layer suggests " + suggested.join(',') + ")",
                            torchScript ? "model" : "code"));
        return std::nullopt;
    }
    return read.spec;
}

std::optional<NetworkSpec> loadNetworkArgument(const QCommandLineParser &parser)
{
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        printError("Give exactly one network: a JSON file, a .py file or preset:NAME (see 'convscope-cli presets').");
        return std::nullopt;
    }
    std::optional<Shape> input;
    if (parser.isSet("input")) {
        input = parseCommaShape(parser.value("input"));
        if (!input) {
            printError("--input: \"" + parser.value("input") + "\" is not a shape; write C,H,W such as 1,15,15 or C,L such as 1,6000.");
            return std::nullopt;
        }
    }
    return loadNetworkSource(positional.front(), input, "--input C,H,W or C,L");
}

QJsonValue shapeToJson(const Shape &shape)
{
    QJsonArray array;
    for (auto v : shape)
        array.append(static_cast<double>(v));
    return array;
}

void printJson(const QJsonValue &value)
{
    const QJsonDocument document = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    std::fputs(document.toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void printError(const QString &message)
{
    std::fputs(qPrintable(message + "\n"), stderr);
}

/// --model: a checkpoint file or a built-in model.
QCommandLineOption modelOption()
{
    return {"model", QString("A checkpoint saved by train --save or the Training tab, a TorchScript model of the "
                             "spoken digits (.pt: 1x6000 samples or 13x74 MFCCs in, 10 digits out) or a built-in "
                             "model: %1 (the voice preset trained on all of FSDD).").arg(BuiltinModels::names().join(", ")),
            "file"};
}

/// Parses the arguments and reads --model; prints what is wrong and returns nullptr when it cannot.
std::unique_ptr<TrainedModel> loadModelOption(const QCommandLineParser &parser)
{
    if (!parser.isSet("model")) {
        printError(QString("Give the model to use: --model FILE (a checkpoint saved by train --save or the Training "
                           "tab) or --model %1.").arg(BuiltinModels::kVoice));
        return nullptr;
    }
    return loadModelFile(parser.value("model"));
}

std::unique_ptr<TrainedModel> loadModelFile(const QString &path)
{
    QString error;
    auto model = TrainedModel::load(path, &error);
    if (!model)
        printError(error);
    return model;
}

}  // namespace convscope::cli
