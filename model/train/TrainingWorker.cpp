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

void TrainingWorker::requestTraining(const TrainingConfig &config)
{
    m_control.reset();
    QMetaObject::invokeMethod(this, [this, config] {
        QString error;
        m_trainer = Trainer::create(config, *m_data, &error);
        if (!m_trainer) {
            Q_EMIT failed(error);
            return;
        }
        runCurrent();
    }, Qt::QueuedConnection);
}

void TrainingWorker::requestContinue(int epochs)
{
    m_control.reset();
    QMetaObject::invokeMethod(this, [this, epochs] {
        if (!m_trainer) {
            Q_EMIT failed(tr("There is no model to continue: train one or open a checkpoint first."));
            return;
        }
        m_trainer->setEpochs(epochs);
        runCurrent();
    }, Qt::QueuedConnection);
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
    QMetaObject::invokeMethod(this, [this, path] {
        QString error;
        auto trainer = Trainer::loadCheckpoint(path, *m_data, &error);
        if (!trainer) {
            Q_EMIT failed(error);
            return;
        }
        m_trainer = std::move(trainer);
        Q_EMIT historyLoaded(m_trainer->history());
        Q_EMIT loaded(m_trainer->config(), m_trainer->epochsDone());
    }, Qt::QueuedConnection);
}

void TrainingWorker::requestSave(const QString &path)
{
    QMetaObject::invokeMethod(this, [this, path] {
        Q_EMIT saved(path, m_trainer ? m_trainer->saveCheckpoint(path) : tr("There is no trained model to save."));
    }, Qt::QueuedConnection);
}

void TrainingWorker::requestEvaluation()
{
    QMetaObject::invokeMethod(this, [this] {
        if (m_trainer)
            Q_EMIT evaluated(m_trainer->evaluate());
    }, Qt::QueuedConnection);
}

void TrainingWorker::requestProbabilities(const std::vector<float> &samples)
{
    QMetaObject::invokeMethod(this, [this, samples] {
        if (!m_trainer) {
            Q_EMIT failed(tr("Train a model (or open a checkpoint) before testing a recording."));
            return;
        }
        Q_EMIT probabilities(m_trainer->classProbabilities(samples));
    }, Qt::QueuedConnection);
}

void TrainingWorker::requestSaliency(const std::vector<float> &samples, int digit)
{
    QMetaObject::invokeMethod(this, [this, samples, digit] {
        if (!m_trainer) {
            Q_EMIT failed(tr("Train a model (or open a checkpoint) before asking for a saliency map."));
            return;
        }
        try {
            Q_EMIT saliency(m_trainer->saliency(samples, std::clamp(digit, 0, 9)), digit);
        } catch (const std::exception &e) {
            Q_EMIT warning(tr("The saliency map could not be computed: %1").arg(QString::fromUtf8(e.what())));
        }
    }, Qt::QueuedConnection);
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
}

}  // namespace convscope
