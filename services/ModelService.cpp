// TrainingController's questions to the model (docs/architecture.md, "The training controller"): which model
// answers (the user's, else the ready or personal one) and its probabilities, saliency, activations, data map and
// trained receptive field. The rest of the controller, the training itself, is TrainingController.cpp.
#include "services/TrainingController.h"

#include "services/ReadyModel.h"
#include "train/TrainingSession.h"
#include "train/TrainingWorker.h"

namespace convscope {

void TrainingController::connectReadyModel()
{
    // An answer that comes after the user's model appeared is dropped: that model answers now.
    connect(m_ready, &ReadyModel::loaded, this, &TrainingController::readyModelLoaded);
    connect(m_ready, &ReadyModel::probabilities, this, [this](const std::array<double, 10> &values) {
        if (readyModelAnswers()) Q_EMIT probabilities(values);
    });
    connect(m_ready, &ReadyModel::saliency, this, [this](const std::vector<float> &values, int digit) {
        if (readyModelAnswers()) Q_EMIT saliency(values, digit);
    });
    connect(m_ready, &ReadyModel::activations, this, [this](const SharedActivations &snapshot) {
        if (readyModelAnswers()) Q_EMIT activations(snapshot);
    });
    connect(m_ready, &ReadyModel::failed, this, [this](const QString &text) { Q_EMIT message(text, MessageKind::Error); });
}

QString TrainingController::readyModelDescription() const { return m_ready->description(); }

void TrainingController::usePersonalModel(const QString &path)
{
    delete m_ready;  // its thread is joined; answers it had queued are dropped with it
    m_ready = new ReadyModel(path, this);
    connectReadyModel();
    Q_EMIT modelChanged();
}

const TrainingConfig *TrainingController::answeringConfig() const
{
    return !readyModelAnswers() ? &m_config : m_ready->config() ? &*m_ready->config() : nullptr;
}

QString TrainingController::whyCannotAnswer() const
{
    if (!m_session || !m_hasModel)
        return tr("There is no trained model yet: train one on the Training tab or open a saved model (.cspt).");
    if (!canAnswer())
        return tr("The model is busy training: it answers when the run ends (or press Stop).");
    return {};
}

QString TrainingController::whyCannotClassify(const std::vector<float> &samples) const
{
    if (const QString error = whyCannotAnswer(); !error.isEmpty())
        return error;
    if (samples.empty())
        return tr("The recording is empty: record again, closer to the microphone.");
    return {};
}

QString TrainingController::askAbout(const std::vector<float> &samples,
                                     const std::function<void(ReadyModel &)> &askReady,
                                     const std::function<void(TrainingWorker &)> &askWorker)
{
    if (readyModelAnswers() && !samples.empty())
        askReady(*m_ready);
    else if (const QString error = whyCannotClassify(samples); error.isEmpty())
        askWorker(*m_session->worker());
    else
        return error;
    return {};
}

QString TrainingController::requestProbabilities(const std::vector<float> &samples)
{
    return askAbout(samples, [&](ReadyModel &ready) { ready.requestProbabilities(samples); },
                    [&](TrainingWorker &worker) { worker.requestProbabilities(samples); });
}

QString TrainingController::requestSaliency(const std::vector<float> &samples, int digit)
{
    return askAbout(samples, [&](ReadyModel &ready) { ready.requestSaliency(samples, digit); },
                    [&](TrainingWorker &worker) { worker.requestSaliency(samples, digit); });
}

QString TrainingController::requestEffectiveField(const EffectiveFieldQuery &query)
{
    if (const QString error = whyCannotAnswer(); !error.isEmpty())
        return error;
    m_session->worker()->requestEffectiveField(query);
    return {};
}

QString TrainingController::requestActivations(const std::vector<float> &samples, const QString &clip, int truth,
                                               int tag)
{
    return askAbout(samples, [&](ReadyModel &ready) { ready.requestActivations(samples, clip, truth, tag); },
                    [&](TrainingWorker &worker) { worker.requestActivations(samples, clip, truth, tag); });
}

QString TrainingController::requestDataMapFeatures(int tag)
{
    if (const QString error = whyCannotAnswer(); !error.isEmpty())
        return error;
    m_session->worker()->requestDataMapFeatures(tag);
    return {};
}

}  // namespace convscope
