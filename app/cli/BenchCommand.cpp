// convscope-cli bench: ConvScope's trainer against the Python PyTorch reference, measured in the same run.
#include "CliCommands.h"
#include "CliCommon.h"

#include "data/DatasetScanner.h"
#include "data/FeatureCache.h"
#include "network/PresetLibrary.h"
#include "train/ProgressJson.h"
#include "train/Trainer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <map>

namespace convscope::cli {

namespace {

/// ConvScope's own presets, which the Python reference does not have: bench prints their speed beside the others'
/// (and their ratio to mfcc's), without a Python figure.
const QStringList kPresetsWithoutReference{"voice"};

/// Runs the reference script once; returns its JSON line per model, keyed by model name.
std::map<QString, QJsonObject> runReference(const QString &script, const QString &data, const QStringList &models,
                                            int epochs, int threads, QString *error)
{
    QStringList arguments{script, "--data", data, "--epochs", QString::number(epochs), "--models"};
    arguments << models;
    if (threads > 0)
        arguments << "--threads" << QString::number(threads);
    QProcess python;
    python.start("/usr/bin/python3", arguments);
    std::map<QString, QJsonObject> results;
    if (!python.waitForFinished(-1) || python.exitCode() != 0) {
        *error = "The Python reference failed (needs python3-torch, python3-numpy, python3-scipy): "
                 + QString::fromUtf8(python.readAllStandardError()).trimmed();
        return results;
    }
    for (const QByteArray &line : python.readAllStandardOutput().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.contains("model"))
            results[o["model"].toString()] = o;
    }
    return results;
}

/// Trains one preset like the reference (same split, no shuffling, same epochs) and returns its numbers.
/// threads 0 means ConvScope's default: all cores but one.
QJsonObject runOurs(const QString &model, const FeatureCache &cache, int epochs, int threads)
{
    const PresetLibrary presets;
    TrainingConfig config = *TrainingConfig::forPreset(model, *presets.find(model.toStdString()));
    config.epochs = epochs;
    config.threads = threads;
    config.shuffle = false;
    QString error;
    auto trainer = Trainer::create(config, cache, &error);
    if (!trainer)
        return {{"error", error}};
    TrainingControl control;
    const TrainingSummary s = trainer->run(control);
    QJsonObject result = summaryToJson(s);
    result["threads"] = config.resolvedThreads();
    return result;
}

/// Each preset without a reference figure gets its speed as a fraction of ConvScope's mfcc speed.
void addSpeedRelativeToMfcc(QJsonObject &modeReport)
{
    const auto speedOf = [&](const QString &model) {
        return modeReport[model].toObject()["convscope"].toObject()["examples_per_second"].toDouble();
    };
    for (const QString &own : kPresetsWithoutReference) {
        if (!modeReport.contains(own) || !(speedOf("mfcc") > 0))
            continue;
        QJsonObject entry = modeReport[own].toObject();
        entry["relative_to_mfcc"] = speedOf(own) / speedOf("mfcc");
        modeReport[own] = entry;
    }
}

}  // namespace

int runBench(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        {"data", "The FSDD recordings folder.", "dir"},
        {"reference", "The Python reference script (notebook_reference.py).", "file"},
        {"models", "Comma-separated presets to compare (default plain,mfcc); voice, which the reference does not have, "
                   "is timed beside mfcc (relative_to_mfcc).", "list", "plain,mfcc"},
        {"epochs", "Epochs per model on both sides (default 2).", "n", "2"},
    });
    if (auto exit = parseArguments(parser, arguments,
                                   "Trains the same models for the same epochs with ConvScope and with the Python "
                                   "PyTorch reference, (a) at one thread each and (b) at each side's default "
                                   "threads, and prints examples-per-second ratios (ConvScope / Python) as JSON."))
        return *exit;
    if (!parser.isSet("data") || !parser.isSet("reference")) {
        printError("Give --data DIR and --reference notebook_reference.py.");
        return InvalidInput;
    }
    const QStringList models = parser.value("models").split(',', Qt::SkipEmptyParts);
    const PresetLibrary presets;
    for (const QString &model : models.isEmpty() ? QStringList{QString()} : models) {
        if (!presets.find(model.toStdString()) || !TrainingConfig::forPreset(model, {})) {
            printError("--models: \"" + model + "\" is not a trainable preset; use a comma-separated list of "
                       + trainablePresetIds().join(", ") + ".");
            return InvalidInput;
        }
    }
    const int epochs = parser.value("epochs").toInt();
    if (epochs < 1) {
        printError("--epochs: give a whole number of at least 1.");
        return InvalidInput;
    }

    QElapsedTimer loading;
    loading.start();
    const auto dataset = loadDatasetArgument(parser.value("data"));
    if (!dataset)
        return InvalidInput;
    auto built = FeatureCache::build(*dataset);
    if (!built.cache) {
        printError(built.error);
        return Failure;
    }
    const double loadSeconds = loading.nsecsElapsed() / 1e9;

    QJsonObject report{{"epochs", epochs}, {"load_seconds", loadSeconds}};
    for (const auto &[mode, threads] : std::vector<std::pair<QString, int>>{{"equal_threads", 1}, {"defaults", 0}}) {
        QString error;
        QStringList referenceModels = models;
        for (const QString &own : kPresetsWithoutReference)
            referenceModels.removeAll(own);
        const auto reference = referenceModels.isEmpty() ? std::map<QString, QJsonObject>{}
                                                         : runReference(parser.value("reference"), dataset->folder,
                                                                        referenceModels, epochs, threads, &error);
        if (!error.isEmpty()) {
            printError(error);
            return Failure;
        }
        QJsonObject modeReport;
        for (const QString &model : models) {
            const QJsonObject python = reference.count(model) ? reference.at(model) : QJsonObject{};
            const QJsonObject ours = runOurs(model, *built.cache, epochs, threads);
            const double ratio = python["examples_per_sec"].toDouble() > 0
                                     ? ours["examples_per_second"].toDouble() / python["examples_per_sec"].toDouble()
                                     : 0.0;
            modeReport[model] = QJsonObject{{"convscope", ours}, {"python", python}, {"speedup", ratio}};
            if (model == models.front() && mode == "defaults")
                report["python_load_seconds"] = python["load_seconds"];
        }
        addSpeedRelativeToMfcc(modeReport);
        report[mode] = modeReport;
    }
    printJson(report);
    return Success;
}

}  // namespace convscope::cli
