// convscope-cli predict, evaluate and activations: a saved model (its checkpoint alone, no dataset) on any
// recordings.
#include "CliCommands.h"
#include "CliCommon.h"

#include "audio/AudioDecoder.h"
#include "train/BuiltinModels.h"
#include "train/Calibration.h"
#include "train/FolderEvaluation.h"
#include "train/TrainedModel.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <memory>

namespace convscope::cli {

namespace {

/// One activation entry as JSON: its index, what it is (the input, or network layer index - 1 by its label), shape
/// and values.
QJsonObject activationJson(const ActivationSnapshot &snapshot, std::size_t index)
{
    const LayerActivation &activation = snapshot.activations[index];
    QJsonArray shape, values;
    for (std::int64_t size : activation.shape)
        shape.append(static_cast<qint64>(size));
    for (float value : activation.values)
        values.append(static_cast<double>(value));
    const QString name = index == 0 ? QString("input")
                                    : QString::fromStdString(snapshot.network.layers[index - 1].label());
    return QJsonObject{{"index", static_cast<qint64>(index)}, {"name", name}, {"shape", shape}, {"values", values}};
}

}  // namespace

int runPredict(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(modelOption());
    parser.addPositionalArgument("WAV...", "Recordings of one spoken digit each: any sample rate, mono or stereo.");
    if (auto exit = parseArguments(parser, arguments,
                                   "Prints one JSON line per recording: file, digit, confidence (its probability), "
                                   "unsure (true below " + QString::number(kUnsureBelow) + ": say the digit again), "
                                   "runner_up (the second best digit) and probabilities (ten values, digits 0-9), "
                                   "or file and error when it cannot be read (the exit code is then 1)."))
        return *exit;
    if (parser.positionalArguments().isEmpty()) {
        printError("Give at least one recording to predict (WAV, FLAC, ... anything libsndfile reads).");
        return InvalidInput;
    }
    const auto model = loadModelOption(parser);
    if (!model)
        return InvalidInput;
    int result = Success;
    for (const QString &file : parser.positionalArguments()) {
        const DecodeResult decoded = AudioDecoder::decodeFile(file);
        if (!decoded.clip) {
            printJson(QJsonObject{{"file", file}, {"error", decoded.error}});
            result = Failure;
            continue;
        }
        const auto probabilities = model->classProbabilities(decoded.clip->samples);
        QJsonArray values;
        for (double p : probabilities)
            values.append(p);
        const DigitAnswer answer = answerOf(probabilities);
        printJson(QJsonObject{{"file", file},
                              {"digit", answer.digit},
                              {"confidence", answer.confidence},
                              {"unsure", answer.unsure},
                              {"runner_up", answer.runnerUp},
                              {"probabilities", values}});
    }
    return result;
}

int runEvaluate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(modelOption());
    parser.addOption({"data", "A folder of {digit}_{speaker}_{take}.wav recordings (any sample rate, stereo too).",
                      "dir"});
    if (auto exit = parseArguments(parser, arguments,
                                   "Prints one JSON object: accuracy, count, per_digit and per_speaker (accuracy and "
                                   "count), confusion (10x10, [truth][predicted]) and skipped (files not used, with "
                                   "the reason)."))
        return *exit;
    if (!parser.isSet("data")) {
        printError("Give the recordings to evaluate on: --data DIR (files named {digit}_{speaker}_{take}.wav).");
        return InvalidInput;
    }
    const auto model = loadModelOption(parser);
    if (!model)
        return InvalidInput;
    const FolderEvaluation evaluation = evaluateFolder(*model, parser.value("data"));
    if (!evaluation.ok()) {
        printError("--data: " + evaluation.error);
        return InvalidInput;
    }
    printJson(evaluation.toJson());
    return Success;
}

int runActivations(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(modelOption());
    parser.addOption({"layer", "Only activation N: 0 is the network's input after its preprocessing, N the output of "
                               "the network's layer N (counted from 1).", "N"});
    parser.addPositionalArgument("WAV", "One recording of a spoken digit: any sample rate, mono or stereo.");
    if (auto exit = parseArguments(parser, arguments,
                                   "Prints one JSON object: file, digit, probabilities and layers, each layer with its "
                                   "index, name, shape (without the batch axis) and row-major values."))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        printError("Give exactly one recording (WAV, FLAC, ... anything libsndfile reads).");
        return InvalidInput;
    }
    const auto model = loadModelOption(parser);
    if (!model)
        return InvalidInput;
    const QString file = parser.positionalArguments().front();
    const DecodeResult decoded = AudioDecoder::decodeFile(file);
    if (!decoded.clip) {
        printError(decoded.error);
        return InvalidInput;
    }
    const ActivationSnapshot snapshot = model->snapshot(decoded.clip->samples);
    std::size_t first = 0, last = snapshot.activations.size() - 1;
    if (parser.isSet("layer")) {
        bool ok = false;
        const int layer = parser.value("layer").toInt(&ok);
        if (!ok || layer < 0 || static_cast<std::size_t>(layer) > last) {
            printError(QString("--layer: \"%1\" is not an activation of this model; use 0 (the input) to %2 (the "
                               "scores).").arg(parser.value("layer")).arg(last));
            return InvalidInput;
        }
        first = last = static_cast<std::size_t>(layer);
    }
    QJsonArray layers, probabilities;
    for (std::size_t i = first; i <= last; ++i)
        layers.append(activationJson(snapshot, i));
    for (double p : snapshot.probabilities)
        probabilities.append(p);
    printJson(QJsonObject{{"file", file}, {"digit", snapshot.predicted()}, {"probabilities", probabilities},
                          {"layers", layers}});
    return Success;
}

}  // namespace convscope::cli
