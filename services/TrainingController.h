#pragma once

#include "train/RunRecord.h"
#include "train/Trainer.h"
#include "train/TrainingConfig.h"
#include "train/TrainingProgress.h"
#include "train/TrainingState.h"

#include "util/BackgroundJob.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace convscope {

class FeatureCache;
class TrainingSession;
class Dataset;
struct FeatureCacheResult;
class TrainingWorker;

/**
 * The app's training service, with no widget: it owns the dataset's features, the TrainingSession (the worker
 * thread), the run configuration, the history, the current model's facts and one explicit TrainingState.
 * Panels observe it (stateChanged and the other signals) and ask it to act; none of them asks another panel.
 * What the model answers (probabilities, saliency, activations, the data map, the trained field) is asked through
 * ModelService, which says which model answers.
 * A run's test accuracy is the final evaluation's, set once here and then shown by every panel, the runs table
 * and the runs file. GUI thread only.
 */
class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject *parent = nullptr);
    ~TrainingController() override;

    TrainingState state() const { return m_state; }

    /// Computes the raw and MFCC features of `dataset` on a pool thread (PreparingData), then setData(). A newer
    /// dataset cancels an older computation; destroying the controller cancels and waits.
    void prepareData(const Dataset &dataset);
    /// The dataset to train on and the folder its clips are played from; replaces the session, ending any run.
    void setData(std::shared_ptr<const FeatureCache> data, const QString &folder = {});
    bool hasData() const { return m_data != nullptr; }
    QString dataFolder() const { return m_dataFolder; }
    /// The features of the data (nullptr before data), for work that trains on a session of its own.
    std::shared_ptr<const FeatureCache> data() const { return m_data; }
    /// The speakers of the data, for the split choices.
    QStringList speakerNames() const;
    /// How many clips the data holds (0 before data).
    std::int64_t clipCount() const;

    /// The studio's network, offered to the form as "custom" (customNetworkOffered).
    void offerCustomNetwork(const NetworkSpec &network);
    const std::optional<NetworkSpec> &customNetwork() const { return m_customNetwork; }

    /// Starts a new run; returns why not, or empty.
    QString start(const TrainingConfig &config);
    /// Continues the current model up to `epochs` in total; returns why not, or empty.
    QString continueTo(int epochs);
    void togglePause();
    /// Pauses and runs exactly one batch.
    void step();
    void stop();
    bool isPaused() const;
    /// Lends the training tab to other work (a speaker study): while `reason` is set, start, continueTo and
    /// openModel refuse with it and the form and buttons lock (reservationChanged). Empty gives it back.
    void setReservation(const QString &reason);
    const QString &reservation() const { return m_reservation; }

    /// Whether a save speaks on the message line: a scratch copy (the folder evaluation's) does not.
    enum class SaveNotice { Announce, Quiet };
    /// Saves the current model in the background (modelSaved answers); returns why not, or empty.
    QString saveModel(const QString &path, SaveNotice notice = SaveNotice::Announce);
    /// Opens a checkpoint in the background (modelLoaded answers); returns why not, or empty.
    QString openModel(const QString &path);

    /// Whether a model exists (trained, being trained or opened).
    bool hasModel() const { return m_hasModel; }
    /// Whether the user's model can answer now: a model exists and no run is stepping its weights.
    bool canAnswer() const { return m_hasModel && !isRunning(m_state) && m_state != TrainingState::Opening; }
    const TrainingConfig &modelConfig() const { return m_config; }
    /// The model's name: its preset id ("mfcc") when it trains a preset unchanged, else its network's name.
    QString modelName() const { return m_runName; }
    int epochsDone() const { return m_epochsDone; }
    const std::vector<TrainingProgress> &history() const { return m_history; }
    /// The current model's last evaluation on its test set.
    const std::optional<EvaluationReport> &evaluation() const { return m_evaluation; }
    /// The session's worker (nullptr before data): ModelService asks the user's model through it (the worker's
    /// questions are answered on its thread); tests watch its signals.
    TrainingWorker *worker() const;

Q_SIGNALS:
    void stateChanged(convscope::TrainingState state);
    void reservationChanged();
    /// New data (or none): the split choices and the Train button follow.
    void dataChanged();
    void customNetworkOffered(const convscope::NetworkSpec &network);
    /// A run (new or continued) was accepted: its curve starts over from history().
    void runStarted(const convscope::TrainingConfig &config);
    /// The worker began the run on `trainSize` clips, testing on `testSize`.
    void runSized(qint64 trainSize, qint64 testSize);
    void progress(const convscope::TrainingProgress &point);
    /// The state's sentence for the user, or a warning or an error.
    void message(const QString &text, convscope::MessageKind kind);
    /// A run ended and was evaluated: its record, with the final evaluation's test accuracy.
    void runRecorded(const convscope::RunRecord &run);
    void evaluated(const convscope::EvaluationReport &report);
    /// The current model appeared, was replaced, finished a run or went away.
    void modelChanged();
    void modelSaved(const QString &path, const QString &error);
    /// A checkpoint was opened: history() holds its curve.
    void modelLoaded(const convscope::TrainingConfig &config, int epochsDone);

private:
    void setState(TrainingState state);
    void connectWorker(TrainingWorker *worker);
    void onSized(qint64 trainSize, qint64 testSize);
    void onFinished(const TrainingSummary &summary);
    void onFailed(const QString &text);
    void onEvaluated(const EvaluationReport &report);
    void onLoaded(const TrainingConfig &config, int epochsDone);
    void recordRun(const EvaluationReport &report);
    static TrainingState endState(RunOutcome outcome);

    std::shared_ptr<const FeatureCache> m_data;
    QString m_dataFolder;
    std::unique_ptr<TrainingSession> m_session;
    int m_sessionGeneration = 0;  ///< bumped whenever the session is replaced or dropped
    BackgroundJob<FeatureCacheResult> m_preparation{this};
    TrainingState m_state = TrainingState::Idle;
    std::optional<NetworkSpec> m_customNetwork;
    TrainingConfig m_config;
    QString m_runName;
    bool m_hasModel = false;
    int m_epochsDone = 0;
    std::vector<TrainingProgress> m_history;
    std::vector<TrainingProgress> m_loadedHistory;
    std::optional<TrainingSummary> m_pendingSummary;  ///< the ended run, until its evaluation arrives
    std::optional<EvaluationReport> m_evaluation;
    QString m_reservation;  ///< setReservation()
    QString m_quietSave;    ///< the path of a SaveNotice::Quiet save in flight
};

}  // namespace convscope
