// Trainer checkpoints: one file with the weights (torch archive) and the run's JSON (config, split, history).
// MFCC standardisation statistics are not stored: they come from the training split, which the config
// reproduces exactly. The optimizer starts afresh on continuing (plain SGD keeps no state).
#include "Trainer.h"

#include "ProgressJson.h"
#include "TrainerState.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <sstream>

namespace convscope {

namespace {

constexpr const char *kMetaKey = "convscope_run";
constexpr const char *kFormat = "convscope-checkpoint-1";

QJsonArray historyToJson(const std::vector<TrainingProgress> &history)
{
    QJsonArray points;
    for (const auto &p : history)
        points.append(progressToJson(p));
    return points;
}

std::vector<TrainingProgress> historyFromJson(const QJsonArray &points)
{
    std::vector<TrainingProgress> history;
    for (const auto &value : points)
        if (const auto point = progressFromJson(value.toObject()))
            history.push_back(*point);
    return history;
}

}  // namespace

QString Trainer::saveCheckpoint(const QString &path) const
{
    const TrainerState &s = *m_state;
    try {
        torch::serialize::OutputArchive archive;
        s.net->save(archive);
        const QJsonObject meta{{"format", kFormat},
                               {"config", s.config.toJson()},
                               {"epochs_done", s.epochsDone},
                               {"history", historyToJson(s.history)}};
        archive.write(kMetaKey, c10::IValue(QJsonDocument(meta).toJson(QJsonDocument::Compact).toStdString()));
        std::ostringstream bytes;
        archive.save_to(bytes);
        QSaveFile file(path);
        const std::string data = bytes.str();
        if (!file.open(QIODevice::WriteOnly))
            return path + ": cannot write: " + file.errorString();
        if (file.write(data.data(), static_cast<qint64>(data.size())) != static_cast<qint64>(data.size()) || !file.commit())
            return path + ": saving failed: " + file.errorString();
        return {};
    } catch (const c10::Error &e) {
        return path + ": LibTorch could not save the model: " + QString::fromStdString(e.what_without_backtrace());
    }
}

std::unique_ptr<Trainer> Trainer::loadCheckpoint(const QString &path, const FeatureCache &data, QString *error)
{
    const auto fail = [&](const QString &message) {
        if (error)
            *error = path + ": " + message;
        return nullptr;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail("cannot open: " + file.errorString());
    const QByteArray bytes = file.readAll();
    try {
        std::istringstream stream(bytes.toStdString());
        torch::serialize::InputArchive archive;
        archive.load_from(stream);
        c10::IValue metaValue;
        if (!archive.try_read(kMetaKey, metaValue) || !metaValue.isString())
            return fail("not a ConvScope checkpoint (no run description inside)");
        const QJsonObject meta = QJsonDocument::fromJson(QByteArray::fromStdString(metaValue.toStringRef())).object();
        if (meta["format"].toString() != kFormat)
            return fail("unknown checkpoint format \"" + meta["format"].toString() + "\"");
        QString configError;
        const auto config = TrainingConfig::fromJson(meta["config"].toObject(), &configError);
        if (!config)
            return fail(configError);
        QString createError;
        auto state = TrainerState::create(*config, data, &createError);
        if (!state)
            return fail(createError);
        state->net->load(archive);
        state->epochsDone = meta["epochs_done"].toInt();
        state->history = historyFromJson(meta["history"].toArray());
        return std::unique_ptr<Trainer>(new Trainer(std::move(state)));
    } catch (const c10::Error &e) {
        return fail("not a readable checkpoint: " + QString::fromStdString(e.what_without_backtrace()));
    }
}

}  // namespace convscope
