#include "ProgressJson.h"

#include <QJsonArray>
#include <QJsonValue>

#include <cmath>
#include <limits>

namespace convscope {

QJsonValue finiteOrNull(double value) { return std::isfinite(value) ? QJsonValue(value) : QJsonValue(); }

namespace {

/// The value under `key`, or under the key files used before the shared vocabulary; NaN when neither is a number.
double number(const QJsonObject &o, const char *key, const char *oldKey)
{
    const QJsonValue value = o.contains(key) ? o[key] : o[oldKey];
    return value.isDouble() ? value.toDouble() : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

QJsonObject progressToJson(const TrainingProgress &p)
{
    QJsonObject o{{"epoch", p.epoch},
            {"fraction", p.fraction},
            {"step", static_cast<qint64>(p.step)},
            {"loss", finiteOrNull(p.loss)},
            {"train_accuracy", finiteOrNull(p.trainAccuracy)},
            {"test_accuracy", p.epochEnd ? finiteOrNull(p.testAccuracy) : QJsonValue()},
            {"examples_per_second", finiteOrNull(p.examplesPerSecond)},
            {"epoch_end", p.epochEnd}};
    if (!p.layers.empty())
        o["layers"] = layerStatisticsToJson(p.layers);
    return o;
}

std::optional<TrainingProgress> progressFromJson(const QJsonObject &o)
{
    if (!o["fraction"].isDouble())
        return std::nullopt;
    TrainingProgress p;
    p.epoch = o["epoch"].toInt();
    p.fraction = o["fraction"].toDouble();
    p.step = static_cast<std::int64_t>(o["step"].toDouble());
    p.loss = number(o, "loss", "loss");
    p.trainAccuracy = number(o, "train_accuracy", "train_acc");
    p.testAccuracy = number(o, "test_accuracy", "test_acc");
    p.examplesPerSecond = number(o, "examples_per_second", "examples_per_sec");
    // Older checkpoints had no epoch_end: their epoch ends were the points with a test accuracy.
    p.epochEnd = o.contains("epoch_end") ? o["epoch_end"].toBool() : std::isfinite(p.testAccuracy);
    p.layers = layerStatisticsFromJson(o["layers"].toArray());  // none in files from before the statistics
    return p;
}

QJsonObject summaryToJson(const TrainingSummary &s)
{
    QJsonObject o{{"outcome", toString(s.outcome)},
                  {"epochs_done", s.epochsDone},
                  {"loss", finiteOrNull(s.loss)},
                  {"train_accuracy", finiteOrNull(s.trainAccuracy)},
                  {"test_accuracy", finiteOrNull(s.testAccuracy)},
                  {"examples_per_second", finiteOrNull(s.examplesPerSecond)},
                  {"seconds", s.seconds}};
    if (!s.message.isEmpty())
        o["message"] = s.message;
    return o;
}

TrainingSummary summaryFromJson(const QJsonObject &o)
{
    TrainingSummary s;
    const QString outcome = o["outcome"].toString("finished");
    for (RunOutcome candidate : {RunOutcome::Finished, RunOutcome::Stopped, RunOutcome::Diverged, RunOutcome::Failed})
        if (toString(candidate) == outcome)
            s.outcome = candidate;
    s.epochsDone = o["epochs_done"].toInt();
    s.loss = number(o, "loss", "loss");
    s.trainAccuracy = number(o, "train_accuracy", "train_acc");
    s.testAccuracy = number(o, "test_accuracy", "test_acc");
    s.examplesPerSecond = number(o, "examples_per_second", "examples_per_sec");
    s.seconds = o["seconds"].toDouble();
    s.message = o["message"].toString();
    return s;
}

}  // namespace convscope
