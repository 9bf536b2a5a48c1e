// convscope-cli train: the assignment's training runs without a window, one JSON line per epoch.
#include "CliCommands.h"
#include "CliCommon.h"
#include "TrainingOptions.h"

#include "data/FeatureCache.h"
#include "train/Convergence.h"
#include "train/ProgressJson.h"
#include "train/Trainer.h"

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

/// One run on one split; prints epoch lines (tagged with `speaker` for leave-one-speaker-out).
std::optional<QJsonObject> trainOnce(const TrainingConfig &config, const FeatureCache &cache,
                                     const QString &savePath, const QString &speaker)
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
    if (!savePath.isEmpty()) {
        const QString saveError = trainer->saveCheckpoint(savePath);
        if (!saveError.isEmpty())
            printError(saveError);
    }
    return finalLine(summary, trainer->history(), config.epochs);
}

}  // namespace

int runTrain(const QStringList &arguments)
{
    QCommandLineParser parser;
    addTrainingOptions(parser);
    parser.addOption({"save", "Write a checkpoint (weights, config, split, history) to FILE.", "file"});
    if (auto exit = parseArguments(parser, arguments,
                                   "Trains a 1-D network on the spoken digits with LibTorch. Prints one JSON line per "
                                   "epoch and a final line with outcome, loss, train_accuracy, test_accuracy, "
                                   "examples_per_second, seconds, converged and convergence. Ctrl+C stops after the "
                                   "current batch and still prints the final line."))
        return *exit;
    const auto request = readTrainingOptions(parser);
    if (!request)
        return InvalidInput;
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

    // Leave-one-speaker-out: one run per held-out speaker, then the mean test accuracy.
    QJsonArray perSpeaker;
    double sum = 0.0;
    for (const QString &speaker : testableSpeakers(cache->recordings())) {
        TrainingConfig config = request->config;
        config.split.kind = SplitKind::LeaveOneSpeakerOut;
        config.split.speaker = speaker;
        auto entry = trainOnce(config, *cache, {}, speaker);
        if (!entry)
            return InvalidInput;
        entry->insert("speaker", speaker);
        perSpeaker.append(*entry);
        sum += (*entry)["test_accuracy"].toDouble();
        if ((*entry)["outcome"].toString() == toString(RunOutcome::Stopped))
            break;
    }
    printJson(QJsonObject{{"final", true},
                          {"split", "loso"},
                          {"speakers", perSpeaker},
                          {"mean_test_accuracy", perSpeaker.isEmpty() ? 0.0 : sum / perSpeaker.size()}});
    return Success;
}

}  // namespace convscope::cli
