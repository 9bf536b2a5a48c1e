#include "RunRecord.h"

#include <QJsonArray>
#include <QObject>
#include <QJsonValue>

#include <cmath>
#include <limits>

namespace convscope {

namespace {

QJsonValue finiteOrNull(double value) { return std::isfinite(value) ? QJsonValue(value) : QJsonValue(); }

double numberOrNaN(const QJsonValue &value)
{
    return value.isDouble() ? value.toDouble() : std::numeric_limits<double>::quiet_NaN();
}

QString csvNumber(double value) { return std::isfinite(value) ? QString::number(value, 'g', 8) : QString(); }

}  // namespace

ConvergenceVerdict RunRecord::convergence(const std::vector<TrainingProgress> &history)
{
    std::vector<const TrainingProgress *> ends;
    for (const auto &point : history)
        if (point.epochEnd)
            ends.push_back(&point);
    ConvergenceVerdict verdict;
    if (ends.empty()) {
        verdict.reason = QObject::tr("No complete epoch to judge.");
        return verdict;
    }
    verdict.known = true;
    const double threshold = 0.5 * std::log(10.0);
    const TrainingProgress &last = *ends.back();
    if (!(last.loss < threshold)) {
        verdict.reason = QObject::tr("Last epoch's loss %1 is not below 0.5·ln 10 = %2.")
                             .arg(last.loss, 0, 'f', 3).arg(threshold, 0, 'f', 3);
        return verdict;
    }
    const TrainingProgress *reference = nullptr;
    for (const TrainingProgress *point : ends)
        if (point != ends.back() && point->fraction <= 0.8 * last.fraction + 1e-9)
            reference = point;
    if (reference && last.loss > 1.05 * reference->loss) {
        verdict.reason = QObject::tr("Loss is rising over the last 20%: %1 at epoch %2, %3 at the end.")
                             .arg(reference->loss, 0, 'f', 3).arg(reference->epoch + 1).arg(last.loss, 0, 'f', 3);
        return verdict;
    }
    verdict.converged = true;
    verdict.reason = reference ? QObject::tr("Loss %1 < %2 and not rising since epoch %3 (%4).")
                                     .arg(last.loss, 0, 'f', 3).arg(threshold, 0, 'f', 3)
                                     .arg(reference->epoch + 1).arg(reference->loss, 0, 'f', 3)
                               : QObject::tr("Loss %1 < %2 (one epoch: rise not judged).")
                                     .arg(last.loss, 0, 'f', 3).arg(threshold, 0, 'f', 3);
    return verdict;
}

QJsonObject RunRecord::toJson() const
{
    QJsonArray points;
    for (const auto &p : history)
        points.append(QJsonObject{{"epoch", p.epoch},
                                  {"fraction", p.fraction},
                                  {"step", static_cast<qint64>(p.step)},
                                  {"loss", finiteOrNull(p.loss)},
                                  {"train_accuracy", finiteOrNull(p.trainAccuracy)},
                                  {"test_accuracy", finiteOrNull(p.testAccuracy)},
                                  {"examples_per_second", finiteOrNull(p.examplesPerSecond)},
                                  {"epoch_end", p.epochEnd}});
    const ConvergenceVerdict verdict = convergence();
    return {{"id", id},
            {"network", network},
            {"input", input},
            {"epochs_target", epochsTarget},
            {"epochs_done", summary.epochsDone},
            {"lr", learningRate},
            {"outcome", toString(summary.outcome)},
            {"message", summary.message},
            {"loss", finiteOrNull(summary.loss)},
            {"train_accuracy", finiteOrNull(summary.trainAccuracy)},
            {"test_accuracy", finiteOrNull(summary.testAccuracy)},
            {"examples_per_second", finiteOrNull(summary.examplesPerSecond)},
            {"seconds", summary.seconds},
            {"converged", verdict.known ? QJsonValue(verdict.converged) : QJsonValue()},
            {"finished_at", finishedAt.toString(Qt::ISODate)},
            {"config", config},
            {"history", points}};
}

std::optional<RunRecord> RunRecord::fromJson(const QJsonObject &o, QString *error)
{
    const auto fail = [error](const QString &text) -> std::optional<RunRecord> {
        if (error)
            *error = text;
        return std::nullopt;
    };
    if (!o["network"].isString() || !o["history"].isArray())
        return fail(QObject::tr("a run without \"network\" or \"history\""));
    RunRecord run;
    run.id = o["id"].toInt();
    run.network = o["network"].toString();
    run.input = o["input"].toString();
    run.epochsTarget = o["epochs_target"].toInt();
    run.learningRate = o["lr"].toDouble();
    run.config = o["config"].toObject();
    run.summary.epochsDone = o["epochs_done"].toInt();
    const QString outcome = o["outcome"].toString("finished");
    for (RunOutcome candidate : {RunOutcome::Finished, RunOutcome::Stopped, RunOutcome::Diverged, RunOutcome::Failed})
        if (toString(candidate) == outcome)
            run.summary.outcome = candidate;
    run.summary.message = o["message"].toString();
    run.summary.loss = numberOrNaN(o["loss"]);
    run.summary.trainAccuracy = numberOrNaN(o["train_accuracy"]);
    run.summary.testAccuracy = numberOrNaN(o["test_accuracy"]);
    run.summary.examplesPerSecond = numberOrNaN(o["examples_per_second"]);
    run.summary.seconds = o["seconds"].toDouble();
    run.finishedAt = QDateTime::fromString(o["finished_at"].toString(), Qt::ISODate);
    for (const QJsonValue &value : o["history"].toArray()) {
        const QJsonObject p = value.toObject();
        if (!p["fraction"].isDouble())
            return fail(QObject::tr("run %1: a history point without \"fraction\"").arg(run.id));
        TrainingProgress point;
        point.epoch = p["epoch"].toInt();
        point.fraction = p["fraction"].toDouble();
        point.step = static_cast<std::int64_t>(p["step"].toDouble());
        point.loss = numberOrNaN(p["loss"]);
        point.trainAccuracy = numberOrNaN(p["train_accuracy"]);
        point.testAccuracy = numberOrNaN(p["test_accuracy"]);
        point.examplesPerSecond = numberOrNaN(p["examples_per_second"]);
        point.epochEnd = p["epoch_end"].toBool();
        run.history.push_back(point);
    }
    return run;
}

QByteArray RunRecord::curveCsv() const
{
    QByteArray csv = "fraction,epoch,step,loss,train_accuracy,test_accuracy,examples_per_second\n";
    for (const auto &p : history) {
        const QStringList fields{csvNumber(p.fraction), QString::number(p.epoch), QString::number(p.step),
                                 csvNumber(p.loss), csvNumber(p.trainAccuracy), csvNumber(p.testAccuracy),
                                 csvNumber(p.examplesPerSecond)};
        csv += fields.join(',').toUtf8() + '\n';
    }
    return csv;
}

}  // namespace convscope
