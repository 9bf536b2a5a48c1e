// convscope-cli bench: ConvScope's trainer against the Python PyTorch reference, measured in the same run.
#include "BenchReport.h"
#include "CliCommands.h"
#include "CliCommon.h"

#include "compute/Sgemm.h"
#include "data/DatasetScanner.h"
#include "data/FeatureCache.h"
#include "network/PresetLibrary.h"
#include "network/PythonCode.h"
#include "train/BlasThreads.h"
#include "train/ProgressJson.h"
#include "train/Trainer.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <functional>
#include <limits>
#include <map>

namespace convscope::cli {

namespace {

/// A thread count both sides train at.
struct ThreadMode {
    QString name;
    int threads = 1;
};

std::vector<ThreadMode> threadModes()
{
    ThreadMode one;
    one.name = "one_thread";
    one.threads = 1;
    ThreadMode all;
    all.name = "all_cores";
    all.threads = QThread::idealThreadCount();
    return {one, all};
}

/// Runs a Python script to the end; returns its JSON lines per model, keyed by model name.
std::map<QString, QJsonObject> runPython(const QStringList &arguments, QString *error)
{
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

/// Runs the reference script once; returns its JSON line per model, keyed by model name.
std::map<QString, QJsonObject> runReference(const QString &script, const QString &data, const QStringList &models,
                                            int epochs, int threads, QString *error)
{
    QStringList arguments{script, "--data", data, "--epochs", QString::number(epochs), "--models"};
    arguments << models << "--threads" << QString::number(threads);
    return runPython(arguments, error);
}

/**
 * For a preset the reference script does not have: Python PyTorch training the same network (as `convscope-cli
 * code` prints it) with the preset's batch size and SGD settings, on as many examples per epoch as the preset's
 * split trains on (resources/bench/network_reference.py). Returns its JSON line, or an empty object with `error`
 * set.
 */
QJsonObject runNetworkReference(const QString &model, const FeatureCache &cache, int epochs, int threads,
                                QString *error)
{
    const PresetLibrary presets;
    const TrainingConfig config = *TrainingConfig::forPreset(model, *presets.find(model.toStdString()));
    const auto trainingClips = static_cast<qint64>(cache.split(config.split).train.size());
    const QTemporaryDir folder;
    const QString script = folder.filePath("network_reference.py"), network = folder.filePath("network.py");
    QFile code(network);
    if (!folder.isValid() || !QFile::copy(":/bench/network_reference.py", script) || !code.open(QIODevice::WriteOnly)
        || code.write(QByteArray::fromStdString(toPyTorchCode(config.network))) < 0 || !code.flush()) {
        *error = "Could not write the Python reference for " + model + " to " + folder.path() + ".";
        return {};
    }
    QStringList shape;
    for (const std::int64_t size : config.network.input)
        shape << QString::number(size);
    const QStringList arguments{script, "--network", network, "--model", model, "--input", shape.join(','),
                                "--examples", QString::number(trainingClips), "--epochs", QString::number(epochs),
                                "--batch", QString::number(config.batchSize), "--lr",
                                QString::number(config.learningRate), "--momentum", QString::number(config.momentum),
                                "--weight-decay", QString::number(config.weightDecay), "--label-smoothing",
                                QString::number(config.labelSmoothing), "--threads", QString::number(threads)};
    auto results = runPython(arguments, error);
    return results.count(model) ? results[model] : QJsonObject{};
}

/// Trains one preset like the reference (same split, no shuffling, same epochs) and returns its numbers; with
/// `layerStatistics`, measuring every layer at each progress point as the GUI does (TrainingConfig::layerStatistics).
QJsonObject runOurs(const QString &model, const FeatureCache &cache, int epochs, int threads, bool layerStatistics)
{
    const PresetLibrary presets;
    TrainingConfig config = *TrainingConfig::forPreset(model, *presets.find(model.toStdString()));
    config.epochs = epochs;
    config.threads = threads;
    config.shuffle = false;
    config.layerStatistics = layerStatistics;
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

/// GFLOP/s of the best of several 1024 × 1024 × 1024 float GEMMs by `gemm` (after one warm-up).
double bestGemmGflops(const std::function<void()> &gemm)
{
    constexpr double n = 1024;
    constexpr int repeats = 5;
    gemm();
    double best = std::numeric_limits<double>::infinity();
    for (int r = 0; r < repeats; ++r) {
        QElapsedTimer timer;
        timer.start();
        gemm();
        best = std::min(best, timer.nsecsElapsed() / 1e9);
    }
    return 2.0 * n * n * n / best / 1e9;
}

/// This machine's GEMM speed at `threads` threads: convscope::sgemm (oneDNN, the trainer's kernels') and torch::mm
/// (LibTorch's own, the system OpenBLAS), for reference.
QJsonObject measureGemm(int threads)
{
    constexpr std::int64_t n = 1024;
    torch::set_num_threads(threads);  // also OpenMP's count, which oneDNN uses
    limitBlasThreads(threads);
    const torch::Tensor a = torch::rand({n, n}), b = torch::rand({n, n});
    torch::Tensor c = torch::empty({n, n});
    QJsonObject result;
    result["threads"] = threads;
    result["sgemm_gflops_per_second"] = bestGemmGflops([&] {
        sgemm(false, false, n, n, n, 1.0f, a.data_ptr<float>(), n, b.data_ptr<float>(), n, 0.0f, c.data_ptr<float>(),
              n);
    });
    result["torch_mm_gflops_per_second"] = bestGemmGflops([&] { torch::mm_out(c, a, b); });
    return result;
}

/// Keeps in `best` whichever of it and `candidate` has the higher `speedKey`.
void keepFaster(QJsonObject &best, const QJsonObject &candidate, const QString &speedKey)
{
    if (best.isEmpty() || candidate[speedKey].toDouble() > best[speedKey].toDouble())
        best = candidate;
}

/// Each side's fastest run so far of one thread mode, per model (ours also with layer statistics).
struct ModeBest {
    std::map<QString, QJsonObject> python, ours, oursWithStatistics;
};

/// One round of one thread mode: the reference's runs and ours for every model, each kept in `best` when faster.
/// Returns false (having printed why) when the reference failed.
bool runRound(const QCommandLineParser &parser, const QString &folder, const QStringList &models,
              const FeatureCache &cache, const ThreadMode &mode, ModeBest &best)
{
    const int epochs = parser.value("epochs").toInt();
    QStringList referenceModels = models;
    for (const QString &own : kPresetsWithoutReference)
        referenceModels.removeAll(own);
    QString error;
    const auto reference = referenceModels.isEmpty() ? std::map<QString, QJsonObject>{}
                                                     : runReference(parser.value("reference"), folder, referenceModels,
                                                                    epochs, mode.threads, &error);
    if (!error.isEmpty()) {
        printError(error);
        return false;
    }
    for (const auto &[model, result] : reference)
        keepFaster(best.python[model], result, "examples_per_sec");
    for (const QString &own : kPresetsWithoutReference) {
        if (!models.contains(own))
            continue;
        const QJsonObject result = runNetworkReference(own, cache, epochs, mode.threads, &error);
        if (!error.isEmpty()) {
            printError(error);
            return false;
        }
        keepFaster(best.python[own], result, "examples_per_sec");
    }
    for (const QString &model : models) {  // without and with statistics in turn, so a slow spell hits both
        keepFaster(best.ours[model], runOurs(model, cache, epochs, mode.threads, false), "examples_per_second");
        keepFaster(best.oursWithStatistics[model], runOurs(model, cache, epochs, mode.threads, true),
                   "examples_per_second");
    }
    return true;
}

/// One thread mode's report: each side's fastest round, with the derived figures (BenchReport.h).
QJsonObject modeReport(const ModeBest &best, const QStringList &models, double sgemmGflops)
{
    QJsonObject report;
    for (const QString &model : models) {
        const QJsonObject reference = best.python.count(model) ? best.python.at(model) : QJsonObject{};
        const QJsonObject ours = best.ours.count(model) ? best.ours.at(model) : QJsonObject{};
        const double pythonSpeed = reference.value("examples_per_sec").toDouble();
        const double ratio = pythonSpeed > 0 ? ours["examples_per_second"].toDouble() / pythonSpeed : 0.0;
        const QJsonObject measured =
            best.oursWithStatistics.count(model) ? best.oursWithStatistics.at(model) : QJsonObject{};
        const double speed = ours["examples_per_second"].toDouble();
        const double measuredRatio = speed > 0 ? measured["examples_per_second"].toDouble() / speed : 0.0;
        report[model] = QJsonObject{{"convscope", ours},
                                    {"python", reference},
                                    {"speedup", ratio},
                                    {"convscope_layer_stats", measured},
                                    {"layer_stats_speed_ratio", measuredRatio}};
    }
    addDerivedFigures(report, sgemmGflops);
    return report;
}

/// The --models list ("all": every trainable preset); prints the error and returns nullopt when one is unknown.
std::optional<QStringList> parseModels(const QString &value)
{
    const QStringList models = value == "all" ? trainablePresetIds() : value.split(',', Qt::SkipEmptyParts);
    const PresetLibrary presets;
    for (const QString &model : models.isEmpty() ? QStringList{QString()} : models) {
        if (!presets.find(model.toStdString()) || !TrainingConfig::forPreset(model, {})) {
            printError("--models: \"" + model + "\" is not a trainable preset; use all or a comma-separated list of "
                       + trainablePresetIds().join(", ") + ".");
            return std::nullopt;
        }
    }
    return models;
}

/// Python's bare WAV read: the load_seconds of the first raw-input model the reference ran (its MFCC models
/// read a precomputed file instead); 0 when there is none.
double pythonLoadSeconds(const QJsonObject &modeReport, const QStringList &models)
{
    const PresetLibrary presets;
    for (const QString &model : models) {
        const auto config = TrainingConfig::forPreset(model, *presets.find(model.toStdString()));
        const QJsonObject python = modeReport[model].toObject()["python"].toObject();
        if (config->input == InputKind::Raw && python.contains("load_seconds"))
            return python["load_seconds"].toDouble();
    }
    return 0.0;
}

/// The recordings as the trainer reads them, and how long finding, reading and featurising them took.
struct LoadedClips {
    Dataset dataset;
    FeatureCache cache;
    double seconds = 0.0;
};

/// Loads the --data folder's clips; prints why and returns nothing when it cannot.
std::optional<LoadedClips> loadClips(const QString &folder)
{
    QElapsedTimer loading;
    loading.start();
    auto dataset = loadDatasetArgument(folder);
    if (!dataset)
        return std::nullopt;
    auto built = FeatureCache::build(*dataset);
    if (!built.cache) {
        printError(built.error);
        return std::nullopt;
    }
    const double seconds = loading.nsecsElapsed() / 1e9;
    return LoadedClips{std::move(*dataset), std::move(*built.cache), seconds};
}

}  // namespace

int runBench(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        {"data", "The FSDD recordings folder.", "dir"},
        {"reference", "The Python reference script (notebook_reference.py).", "file"},
        {"models", "Comma-separated presets to compare, or all (default plain,mfcc); voice, which the reference does "
                   "not have, against Python PyTorch training the same network (network_reference.py) and beside mfcc "
                   "(relative_to_mfcc).", "list", "plain,mfcc"},
        {"epochs", "Epochs per model on both sides (default 2).", "n", "2"},
        {"rounds", "Rounds, each running both thread modes in turn; each side's fastest round per mode counts "
                   "(default 1).", "n", "1"},
    });
    if (auto exit = parseArguments(parser, arguments,
                                   "Trains the same models for the same epochs with ConvScope and with the Python "
                                   "PyTorch reference, (a) at one thread each and (b) at all cores each, and prints "
                                   "speeds, ratios (ConvScope / Python), GFLOP/s and this machine's GEMM speed as "
                                   "JSON. ConvScope also trains each model with layer statistics "
                                   "(convscope_layer_stats, layer_stats_speed_ratio)."))
        return *exit;
    if (!parser.isSet("data") || !parser.isSet("reference")) {
        printError("Give --data DIR and --reference notebook_reference.py.");
        return InvalidInput;
    }
    const auto models = parseModels(parser.value("models"));
    if (!models)
        return InvalidInput;
    for (const QString option : {"epochs", "rounds"}) {
        if (parser.value(option).toInt() < 1) {
            printError("--" + option + ": give a whole number of at least 1.");
            return InvalidInput;
        }
    }

