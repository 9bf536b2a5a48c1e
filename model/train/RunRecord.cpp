#include "RunRecord.h"

#include "ProgressJson.h"

#include <QJsonArray>
#include <QObject>
#include <QJsonValue>

#include <cmath>

namespace convscope {

namespace {

QString csvNumber(double value) { return std::isfinite(value) ? QString::number(value, 'g', 8) : QString(); }

}  // namespace

QJsonObject RunRecord::toJson() const
{
    QJsonArray points;
    for (const auto &p : history)
        points.append(progressToJson(p));
    const ConvergenceVerdict verdict = convergence();
    QJsonObject o = summaryToJson(summary);
    o.insert("id", id);
    o.insert("network", network);
    o.insert("input", input);
    o.insert("epochs_target", epochsTarget);
    o.insert("lr", learningRate);
    o.insert("converged", verdict.known ? QJsonValue(verdict.converged) : QJsonValue());
    o.insert("convergence", verdict.reason);
    o.insert("finished_at", finishedAt.toString(Qt::ISODate));
    o.insert("config", config);
    o.insert("history", points);
    return o;
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
    run.summary = summaryFromJson(o);
    run.finishedAt = QDateTime::fromString(o["finished_at"].toString(), Qt::ISODate);
    for (const QJsonValue &value : o["history"].toArray()) {
        const auto point = progressFromJson(value.toObject());
        if (!point)
            return fail(QObject::tr("run %1: a history point without \"fraction\"").arg(run.id));
        run.history.push_back(*point);
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
