// The network subcommands: inspect, presets, code.
#include "CliCommands.h"
#include "CliCommon.h"

#include "network/NetworkAnalysis.h"
#include "network/PythonCode.h"
#include "receptive/AnalyticReceptiveField.h"
#include "train/PythonWeights.h"
#include "train/TrainedModel.h"

#include <QJsonArray>
#include <QDir>
#include <QFileInfo>
#include <QJsonObject>

#include <cstdio>

namespace convscope::cli {

namespace {

QJsonArray axesToJson(const std::array<std::int64_t, 2> &v, int dims)
{
    QJsonArray array{static_cast<double>(v[0])};
    if (dims == 2)
        array.append(static_cast<double>(v[1]));
    return array;
}

QJsonObject issueToJson(const ValidationIssue &issue)
{
    return {{"layer", issue.layer}, {"field", QString::fromStdString(issue.field)},
            {"message", QString::fromStdString(issue.message)}, {"hint", QString::fromStdString(issue.hint)},
            {"text", QString::fromStdString(issue.text())}};
}

}  // namespace

int runInspect(const QStringList &arguments)
{
    QCommandLineParser parser;
    addNetworkArguments(parser);
    const QCommandLineOption allOps("count-all-ops",
                                    "Add BatchNorm, pooling and activations to total_macs (by default only "
                                    "convolutions and linear layers count, as torchvision's figures).");
    parser.addOption(allOps);
    if (auto exit = parseArguments(parser, arguments,
                                   "Shapes, parameter counts and multiply-accumulates (MACs; FLOPs = 2 × MACs) with "
                                   "formulas, analytic receptive fields and every validation problem of a network, "
                                   "as JSON."))
        return *exit;
    const auto spec = loadNetworkArgument(parser);
    if (!spec)
        return InvalidInput;

    const NetworkAnalysis analysis = analyzeNetwork(*spec);
    const bool spatialValid = analysis.inputIssues.empty();
    const auto fields = spatialValid ? analyticReceptiveFields(*spec) : std::vector<AnalyticField>{};
    const int dims = spec->inputDims();
    QJsonArray layers;
    for (std::size_t i = 0; i < analysis.layers.size(); ++i) {
        const LayerAnalysis &layer = analysis.layers[i];
        QJsonObject entry{{"layer", static_cast<int>(i + 1)},
                          {"type", QString::fromStdString(layer.resolved.typeName())},
                          {"label", QString::fromStdString(layer.resolved.label())},
                          {"output_shape", layer.output.empty() ? QJsonValue() : shapeToJson(layer.output)},
                          {"params", static_cast<double>(layer.parameters.count)},
                          {"formula", QString::fromStdString(layer.parameters.formula)},
                          {"macs", static_cast<double>(layer.macs.count)},
                          {"other_ops", static_cast<double>(layer.macs.auxiliary)},
                          {"macs_formula", QString::fromStdString(layer.macs.formula)}};
        if (i < fields.size() && layer.valid())
            entry["rf"] = QJsonObject{{"size", axesToJson(fields[i].size, dims)},
                                      {"jump", axesToJson(fields[i].jump, dims)},
                                      {"start", axesToJson(fields[i].start, dims)},
                                      {"aligned", fields[i].aligned}};
        layers.append(entry);
    }
    QJsonArray errors;
    for (const auto &issue : analysis.allIssues())
        errors.append(issueToJson(issue));
    const auto shapes = analysis.shapes();
    printJson(QJsonObject{{"name", QString::fromStdString(spec->name)},
                          {"input", shapeToJson(spec->input)},
                          {"layers", layers},
                          {"output_shape", shapes.empty() ? QJsonValue() : shapeToJson(shapes.back())},
                          {"total_params", static_cast<double>(analysis.totalParameters)},
                          {"total_macs", static_cast<double>(analysis.macs(parser.isSet(allOps)))},
                          {"valid", analysis.ok()},
                          {"errors", errors}});
    for (const auto &issue : analysis.allIssues())
        printError(QString::fromStdString(issue.text()));
    return analysis.ok() ? Success : InvalidInput;
}

int runPresets(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (auto exit = parseArguments(parser, arguments, "Lists the built-in networks (use them as preset:ID)."))
        return *exit;
    const PresetLibrary presets;
    for (const auto &error : presets.errors())
        printError(QString::fromStdString(error));
    QJsonArray list;
    for (const auto &id : presets.ids()) {
        const NetworkSpec &spec = *presets.find(id);
        list.append(QJsonObject{{"id", QString::fromStdString(id)},
                                {"name", QString::fromStdString(spec.name)},
                                {"input", shapeToJson(spec.input)},
                                {"params", static_cast<double>(analyzeNetwork(spec).totalParameters)},
                                {"description", QString::fromStdString(spec.description)}});
    }
    printJson(list);
    return presets.errors().empty() ? Success : Failure;
}

namespace {

/// code --weights CHECKPOINT: the checkpoint's network, its weights in a file torch.load reads, and two lines that
/// load them.
int runCodeWithWeights(const QCommandLineParser &parser)
{
    if (!parser.positionalArguments().isEmpty()) {
        printError("With --weights the network is the checkpoint's; give no other network.");
        return InvalidInput;
    }
    const QString checkpoint = parser.value("weights");
    const auto model = loadModelFile(checkpoint);
    if (!model)
        return InvalidInput;
    const QFileInfo info(checkpoint);
    const QString weights = parser.isSet("weights-file") ? parser.value("weights-file")
                                                         : info.dir().filePath(info.completeBaseName() + ".pt");
    if (const QString failed = savePythonWeights(checkpoint, weights); !failed.isEmpty()) {
        printError(failed);
        return Failure;
    }
    std::fputs(toPyTorchCodeWithWeights(model->config().network, weights).c_str(), stdout);
    return Success;
}

}  // namespace

int runCode(const QStringList &arguments)
{
    QCommandLineParser parser;
    addNetworkArguments(parser);
    parser.addOption({"weights", "Print the network of a checkpoint (saved by train --save or the Training tab) and "
                                 "write its weights to a file Python's torch.load reads, with the two lines that load "
                                 "them.", "checkpoint"});
    parser.addOption({"weights-file", "Where --weights writes the weights (default: the checkpoint's name with .pt).",
                      "file"});
    if (auto exit = parseArguments(parser, arguments, "Prints a network as PyTorch code (torch.nn.Sequential)."))
        return *exit;
    if (parser.isSet("weights"))
        return runCodeWithWeights(parser);
    const auto spec = loadNetworkArgument(parser);
    if (!spec)
        return InvalidInput;
    std::fputs(toPyTorchCode(*spec).c_str(), stdout);
    return Success;
}

}  // namespace convscope::cli
