// convscope-cli predict, evaluate and activations: a saved model (its checkpoint alone, no dataset) on any
// recordings.
#include "CliCommands.h"
#include "CliCommon.h"

#include "audio/AudioDecoder.h"
#include "data/DatasetScanner.h"
#include "train/BuiltinModels.h"
#include "train/TrainedModel.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <map>
#include <memory>

namespace convscope::cli {

namespace {

/// --model: a checkpoint file or a built-in model.
QCommandLineOption modelOption()
{
    return {"model", QString("A checkpoint saved by train --save or the Training tab, or a built-in model: %1 (the "
                             "voice preset trained on all of FSDD).").arg(BuiltinModels::names().join(", ")),
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
    QString error;
    auto model = TrainedModel::load(parser.value("model"), &error);
    if (!model)
        printError(error);
    return model;
}

int predictedDigit(const std::array<double, 10> &probabilities)
{
    return static_cast<int>(std::max_element(probabilities.begin(), probabilities.end()) - probabilities.begin());
}

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

/// {"accuracy": correct / count or null, "count": count}
QJsonObject accuracyJson(int correct, int count)
{
    return {{"accuracy", count ? QJsonValue(static_cast<double>(correct) / count) : QJsonValue()}, {"count", count}};
}

/// What evaluate counts: the confusion matrix and right answers per speaker.
struct Tally {
    std::array<std::array<int, 10>, 10> confusion{};  ///< [truth][predicted]
    std::map<QString, std::pair<int, int>> speakers;  ///< correct, count
    int correct = 0, count = 0;

    void add(const RecordingName &name, int predicted)
    {
        ++confusion[name.digit][predicted];
        auto &speaker = speakers[name.speaker];
        ++speaker.second;
        ++count;
        if (predicted == name.digit) {
            ++speaker.first;
            ++correct;
        }
    }

    QJsonObject toJson() const
    {
        QJsonArray perDigit, perSpeaker, rows;
        for (int d = 0; d < 10; ++d) {
            QJsonArray row;
            int total = 0;
            for (int p = 0; p < 10; ++p) {
                row.append(confusion[d][p]);
                total += confusion[d][p];
            }
            rows.append(row);
            QJsonObject digit = accuracyJson(confusion[d][d], total);
            digit["digit"] = d;
            perDigit.append(digit);
        }
        for (const auto &[name, counts] : speakers) {
            QJsonObject speaker = accuracyJson(counts.first, counts.second);
            speaker["speaker"] = name;
            perSpeaker.append(speaker);
        }
        QJsonObject o = accuracyJson(correct, count);
        o["per_digit"] = perDigit;
        o["per_speaker"] = perSpeaker;
        o["confusion"] = rows;
        return o;
    }
};

}  // namespace

int runPredict(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(modelOption());
    parser.addPositionalArgument("WAV...", "Recordings of one spoken digit each: any sample rate, mono or stereo.");
    if (auto exit = parseArguments(parser, arguments,
                                   "Prints one JSON line per recording: file, digit and probabilities (ten values, "
                                   "digits 0-9), or file and error when it cannot be read (the exit code is then 1)."))
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
        printJson(QJsonObject{{"file", file}, {"digit", predictedDigit(probabilities)}, {"probabilities", values}});
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
    const DatasetLoadResult loaded = DatasetScanner::load(parser.value("data"));
    if (loaded.status != LoadStatus::Ok) {
        printError("--data: " + loaded.error);
        return InvalidInput;
    }
    Tally tally;
    for (const DatasetItem &item : loaded.dataset.items)
        tally.add(item.name, predictedDigit(model->classProbabilities(item.samples)));
    QJsonArray skipped;
    for (const SkippedFile &file : loaded.dataset.skipped)
        skipped.append(QJsonObject{{"file", file.file}, {"reason", file.reason}});
    QJsonObject report = tally.toJson();
    report["skipped"] = skipped;
    printJson(report);
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
