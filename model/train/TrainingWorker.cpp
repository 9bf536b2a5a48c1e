#include "TrainingWorker.h"

#include <QMetaObject>
#include <QThread>

#include <algorithm>

namespace convscope {

TrainingWorker::TrainingWorker(std::shared_ptr<const FeatureCache> data, QObject *parent)
    : QObject(parent), m_data(std::move(data))
{
}

TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::post(const QString &action, std::function<void()> work)
{
    QMetaObject::invokeMethod(this, [this, action, work = std::move(work)] {
        // No exception may leave the worker's event loop: Qt would end the application.
        try {
            work();
        } catch (const std::exception &e) {
            Q_EMIT failed(tr("%1 failed: %2").arg(action, QString::fromUtf8(e.what())));
        }
    }, Qt::QueuedConnection);
}

bool TrainingWorker::hasModel(const QString &whatFor)
{
    if (!m_trainer)
        Q_EMIT failed(tr("Train a model (or open a checkpoint) before %1.").arg(whatFor));
    return m_trainer != nullptr;
}

void TrainingWorker::requestTraining(const TrainingConfig &config)
{
    // Cleared on the worker thread once the previous run has returned, so that a Stop pressed just before this
    // request still ends that run; a Stop pressed after it (before the worker starts the run) ends the new run.
    post(tr("Training"), [this, config, asked = m_control.stopRequests()] {
        m_control.resetForRunAskedAt(asked);
        QString error;
        m_trainer = Trainer::create(config, *m_data, &error);
        if (!m_trainer) {
            Q_EMIT failed(error);
            return;
        }
        runCurrent();
    });
}

void TrainingWorker::requestContinue(int epochs)
{
    post(tr("Continuing"), [this, epochs, asked = m_control.stopRequests()] {
        m_control.resetForRunAskedAt(asked);
        if (!hasModel(tr("continuing")))
            return;
        m_trainer->setEpochs(epochs);
        runCurrent();
    });
}

void TrainingWorker::runCurrent()
{
    Q_EMIT started(m_trainer->config(), m_trainer->trainSize(), m_trainer->testSize());
    Trainer::Callbacks callbacks;
    callbacks.progress = [this](const TrainingProgress &point) { Q_EMIT progress(point); };
    callbacks.warning = [this](const QString &message) { Q_EMIT warning(message); };
    const TrainingSummary summary = m_trainer->run(m_control, callbacks);
    Q_EMIT finished(summary);
}

void TrainingWorker::requestLoad(const QString &path)
{
    post(tr("Opening %1").arg(path), [this, path] {
        QString error;
        auto trainer = Trainer::loadCheckpoint(path, *m_data, &error);
        if (!trainer) {
            Q_EMIT failed(error);
            return;
        }
        m_trainer = std::move(trainer);
        Q_EMIT historyLoaded(m_trainer->history());
        Q_EMIT loaded(m_trainer->config(), m_trainer->epochsDone());
    });
}

void TrainingWorker::requestSave(const QString &path)
{
    post(tr("Saving %1").arg(path), [this, path] {
        Q_EMIT saved(path, m_trainer ? m_trainer->saveCheckpoint(path) : tr("There is no trained model to save."));
    });
}

void TrainingWorker::requestEvaluation()
{
    post(tr("Evaluating"), [this] {
        if (m_trainer)
            Q_EMIT evaluated(m_trainer->evaluate());
    });
}

void TrainingWorker::requestProbabilities(const std::vector<float> &samples)
{
    post(tr("Classifying the recording"), [this, samples] {
        if (hasModel(tr("testing a recording")))
            Q_EMIT probabilities(m_trainer->classProbabilities(samples));
    });
}

void TrainingWorker::requestSaliency(const std::vector<float> &samples, int digit)
{
    post(tr("The saliency map"), [this, samples, digit] {
        if (hasModel(tr("asking for a saliency map")))
            Q_EMIT saliency(m_trainer->saliency(samples, std::clamp(digit, 0, 9)), digit);
    });
}

void TrainingWorker::requestEffectiveField(const EffectiveFieldQuery &query)
{
    post(tr("The trained receptive field"), [this, query] {
        if (hasModel(tr("asking for the trained receptive field")))
            Q_EMIT effectiveField(std::make_shared<const ReceptiveFieldResult>(
                                      m_trainer->effectiveField(query.toRequest())),
                                  query);
    });
}

void TrainingWorker::requestActivations(const std::vector<float> &samples, const QString &clip, int truth, int tag)
{
    post(tr("The activations of %1").arg(clip), [this, samples, clip, truth, tag] {
        if (!hasModel(tr("asking for activations")))
            return;
        auto snapshot = std::make_shared<ActivationSnapshot>(m_trainer->activationSnapshot(samples));
        snapshot->clip = clip;
        snapshot->truth = truth;
        snapshot->tag = tag;
        Q_EMIT activations(snapshot);
    });
}

void TrainingWorker::requestDataMapFeatures(int tag)
{
    post(tr("The data map's features"), [this, tag] {
        if (hasModel(tr("asking for the data map")))
            Q_EMIT dataMapFeatures(std::make_shared<const DataMapFeatures>(m_trainer->dataMapFeatures()), tag);
    });
}

void registerTrainingMetaTypes()
{
    qRegisterMetaType<TrainingProgress>();
    qRegisterMetaType<TrainingSummary>();
    qRegisterMetaType<TrainingConfig>();
    qRegisterMetaType<EvaluationReport>();
    qRegisterMetaType<std::array<double, 10>>("std::array<double,10>");
    qRegisterMetaType<std::vector<float>>("std::vector<float>");
    qRegisterMetaType<std::vector<TrainingProgress>>();
    qRegisterMetaType<EffectiveFieldQuery>();
    qRegisterMetaType<SharedFieldResult>();
    qRegisterMetaType<SharedActivations>();
    qRegisterMetaType<SharedDataMapFeatures>();
}

}  // namespace convscope