    std::optional<LoadedClips> clips = loadClips(parser.value("data"));  // first, so that a wrong folder fails fast
    if (!clips)
        return InvalidInput;
    // The modes take turns within each round (as the two sides do within a mode), so that a slow spell of a
    // shared machine slows both thread counts and `scaling` compares like with like. Each round also loads the
    // clips again, so that the load, like the reference's, is the fastest of the rounds.
    const std::vector<ThreadMode> modes = threadModes();
    QJsonObject gemm;
    for (const ThreadMode &mode : modes)
        gemm[mode.name] = measureGemm(mode.threads);
    std::vector<ModeBest> best(modes.size());
    double loadSeconds = clips->seconds;
    for (int round = 0; round < parser.value("rounds").toInt(); ++round) {
        if (round > 0 && !(clips = loadClips(parser.value("data"))))
            return InvalidInput;
        loadSeconds = std::min(loadSeconds, clips->seconds);
        for (std::size_t m = 0; m < modes.size(); ++m)
            if (!runRound(parser, clips->dataset.folder, *models, clips->cache, modes[m], best[m]))
                return Failure;
    }
    QJsonObject report{{"epochs", parser.value("epochs").toInt()},
                       {"rounds", parser.value("rounds").toInt()},
                       {"load_seconds", loadSeconds}};
    for (std::size_t m = 0; m < modes.size(); ++m)
        report[modes[m].name] =
            modeReport(best[m], *models, gemm[modes[m].name].toObject()["sgemm_gflops_per_second"].toDouble());
    report["gemm"] = gemm;
    report["scaling"] = scalingOf(report["one_thread"].toObject(), report["all_cores"].toObject());
    if (const double python = pythonLoadSeconds(report["one_thread"].toObject(), *models); python > 0) {
        report["python_load_seconds"] = python;
        report["load_ratio"] = loadSeconds / python;
    }
    printJson(report);
    return Success;
}

}  // namespace convscope::cli
