#include "services/SpeakerStudy.h"

#include "train/RunRecord.h"
#include "services/TrainingController.h"
#include "train/TrainingSession.h"
#include "train/TrainingWorker.h"

#include <numeric>

namespace convscope {

double SpeakerStudyResult::mean() const
{
    if (speakers.empty())
        return std::numeric_limits<double>::quiet_NaN();
    const double sum = std::accumulate(speakers.begin(), speakers.end(), 0.0,
                                       [](double total, const HeldOutSpeaker &s) { return total + s.accuracy; });
    return sum / static_cast<double>(speakers.size());
}

SpeakerStudy::SpeakerStudy(TrainingController *controller, QObject *parent)
    : QObject(parent), m_controller(controller)
{
    qRegisterMetaType<SpeakerStudyProgress>();
    qRegisterMetaType<SpeakerStudyResult>();
    registerTrainingMetaTypes();
    connect(controller, &TrainingController::runRecorded, this, &SpeakerStudy::onRunRecorded);
    // New data (or none) makes the study's speakers another dataset's: end it.
    connect(controller, &TrainingController::dataChanged, this, &SpeakerStudy::stop);
}

SpeakerStudy::~SpeakerStudy()
{
    m_session.reset();  // stops the run within one batch and joins the thread
    if (m_controller)
        m_controller->setReservation({});
}

QString SpeakerStudy::start(const TrainingConfig &config)
{
    if (isRunning())
        return tr("A leave-one-speaker-out study is already running.");
    if (!m_controller || !m_controller->hasData())
        return tr("Load the dataset before a leave-one-speaker-out study.");
    if (!isSettled(m_controller->state()))
        return tr("A training run is in progress: stop it or let it finish, then run the study.");
    m_speakers = m_controller->speakerNames();
    if (m_speakers.size() < 2)
        return tr("Leave-one-speaker-out needs recordings of at least two speakers; this data has %1.")
            .arg(m_speakers.size());
    m_config = config;
    m_stopRequested = false;
    m_result = SpeakerStudyResult();
    m_result.preset = runLabel(config);
    m_result.epochs = config.epochs;
    m_result.speakerCount = static_cast<int>(m_speakers.size());
    m_result.randomSplit = latestRandomSplit(config);
    m_session = std::make_unique<TrainingSession>(m_controller->data());
    connectWorker();
    m_controller->setReservation(tr("A leave-one-speaker-out study is running: stop it or let it finish, then "
                                    "train."));
    Q_EMIT runningChanged(true);
    Q_EMIT resultChanged(m_result);
    runNext();
    return {};
}

void SpeakerStudy::connectWorker()
{
    const int generation = ++m_generation;
    const auto current = [this, generation] { return m_generation == generation && m_session; };
    TrainingWorker *worker = m_session->worker();
    connect(worker, &TrainingWorker::started, this, [this, current](const TrainingConfig &, qint64, qint64 testSize) {
        if (!current())
            return;
        m_testSize = testSize;
        if (m_stopRequested)  // Stop came after the previous run ended, before this one reset the control
            m_session->worker()->control().requestStop();
    });
    connect(worker, &TrainingWorker::progress, this, [this, current](const TrainingProgress &point) {
        if (!current())
            return;
        SpeakerStudyProgress p;
        p.speakerIndex = static_cast<int>(m_result.speakers.size());
        p.speakerCount = m_result.speakerCount;
        p.speaker = currentSpeaker();
        p.epoch = point.epoch;
        p.epochs = m_config.epochs;
        p.fraction = point.fraction;
        Q_EMIT progress(p);
    });
    connect(worker, &TrainingWorker::finished, this, [this, current](const TrainingSummary &summary) {
        if (current())
            onRunFinished(summary);
    });
    connect(worker, &TrainingWorker::failed, this, [this, current](const QString &text) {
        if (current())
            finish(tr("The study stopped at %1: %2").arg(currentSpeaker(), text), MessageKind::Error);
    });
}

QString SpeakerStudy::currentSpeaker() const
{
    const auto index = static_cast<qsizetype>(m_result.speakers.size());
    return index < m_speakers.size() ? m_speakers[index] : QString();
}

void SpeakerStudy::runNext()
{
    TrainingConfig config = m_config;
    config.split.kind = SplitKind::LeaveOneSpeakerOut;
    config.split.speaker = currentSpeaker();
    Q_EMIT message(tr("Leave one speaker out: training without %1 (speaker %2 of %3)…")
                       .arg(config.split.speaker)
                       .arg(m_result.speakers.size() + 1)
                       .arg(m_result.speakerCount),
                   MessageKind::Info);
    m_session->worker()->requestTraining(config);
}

void SpeakerStudy::onRunFinished(const TrainingSummary &summary)
{
    if (summary.outcome == RunOutcome::Failed) {
        finish(tr("The study stopped at %1: %2").arg(currentSpeaker(), summary.message), MessageKind::Error);
        return;
    }
    if (m_stopRequested || summary.outcome == RunOutcome::Stopped) {
        // A stopped run's accuracy is a half-trained network's: it is not kept.
        finish(tr("Stopped after %1 of %2 speakers.").arg(m_result.speakers.size()).arg(m_result.speakerCount),
               MessageKind::Warning);
        return;
    }
    HeldOutSpeaker done;
    done.speaker = currentSpeaker();
    done.accuracy = summary.testAccuracy;  // the last epoch's, as convscope-cli train --split loso prints
    done.testSize = m_testSize;
    m_result.speakers.push_back(done);
    Q_EMIT resultChanged(m_result);
    if (!m_result.complete()) {
        runNext();
        return;
    }
    finish(tr("Leave one speaker out: mean test accuracy %1 % over %2 speakers.")
               .arg(100.0 * m_result.mean(), 0, 'f', 1)
               .arg(m_result.speakerCount),
           MessageKind::Info);
}

void SpeakerStudy::stop()
{
    if (!isRunning())
        return;
    m_stopRequested = true;
    m_session->worker()->control().requestStop();
    Q_EMIT message(tr("Stopping the study after the current batch…"), MessageKind::Info);
}

void SpeakerStudy::finish(const QString &text, MessageKind kind)
{
    m_session.reset();
    if (m_controller)
        m_controller->setReservation({});
    Q_EMIT runningChanged(false);
    Q_EMIT message(text, kind);
    Q_EMIT finished(m_result);
}

namespace {

/// A config's settings but for its split, its threads and whether it measured its layers (a run trains the same
/// with or without): what makes two runs comparable (TrainingConfig::toJson()).
QJsonObject settingsOf(QJsonObject config)
{
    for (const char *key : {"split", "split_seed", "threads", "layer_statistics"})
        config.remove(QLatin1String(key));
    return config;
}

}  // namespace

std::optional<RandomSplitRun> SpeakerStudy::latestRandomSplit(const TrainingConfig &config) const
{
    const QJsonObject settings = settingsOf(config.toJson());
    for (auto it = m_randomSplits.rbegin(); it != m_randomSplits.rend(); ++it)
        if (it->first == settings)
            return it->second;
    return std::nullopt;
}

void SpeakerStudy::onRunRecorded(const RunRecord &run)
{
    if (run.summary.outcome != RunOutcome::Finished || run.config.value("split").toString() != "random")
        return;
    RandomSplitRun entry;
    entry.finishedAt = run.finishedAt;
    entry.accuracy = run.summary.testAccuracy;
    entry.epochs = run.summary.epochsDone;
    m_randomSplits.emplace_back(settingsOf(run.config), entry);
    if (m_result.speakerCount > 0 && m_randomSplits.back().first == settingsOf(m_config.toJson())) {
        m_result.randomSplit = entry;
        Q_EMIT resultChanged(m_result);
    }
}

}  // namespace convscope
