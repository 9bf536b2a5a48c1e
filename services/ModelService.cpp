#include "services/ModelService.h"

#include "data/Split.h"
#include "services/DatasetDocument.h"
#include "services/ReadyModel.h"
#include "services/ScratchModelFile.h"
#include "services/TrainingController.h"
#include "train/BuiltinModels.h"
#include "train/TrainingWorker.h"

#include <QFileInfo>
#include <QSettings>

#include <algorithm>

namespace convscope {

ModelService::ModelService(TrainingController *training, DatasetDocument *recordings, QObject *parent)
    : QObject(parent), m_training(training), m_recordings(recordings), m_scratch(new ScratchModelFile(training, this))
{
    registerTrainingMetaTypes();
    replaceReadyModel(BuiltinModels::kVoice);
    connect(training, &TrainingController::dataChanged, this, &ModelService::connectWorker);
    connect(training, &TrainingController::modelChanged, this, [this] {
        Q_EMIT modelChanged();
        announce();
    });
    connect(training, &TrainingController::stateChanged, this, &ModelService::announce);
    // The ready or personal model maps the loaded recordings: new recordings make its map stale.
    connect(recordings, &DatasetDocument::datasetChanged, this, [this] {
        if (answerer() != Answerer::User)
            Q_EMIT modelChanged();
    });
    connect(m_scratch, &ScratchModelFile::saved, this, [this](const QString &path, const QString &error) {
        if (!error.isEmpty())
            Q_EMIT message(tr("Your model could not be handed to the listener: %1").arg(error), MessageKind::Error);
        else
            Q_EMIT modelFile(path, description());
    });
    connectWorker();
    m_announced = description();
}

QString ModelService::requestModelFile()
{
    if (answerer() == Answerer::User)
        return m_scratch->save();
    Q_EMIT modelFile(m_ready->name(), description());
    return {};
}

ModelService::~ModelService() = default;

ModelService::Answerer ModelService::answerer() const
{
    if (m_training->hasModel())
        return Answerer::User;
    return m_personal.isEmpty() ? Answerer::Ready : Answerer::Personal;
}

QString ModelService::description() const
{
    if (answerer() != Answerer::User)
        return m_ready->description();
    const int epochs = m_training->epochsDone();
    return tr("your model (%1, %2 input, %3)")
        .arg(m_training->modelName(), toString(m_training->modelConfig().input),
             epochs == 1 ? tr("1 epoch") : tr("%1 epochs").arg(epochs));
}

bool ModelService::canAnswer() const { return answerer() != Answerer::User || m_training->canAnswer(); }

bool ModelService::isGuess() const { return answerer() == Answerer::User && m_training->epochsDone() == 0; }

const TrainingConfig *ModelService::answeringConfig() const
{
    if (answerer() == Answerer::User)
        return &m_training->modelConfig();
    return m_ready->config() ? &*m_ready->config() : nullptr;
}

void ModelService::announce()
{
    const QString now = description();
    if (now == m_announced)
        return;
    m_announced = now;
    Q_EMIT answererChanged(now);
}

void ModelService::replaceReadyModel(const QString &name)
{
    delete m_ready;  // its thread is joined; answers it had queued are dropped with it
    m_ready = new ReadyModel(name, this);
    connectReadyModel();
}

void ModelService::connectReadyModel()
{
    // An answer that comes after the user's model appeared is dropped: that model answers now.
    const auto answers = [this] { return answerer() != Answerer::User; };
    connect(m_ready, &ReadyModel::loaded, this, &ModelService::readyModelLoaded);
    connect(m_ready, &ReadyModel::probabilities, this, [this, answers](const std::array<double, 10> &values) {
        if (answers()) Q_EMIT probabilities(values);
    });
    connect(m_ready, &ReadyModel::saliency, this, [this, answers](const std::vector<float> &values, int digit) {
        if (answers()) Q_EMIT saliency(values, digit);
    });
    connect(m_ready, &ReadyModel::activations, this, [this, answers](const SharedActivations &snapshot) {
        if (answers()) Q_EMIT activations(snapshot);
    });
    connect(m_ready, &ReadyModel::dataMapFeatures, this,
            [this, answers](const SharedDataMapFeatures &features, int tag) {
                if (answers()) Q_EMIT dataMapFeatures(features, tag);
            });
    connect(m_ready, &ReadyModel::failed, this, [this](const QString &text) { Q_EMIT message(text, MessageKind::Error); });
}

void ModelService::connectWorker()
{
    TrainingWorker *worker = m_training->worker();
    const int generation = ++m_workerGeneration;
    if (!worker)
        return;
    // Answers the worker of a replaced session queued before it went are dropped, as are answers that come when the
    // user's model no longer answers.
    const auto current = [this, generation] { return generation == m_workerGeneration && answerer() == Answerer::User; };
    connect(worker, &TrainingWorker::probabilities, this, [this, current](const std::array<double, 10> &values) {
        if (current()) Q_EMIT probabilities(values);
    });
    connect(worker, &TrainingWorker::saliency, this, [this, current](const std::vector<float> &values, int digit) {
        if (current()) Q_EMIT saliency(values, digit);
    });
    connect(worker, &TrainingWorker::activations, this, [this, current](const SharedActivations &snapshot) {
        if (current()) Q_EMIT activations(snapshot);
    });
    connect(worker, &TrainingWorker::dataMapFeatures, this, [this, current](const SharedDataMapFeatures &features, int tag) {
        if (current()) Q_EMIT dataMapFeatures(features, tag);
    });
    connect(worker, &TrainingWorker::effectiveField, this,
            [this, current](const SharedFieldResult &result, const EffectiveFieldQuery &query) {
                if (current()) Q_EMIT effectiveField(result, query);
            });
}

void ModelService::usePersonalModel(const QString &path)
{
    m_personal = path;
    replaceReadyModel(path.isEmpty() ? QString(BuiltinModels::kVoice) : path);
    if (!m_settingsFile.isEmpty()) {
        QSettings settings(m_settingsFile, QSettings::IniFormat);
        if (path.isEmpty())
            settings.remove(kPersonalModelKey);
        else
            settings.setValue(kPersonalModelKey, QFileInfo(path).absoluteFilePath());
    }
    if (answerer() != Answerer::User)
        Q_EMIT modelChanged();
    announce();
}

void ModelService::restorePersonalModel()
{
    if (m_settingsFile.isEmpty())
        return;
    const QString path = QSettings(m_settingsFile, QSettings::IniFormat).value(kPersonalModelKey).toString();
    if (path.isEmpty())
        return;
    if (!QFileInfo(path).isFile()) {
        usePersonalModel({});
        Q_EMIT message(tr("Your personal model %1 is gone, so the ready voice model answers. Teach it your voice "
                          "again in Test your voice to make a new one.").arg(path),
                       MessageKind::Warning);
        return;
    }
    usePersonalModel(path);
}

QString ModelService::whyUserModelCannotAnswer() const
{
    if (!m_training->worker() || !m_training->hasModel())
        return tr("There is no trained model yet: train one on the Training tab or open a saved model (.cspt).");
    if (!m_training->canAnswer())
        return tr("The model is busy training: it answers when the run ends (or press Stop).");
    return {};
}

QString ModelService::askAbout(const std::vector<float> &samples, const std::function<void(ReadyModel &)> &askReady,
                               const std::function<void(TrainingWorker &)> &askWorker)
{
    if (samples.empty())
        return tr("The recording is empty: record again, closer to the microphone.");
    if (answerer() != Answerer::User) {
        askReady(*m_ready);
        return {};
    }
    if (const QString error = whyUserModelCannotAnswer(); !error.isEmpty())
        return error;
    askWorker(*m_training->worker());
    return {};
}

QString ModelService::requestProbabilities(const std::vector<float> &samples)
{
    return askAbout(samples, [&](ReadyModel &ready) { ready.requestProbabilities(samples); },
                    [&](TrainingWorker &worker) { worker.requestProbabilities(samples); });
}

QString ModelService::requestSaliency(const std::vector<float> &samples, int digit)
{
    return askAbout(samples, [&](ReadyModel &ready) { ready.requestSaliency(samples, digit); },
                    [&](TrainingWorker &worker) { worker.requestSaliency(samples, digit); });
}

QString ModelService::requestActivations(const std::vector<float> &samples, const QString &clip, int truth, int tag)
{
    return askAbout(samples, [&](ReadyModel &ready) { ready.requestActivations(samples, clip, truth, tag); },
                    [&](TrainingWorker &worker) { worker.requestActivations(samples, clip, truth, tag); });
}

QString ModelService::whyCannotMap() const
{
    if (answerer() == Answerer::User)
        return whyUserModelCannotAnswer();
    if (m_recordings->dataset().isEmpty())
        return tr("Load the recordings on the Spoken digits tab first: the map lays out their test clips as %1 hears "
                  "them.").arg(description());
    return {};
}

QString ModelService::requestDataMapFeatures(int tag)
{
    if (const QString error = whyCannotMap(); !error.isEmpty())
        return error;
    if (answerer() == Answerer::User) {
        m_training->worker()->requestDataMapFeatures(tag);
        return {};
    }
    // The ready model learnt from every recording: its map shows the clips a run of the user's would test on.
    const std::shared_ptr<const Dataset> recordings = m_recordings->shared();
    const DatasetSplit split = makeSplit(recordings->recordings(), SplitSpec());
    if (!split.ok())
        return split.error;
    std::vector<std::int64_t> rows = split.test;
    std::sort(rows.begin(), rows.end());
    m_ready->requestDataMapFeatures(recordings, rows, tag);
    return {};
}

QString ModelService::requestEffectiveField(const EffectiveFieldQuery &query)
{
    if (const QString error = whyUserModelCannotAnswer(); !error.isEmpty())
        return error;
    m_training->worker()->requestEffectiveField(query);
    return {};
}

}  // namespace convscope
