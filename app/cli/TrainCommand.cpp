// convscope-cli train: the assignment's training runs without a window, one JSON line per epoch.
#include "CliCommands.h"
#include "CliCommon.h"
#include "TrainingOptions.h"

#include "data/DatasetScanner.h"
#include "data/FeatureCache.h"
#include "train/Calibration.h"
#include "train/Convergence.h"
#include "train/VoiceAdaptation.h"
#include "train/ProgressJson.h"
#include "train/Trainer.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

#include <csignal>

namespace convscope::cli {

namespace {

TrainingControl *g_control = nullptr;  // for the SIGINT handler only

extern "C" void onInterrupt(int)
{
    if (g_control)
        g_control->interrupt();
}

/// The final line: the run's summary and the convergence verdict of the same rule the runs table uses.
QJsonObject finalLine(const TrainingSummary &summary, const std::vector<TrainingProgress> &history, int epochsTarget)
{
    QJsonObject line = summaryToJson(summary);
    const ConvergenceVerdict verdict = judgeConvergence(history, epochsTarget, summary);
    line["converged"] = verdict.known ? QJsonValue(verdict.converged) : QJsonValue();
    line["convergence"] = verdict.reason;
    return line;
}

/// How well the held-out speakers' confidences say how often the model is right, before and after a temperature
/// fitted on them (Calibration.h): the figures docs/speakers.md reports, and the temperature the voice preset keeps.
QJsonObject calibrationOf(const TestPredictions &pooled, double presetTemperature)
{
    const double fitted = fitTemperature(pooled.probabilities, pooled.truths);
    const auto scaled = [&](double temperature) {
        std::vector<std::array<double, 10>> out;
        for (const auto &p : pooled.probabilities)
            out.push_back(withTemperature(p, temperature));
        return out;
    };
    const auto confidentErrors = [&](const std::vector<std::array<double, 10>> &probabilities) {
        int count = 0;
        for (std::size_t i = 0; i < probabilities.size(); ++i) {
            const DigitAnswer answer = answerOf(probabilities[i]);
            count += answer.digit != pooled.truths[i] && answer.confidence > 0.99;
        }
        return count;
    };
    const auto preset = scaled(presetTemperature), after = scaled(fitted);
    // The smallest temperature from the fitted one up (in steps of 0.05) at which no wrong answer is above 0.99.
    double cautious = fitted;
    while (cautious < 5.0 && confidentErrors(scaled(cautious)) > 0)
        cautious += 0.05;
    return {{"temperature_fitted", fitted},
            {"temperature_without_wrong_above_0_99", cautious},
            {"ece_at_that_temperature", expectedCalibrationError(scaled(cautious), pooled.truths)},
            {"ece_before", expectedCalibrationError(pooled.probabilities, pooled.truths)},
            {"ece_after", expectedCalibrationError(after, pooled.truths)},
            {"ece_at_config_temperature", expectedCalibrationError(preset, pooled.truths)},
            {"wrong_above_0_99_before", confidentErrors(pooled.probabilities)},
            {"wrong_above_0_99_at_config_temperature", confidentErrors(preset)}};
}

/// One run on one split; prints epoch lines (tagged with `speaker` for leave-one-speaker-out). With `predictions`,
/// appends the test set's probabilities and digits to it.
std::optional<QJsonObject> trainOnce(const TrainingConfig &config, const FeatureCache &cache,
                                     const QString &savePath, const QString &speaker,
                                     TestPredictions *predictions = nullptr)
{
    QString error;
    auto trainer = Trainer::create(config, cache, &error);
    if (!trainer) {
        printError(error);
        return std::nullopt;
    }
    TrainingControl control;
    g_control = &control;
    std::signal(SIGINT, onInterrupt);
    Trainer::Callbacks callbacks;
    callbacks.progress = [&](const TrainingProgress &point) {
        if (!point.epochEnd)
            return;
        QJsonObject line = progressToJson(point);
        line.remove("epoch_end");  // every line printed is an epoch end
        if (!speaker.isEmpty())
            line["speaker"] = speaker;
        printJson(line);
    };
    callbacks.warning = [](const QString &message) { printError("Warning: " + message); };
    const TrainingSummary summary = trainer->run(control, callbacks);
    std::signal(SIGINT, SIG_DFL);
    g_control = nullptr;
    if (!summary.message.isEmpty())
        printError(summary.message);
    if (predictions) {
        const TestPredictions more = trainer->testPredictions();
        predictions->probabilities.insert(predictions->probabilities.end(), more.probabilities.begin(),
                                          more.probabilities.end());
        predictions->truths.insert(predictions->truths.end(), more.truths.begin(), more.truths.end());
    }
    if (!savePath.isEmpty()) {
        const QString saveError = trainer->saveCheckpoint(savePath);
        if (!saveError.isEmpty())
            printError(saveError);
    }
    return finalLine(summary, trainer->history(), config.epochs);
}

/// `path` with "-speaker" before its extension (loso-george.cspt), or empty when `path` is.
QString perSpeakerPath(const QString &path, const QString &speaker)
{
    if (path.isEmpty())
        return {};
    const QFileInfo file(path);
    const QString suffix = file.completeSuffix().isEmpty() ? QString() : "." + file.completeSuffix();
    return file.dir().filePath(file.baseName() + "-" + speaker + suffix);
}

}  // namespace

int runTrain(const QStringList &arguments)
{
    QCommandLineParser parser;
    addTrainingOptions(parser);
    parser.addOption({"save", "Write a checkpoint (weights, config, split, history) to FILE; with --split loso one per "
                              "held-out speaker, FILE's name with -SPEAKER before its extension.", "file"});
    parser.addOption({"layer-stats", "Measure every layer with parameters and every activation at each progress point "
                                     "(weight, gradient and update norms, activation mean, spread, histogram and dead "
                                     "ReLUs) and add them to each epoch line as \"layers\"; the saved checkpoint keeps "
                                     "them."});
    if (auto exit = parseArguments(parser, arguments,
                                   "Trains a 1-D network on the spoken digits with LibTorch. Prints one JSON line per "
                                   "epoch and a final line with outcome, loss, train_accuracy, test_accuracy, "
                                   "examples_per_second, seconds, converged and convergence. Ctrl+C stops after the "
                                   "current batch and still prints the final line."))
        return *exit;
    auto request = readTrainingOptions(parser);
    if (!request)
        return InvalidInput;
    request->config.layerStatistics = parser.isSet("layer-stats");
    const auto cache = loadFeatures(parser, request->config.input);
    if (!cache)
        return InvalidInput;

    if (!request->leaveOneSpeakerOut) {
        auto line = trainOnce(request->config, *cache, parser.value("save"), {});
        if (!line)
            return InvalidInput;
        line->insert("final", true);
        line->insert("load_seconds", cache->buildSeconds());
        printJson(*line);
        return (*line)["outcome"].toString() == toString(RunOutcome::Failed) ? Failure : Success;
    }

    // Leave-one-speaker-out: one run per held-out speaker, then the mean test accuracy and the calibration.
    QJsonArray perSpeaker;
    double sum = 0.0;
    TestPredictions pooled;
    for (const QString &speaker : testableSpeakers(cache->recordings())) {
        TrainingConfig config = request->config;
        config.split.kind = SplitKind::LeaveOneSpeakerOut;
        config.split.speaker = speaker;
        auto entry = trainOnce(config, *cache, perSpeakerPath(parser.value("save"), speaker), speaker, &pooled);
        if (!entry)
            return InvalidInput;
        entry->insert("speaker", speaker);
        perSpeaker.append(*entry);
        sum += (*entry)["test_accuracy"].toDouble();
        if ((*entry)["outcome"].toString() == toString(RunOutcome::Stopped))
            break;
    }
    QJsonObject final = calibrationOf(pooled, request->config.temperature);
    final["final"] = true;
    final["split"] = "loso";
    final["speakers"] = perSpeaker;
    final["mean_test_accuracy"] = perSpeaker.isEmpty() ? 0.0 : sum / perSpeaker.size();
    printJson(final);
    return Success;
}

namespace {

/// The recordings of `folder` (option `option`), skipped files reported; prints why not.
std::optional<Dataset> takesOf(const QString &folder, const char *option)
{
    DatasetLoadResult loaded = DatasetScanner::load(folder);
    if (loaded.status != LoadStatus::Ok) {
        printError(QString("--%1 %2: %3").arg(option, folder, loaded.error));
        return std::nullopt;
    }
    for (const auto &skipped : loaded.dataset.skipped)
        printError("Skipped " + skipped.file + ": " + skipped.reason);
    return std::move(loaded.dataset);
}

}  // namespace

int runAdapt(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(modelOption());
    parser.addOption({"data", "Takes of the voice to learn: {digit}_{speaker}_{take}.wav, e.g. two of each digit.", "dir"});
    parser.addOption({"save", "Where to write the personal model (a checkpoint like any other).", "file"});
    parser.addOption({"epochs", "Fine-tuning epochs (default 30).", "n"});
    parser.addOption({"lr", "Learning rate at the start of the model's schedule (default 0.01).", "x"});
    parser.addOption({"test", "Also report the accuracy before and after on these takes, which it does not learn "
                              "from.", "dir"});
    parser.addOption({"threads", "Training threads (default: every core).", "n"});
    if (auto exit = parseArguments(parser, arguments,
                                   "Fine-tunes a saved model on the takes of one voice, with the model's own recipe, "
                                   "and saves it as a personal model. Prints one JSON line: accuracy_before and "
                                   "accuracy_after on --data, test_accuracy_before and test_accuracy_after on "
                                   "--test, count and seconds."))
        return *exit;
    if (!parser.isSet("data") || !parser.isSet("save")) {
        printError("Give the takes to learn and where to save: --data DIR --save FILE.");
        return InvalidInput;
    }
    AdaptOptions options;
    if (!readNumber(parser, "epochs", options.epochs, 1) || !readNumber(parser, "lr", options.learningRate, 1e-9)
        || !readNumber(parser, "threads", options.threads, 0))
        return InvalidInput;
    const auto learn = takesOf(parser.value("data"), "data");
    const auto check = parser.isSet("test") ? takesOf(parser.value("test"), "test") : std::optional<Dataset>(Dataset());
    if (!learn || !check)
        return InvalidInput;
    TrainingControl control;
    const VoiceAdaptation adapted =
        adaptToVoice(parser.value("model"), *learn, *check, options, parser.value("save"), control);
    if (!adapted.ok()) {
        printError(adapted.error);
        return InvalidInput;
    }
    QJsonObject line{{"count", static_cast<qint64>(learn->size())},
                     {"seconds", adapted.seconds},
                     {"accuracy_before", finiteOrNull(adapted.learnAccuracyBefore)},
                     {"accuracy_after", finiteOrNull(adapted.learnAccuracyAfter)}};
    if (parser.isSet("test")) {
        line["test_accuracy_before"] = finiteOrNull(adapted.checkAccuracyBefore);
        line["test_accuracy_after"] = finiteOrNull(adapted.checkAccuracyAfter);
    }
    printJson(line);
    return Success;
}

}  // namespace convscope::cli
