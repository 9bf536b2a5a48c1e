// convscope-cli train: the assignment's training runs without a window, one JSON line per epoch.
#include "CliCommands.h"
#include "CliCommon.h"
#include "TrainingOptions.h"

#include "data/FeatureCache.h"
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

QJsonObject progressToJson(const TrainingProgress &p)
{
    return {{"epoch", p.epoch + 1},
            {"loss", p.loss},
            {"train_acc", p.trainAccuracy},
            {"test_acc", p.testAccuracy},
            {"examples_per_sec", p.examplesPerSecond}};
}

QJsonObject summaryToJson(const TrainingSummary &s)
{
    QJsonObject o{{"final", true},
                  {"outcome", toString(s.outcome)},
                  {"epochs", s.epochsDone},
                  {"loss", s.loss},
                  {"train_acc", s.trainAccuracy},
                  {"test_acc", s.testAccuracy},
                  {"examples_per_sec", s.examplesPerSecond},
                  {"seconds", s.seconds}};
    if (!s.message.isEmpty())
        o["message"] = s.message;
    return o;
}

/// One run on one split; prints epoch lines (tagged with `speaker` for leave-one-speaker-out).
std::optional<TrainingSummary> trainOnce(const TrainingConfig &config, const FeatureCache &cache,
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
    return summary;
}

}  // namespace

int runTrain(const QStringList &arguments)
{
    QCommandLineParser parser;
    addTrainingOptions(parser);
    parser.addOption({"save", "Write a checkpoint (weights, config, split, history) to FILE.", "file"});
    if (auto exit = parseArguments(parser, arguments,
                                   "Trains a 1-D network on the spoken digits with LibTorch. Prints one JSON line per "
                                   "epoch and a final line with loss, train_acc, test_acc, examples_per_sec and "
                                   "seconds. Ctrl+C stops after the current batch and still prints the final line."))
        return *exit;
    const auto request = readTrainingOptions(parser);
    if (!request)
        return InvalidInput;
    const auto cache = loadFeatures(parser, request->config.input);
    if (!cache)
        return InvalidInput;

    if (!request->leaveOneSpeakerOut) {
        const auto summary = trainOnce(request->config, *cache, parser.value("save"), {});
        if (!summary)
            return InvalidInput;
        QJsonObject line = summaryToJson(*summary);
        line["load_seconds"] = cache->buildSeconds();
        printJson(line);
        return summary->outcome == RunOutcome::Failed ? Failure : Success;
    }

    // Leave-one-speaker-out: one run per held-out speaker, then the mean test accuracy.
    QJsonArray perSpeaker;
    double sum = 0.0;
    for (const QString &speaker : cache->speakerNames()) {
        TrainingConfig config = request->config;
        config.split.kind = SplitKind::LeaveOneSpeakerOut;
        config.split.speaker = speaker;
        const auto summary = trainOnce(config, *cache, {}, speaker);
        if (!summary)
            return InvalidInput;
        QJsonObject entry = summaryToJson(*summary);
        entry.remove("final");
        entry["speaker"] = speaker;
        perSpeaker.append(entry);
        sum += summary->testAccuracy;
        if (summary->outcome == RunOutcome::Stopped)
            break;
    }
    printJson(QJsonObject{{"final", true},
                          {"split", "loso"},
                          {"speakers", perSpeaker},
                          {"mean_test_acc", perSpeaker.isEmpty() ? 0.0 : sum / perSpeaker.size()}});
    return Success;
}

}  // namespace convscope::cli
