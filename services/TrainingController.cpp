#include "services/TrainingController.h"

#include "train/TrainingSession.h"
#include "train/TrainingWorker.h"
#include "data/Dataset.h"
#include "data/FeatureCache.h"

#include <QFileInfo>

#include <cmath>
#include <utility>

namespace convscope {

namespace {

/// "93.3 %", or "– (no test set)" for a run without one (split none).
QString percentText(double accuracy)
{
    return std::isfinite(accuracy) ? QString::number(100.0 * accuracy, 'f', 1) + " %" : QStringLiteral("– (no test set)");
}

}  // namespace

TrainingController::TrainingController(QObject *parent)
    : QObject(parent)
{
    registerTrainingMetaTypes();
    qRegisterMetaType<TrainingState>();
    qRegisterMetaType<MessageKind>();
    qRegisterMetaType<RunRecord>();
}

TrainingController::~TrainingController()
{
    m_preparation.drop();
    // Stops a running run within one batch and joins the worker thread.
    m_session.reset();
}

void TrainingController::setState(TrainingState state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void TrainingController::prepareData(const Dataset &dataset)
{
    m_preparation.drop();
    setData(nullptr);
    setState(TrainingState::PreparingData);
    Q_EMIT message(tr("Computing waveform and MFCC features of %1 recordings for training…").arg(dataset.size()),
                   MessageKind::Info);
    const QString folder = dataset.folder;
    m_preparation.start([dataset](const std::atomic<bool> *cancel) { return FeatureCache::build(dataset, {}, cancel); },
                        [this, folder](FeatureCacheResult result) {
                            if (!result.cache) {
                                setState(TrainingState::Failed);
                                Q_EMIT message(tr("Could not prepare training data: %1").arg(result.error),
                                               MessageKind::Error);
                                return;
                            }
                            setData(std::make_shared<const FeatureCache>(std::move(*result.cache)), folder);
                        });
}

void TrainingController::setData(std::shared_ptr<const FeatureCache> data, const QString &folder)
{
    m_session.reset();
    ++m_sessionGeneration;  // signals the old worker queued before it went are ignored
    m_data = std::move(data);
    m_dataFolder = folder;
    m_hasModel = false;
    m_epochsDone = 0;
    m_history.clear();
    m_pendingSummary.reset();
    m_evaluation.reset();
    if (m_data) {
        m_session = std::make_unique<TrainingSession>(m_data);
        connectWorker(m_session->worker());
    }
    setState(TrainingState::Idle);
    Q_EMIT dataChanged();
    Q_EMIT message(m_data ? tr("Ready: %1 clips.").arg(clipCount()) : tr("Load the dataset to train."),
                   MessageKind::Info);
    Q_EMIT modelChanged();
}

QStringList TrainingController::speakerNames() const { return m_data ? m_data->speakerNames() : QStringList(); }

std::int64_t TrainingController::clipCount() const { return m_data ? m_data->size() : 0; }

void TrainingController::connectWorker(TrainingWorker *w)
{
    // Signals already queued by a session that has since been replaced are dropped (a new session may even be
    // allocated where the old one was, so sessions are told apart by a counter, not by address).
    const int generation = ++m_sessionGeneration;
    const auto current = [this, generation] { return m_sessionGeneration == generation && m_session; };
    connect(w, &TrainingWorker::started, this, [this, current](const TrainingConfig &, qint64 train, qint64 test) {
        if (current())
            onSized(train, test);
    });
    connect(w, &TrainingWorker::progress, this, [this, current](const TrainingProgress &point) {
        if (!current())
            return;
        m_history.push_back(point);
        Q_EMIT progress(point);
    });
    connect(w, &TrainingWorker::warning, this, [this, current](const QString &text) {
        if (current())
            Q_EMIT message(text, MessageKind::Warning);
    });
    connect(w, &TrainingWorker::finished, this, [this, current](const TrainingSummary &summary) {
        if (current())
            onFinished(summary);
    });
    connect(w, &TrainingWorker::failed, this, [this, current](const QString &text) {
        if (current())
            onFailed(text);
    });
    connect(w, &TrainingWorker::evaluated, this, [this, current](const EvaluationReport &report) {
        if (current())
            onEvaluated(report);
    });
    connect(w, &TrainingWorker::historyLoaded, this, [this, current](const std::vector<TrainingProgress> &history) {
        if (current())
            m_loadedHistory = history;
    });
    connect(w, &TrainingWorker::loaded, this, [this, current](const TrainingConfig &config, int epochsDone) {
        if (current())
            onLoaded(config, epochsDone);
    });
    connect(w, &TrainingWorker::saved, this, [this, current](const QString &path, const QString &error) {
        if (!current())
            return;
        if (path != std::exchange(m_quietSave, QString()))
            Q_EMIT message(error.isEmpty() ? tr("Saved the model to %1.").arg(path)
                                           : tr("The model was not saved: %1").arg(error),
                           error.isEmpty() ? MessageKind::Info : MessageKind::Error);
        Q_EMIT modelSaved(path, error);
    });
}

void TrainingController::offerCustomNetwork(const NetworkSpec &network)
{
    if (m_customNetwork && *m_customNetwork == network)
        return;
    m_customNetwork = network;
    Q_EMIT customNetworkOffered(network);
}

QString TrainingController::start(const TrainingConfig &config)
{
    if (!m_session)
        return tr("Load the dataset before training.");
    if (!isSettled(m_state))
        return tr("Wait until the current run or the opening model is done, then train.");
    if (!m_reservation.isEmpty())
        return m_reservation;
    m_config = config;
    m_runName = runLabel(config);
    m_history.clear();
    m_epochsDone = 0;
    m_hasModel = true;
    m_evaluation.reset();
    setState(TrainingState::Training);
    Q_EMIT runStarted(config);
    Q_EMIT message(tr("Preparing %1…").arg(m_runName), MessageKind::Info);
    m_session->worker()->requestTraining(config);
    Q_EMIT modelChanged();
    return {};
}

QString TrainingController::continueTo(int epochs)
{
    if (!m_session || !m_hasModel)
        return tr("There is no model to continue: train one or open a saved model first.");
    if (!isSettled(m_state))
        return tr("Wait until the current run has ended, then continue.");
    if (!m_reservation.isEmpty())
        return m_reservation;
    if (epochs <= m_epochsDone)
        return tr("The model has already done %1 epochs: choose more than that to continue.").arg(m_epochsDone);
    m_config.epochs = epochs;
    m_evaluation.reset();
    setState(TrainingState::Training);
    Q_EMIT runStarted(m_config);
    Q_EMIT message(tr("Continuing %1 from epoch %2 to %3…").arg(m_runName).arg(m_epochsDone).arg(epochs),
                   MessageKind::Info);
    m_session->worker()->requestContinue(epochs);
    Q_EMIT modelChanged();
    return {};
}

void TrainingController::togglePause()
{
    if (m_state != TrainingState::Training && m_state != TrainingState::Paused)
        return;
    TrainingControl &control = m_session->worker()->control();
    if (m_state == TrainingState::Paused) {
        control.resume();
        setState(TrainingState::Training);
        Q_EMIT message(tr("Resumed."), MessageKind::Info);
    } else {
        control.pause();
        setState(TrainingState::Paused);
        Q_EMIT message(tr("Paused after the current batch. Step runs one batch."), MessageKind::Info);
    }
}

void TrainingController::step()
{
    if (m_state != TrainingState::Training && m_state != TrainingState::Paused)
        return;
    m_session->worker()->control().step();
    setState(TrainingState::Paused);
}

void TrainingController::stop()
{
    if (m_state != TrainingState::Training && m_state != TrainingState::Paused)
        return;
    m_session->worker()->control().requestStop();
    setState(TrainingState::Stopping);
    Q_EMIT message(tr("Stopping after the current batch…"), MessageKind::Info);
}

void TrainingController::setReservation(const QString &reason)
{
    if (m_reservation == reason)
        return;
    m_reservation = reason;
    Q_EMIT reservationChanged();
}

bool TrainingController::isPaused() const { return m_state == TrainingState::Paused; }

void TrainingController::onSized(qint64 trainSize, qint64 testSize)
{
    Q_EMIT runSized(trainSize, testSize);
    Q_EMIT message(tr("Training on %1 clips, testing on %2.").arg(trainSize).arg(testSize), MessageKind::Info);
}

void TrainingController::onFinished(const TrainingSummary &summary)
{
    m_epochsDone = summary.epochsDone;
    if (summary.outcome == RunOutcome::Failed || m_history.empty()) {
        // Nothing to evaluate: the run failed or ended before its first report.
        m_pendingSummary.reset();
        setState(summary.outcome == RunOutcome::Failed ? TrainingState::Failed : endState(summary.outcome));
        Q_EMIT message(summary.message.isEmpty() ? tr("The run ended before its first batch.") : summary.message,
                       summary.outcome == RunOutcome::Failed ? MessageKind::Error : MessageKind::Warning);
        Q_EMIT modelChanged();
        return;
    }
    m_pendingSummary = summary;
    setState(TrainingState::Evaluating);
    Q_EMIT message(tr("Evaluating the model on the test set…"), MessageKind::Info);
    m_session->worker()->requestEvaluation();
}

void TrainingController::onEvaluated(const EvaluationReport &report)
{
    m_evaluation = report;
    if (m_pendingSummary) {
        recordRun(report);
    } else if (m_state == TrainingState::Evaluating) {  // an opened model's evaluation
        setState(TrainingState::Idle);
        Q_EMIT message(tr("Opened %1: %2 epochs done, test accuracy %3. Continue training it, or test it on your "
                          "voice.").arg(m_runName).arg(m_epochsDone).arg(percentText(report.accuracy)),
                       MessageKind::Info);
    }
    Q_EMIT evaluated(report);
    Q_EMIT modelChanged();
}

void TrainingController::recordRun(const EvaluationReport &report)
{
    TrainingSummary summary = *m_pendingSummary;
    m_pendingSummary.reset();
    summary.testAccuracy = report.accuracy;  // one test accuracy per run, from the final evaluation
    RunRecord run;
    run.network = m_runName;
    run.input = toString(m_config.input);
    run.epochsTarget = m_config.epochs;
    run.learningRate = m_config.learningRate;
    run.config = m_config.toJson();
    run.history = m_history;
    run.summary = summary;
    run.finishedAt = QDateTime::currentDateTime();
    const QString accuracy = tr("test accuracy %1").arg(percentText(summary.testAccuracy));
    switch (summary.outcome) {
    case RunOutcome::Finished:
        Q_EMIT message(tr("Finished %1 epochs in %2: %3.").arg(summary.epochsDone).arg(clockText(summary.seconds))
                           .arg(accuracy), MessageKind::Info);
        break;
    case RunOutcome::Stopped:
        Q_EMIT message(tr("%1 The model as it stopped: %2.").arg(summary.message, accuracy), MessageKind::Warning);
        break;
    case RunOutcome::Diverged:
    case RunOutcome::Failed:
        Q_EMIT message(tr("%1 (%2)").arg(summary.message, accuracy), MessageKind::Warning);
        break;
    }
    setState(endState(summary.outcome));
    Q_EMIT runRecorded(run);
}

TrainingState TrainingController::endState(RunOutcome outcome)
{
    switch (outcome) {
    case RunOutcome::Finished: return TrainingState::Finished;
    case RunOutcome::Stopped: return TrainingState::Stopped;
    case RunOutcome::Diverged: return TrainingState::Diverged;
    case RunOutcome::Failed: return TrainingState::Failed;
    }
    return TrainingState::Failed;
}

void TrainingController::onFailed(const QString &text)
{
    if (m_state == TrainingState::Opening) {
        // The worker keeps its previous model when a checkpoint cannot be read.
        m_hasModel = m_epochsDone > 0 || !m_history.empty();
        setState(TrainingState::Idle);
        Q_EMIT message(tr("Could not open the model: %1. Choose a .cspt file saved by ConvScope with the same "
                          "dataset, or a TorchScript spoken-digit model (.pt).").arg(text), MessageKind::Error);
        return;
    }
    if (isRunning(m_state)) {  // the run could not build its model; the worker has none now
        m_hasModel = false;
        setState(TrainingState::Failed);
        Q_EMIT modelChanged();
    } else if (m_state == TrainingState::Evaluating) {
        m_pendingSummary.reset();
        setState(TrainingState::Failed);
    }
    Q_EMIT message(text.isEmpty() ? tr("The run failed.") : text, MessageKind::Error);
}

QString TrainingController::saveModel(const QString &path, SaveNotice notice)
{
    if (!m_session)
        return tr("Load the dataset and train a model before saving.");
    if (isRunning(m_state))
        return tr("A run is in progress: stop it or let it finish, then save.");
    if (!m_hasModel)
        return tr("There is no model to save yet: train one first.");
    m_session->worker()->requestSave(path);
    m_quietSave = notice == SaveNotice::Quiet ? path : QString();
    if (notice == SaveNotice::Announce)
        Q_EMIT message(tr("Saving the model to %1…").arg(path), MessageKind::Info);
    return {};
}

QString TrainingController::openModel(const QString &path)
{
    if (!m_session)
        return tr("Load the dataset first: a model is opened together with the data it was trained on.");
    if (!isSettled(m_state))
        return tr("A run is in progress: stop it before opening a model.");
    if (!m_reservation.isEmpty())
        return m_reservation;
    m_loadedHistory.clear();
    setState(TrainingState::Opening);
    m_session->worker()->requestLoad(path);
    Q_EMIT message(tr("Opening %1…").arg(QFileInfo(path).fileName()), MessageKind::Info);
    return {};
}

void TrainingController::onLoaded(const TrainingConfig &config, int epochsDone)
{
    m_hasModel = true;
    m_config = config;
    m_epochsDone = epochsDone;
    m_history = std::move(m_loadedHistory);
    m_loadedHistory.clear();
    m_evaluation.reset();
    m_runName = runLabel(config);
    setState(TrainingState::Evaluating);
    Q_EMIT modelLoaded(config, epochsDone);
    Q_EMIT message(tr("Opened %1: %2 epochs done; evaluating it on the test set…").arg(m_runName).arg(epochsDone),
                   MessageKind::Info);
    m_session->worker()->requestEvaluation();
    Q_EMIT modelChanged();
}


TrainingWorker *TrainingController::worker() const { return m_session ? m_session->worker() : nullptr; }

}  // namespace convscope
