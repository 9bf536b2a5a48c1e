#pragma once

#include "RunRecord.h"
#include "network/NetworkSpec.h"
#include "train/Trainer.h"
#include "train/TrainingConfig.h"
#include "train/TrainingProgress.h"

#include <QElapsedTimer>
#include <QWidget>

#include <array>
#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace convscope {

class AudioPlayer;
class ConfusionMatrixView;
class FeatureCache;
class RunsTable;
class TrainingCurves;
class TrainingSession;
class TrainingWorker;

/**
 * The training panel: a form for the run (network preset or the studio's custom network, input, split,
 * hyper-parameters), Train / Pause / Step / Stop, a progress bar (epoch, ETA, examples per second), messages,
 * live curves, the runs table and, after each run, the confusion matrix with the misclassified clips (click one
 * to hear it, double-click to explain it). Saves and opens models (.cspt checkpoints, with their curve),
 * continues training a model to more epochs and opens saved runs. Relays the current model's probabilities and
 * saliency for one recording to the voice test. Owns a TrainingSession (its worker thread); destroying the
 * panel stops a run within one batch.
 * GUI thread only.
 */
class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget *parent = nullptr);
    ~TrainingPanel() override;

    /// The dataset to train on (replaces the session, stopping any run). Train is disabled until this is set.
    void setData(std::shared_ptr<const FeatureCache> data);
    /// The folder the dataset was read from: misclassified clips are played from there.
    void setDataFolder(const QString &folder) { m_dataFolder = folder; }
    QString dataFolder() const { return m_dataFolder; }
    /// The network being edited in the studio, offered as "custom" in the network list (and selected).
    void setCustomNetwork(const NetworkSpec &network);
    /// Selects a preset ("plain", "dropout", "batchnorm", "resnet", "mfcc" or "custom") and applies its defaults.
    bool selectNetwork(const QString &id);

    /// The run the form describes; nullopt with `error` when it cannot be built.
    std::optional<TrainingConfig> config(QString *error = nullptr) const;
    void setEpochs(int epochs);

    /// Saves the current model to `path` in the background (modelSaved answers); returns an error when there is none.
    QString saveModel(const QString &path);
    /// Opens a checkpoint in the background (modelLoaded answers, and its curve is drawn); errors are shown.
    QString openModel(const QString &path);
    /// Continues the current model up to `epochs` in total; returns an error when that is not possible now.
    QString continueTraining(int epochs);
    /// Appends the runs of a saved runs JSON file to the table; returns the error, if any (also shown).
    QString openRuns(const QString &path);

    /// Whether a model exists (trained, being trained or opened).
    bool hasModel() const { return m_hasModel; }
    /// The current model's run settings (meaningful when hasModel()).
    const TrainingConfig &modelConfig() const { return m_runConfig; }
    int epochsDone() const { return m_epochsDone; }
    const std::vector<TrainingProgress> &history() const { return m_history; }
    /// Asks the model for one recording's class probabilities (probabilitiesReady answers); returns why it cannot.
    QString requestProbabilities(const std::vector<float> &samples);
    /// Asks for |d score(digit) / d input| (saliencyReady answers); returns why it cannot.
    QString requestSaliency(const std::vector<float> &samples, int digit);
    /// Plays a clip of the data folder (a file name as the clip list shows it); returns the error, if any.
    QString playClip(const QString &fileName);

    bool isTraining() const { return m_running; }
    bool isPaused() const;
    QString messageText() const;

    TrainingWorker *worker() const;
    TrainingCurves *curves() const { return m_curves; }
    RunsTable *runsTable() const { return m_runs; }
    ConfusionMatrixView *confusionMatrix() const { return m_confusion; }
    QListWidget *clipList() const { return m_clips; }
    QProgressBar *progressBar() const { return m_progress; }
    QPushButton *trainButton() const { return m_trainButton; }
    QPushButton *pauseButton() const { return m_pauseButton; }
    QPushButton *stepButton() const { return m_stepButton; }
    QPushButton *stopButton() const { return m_stopButton; }
    QPushButton *continueButton() const { return m_continueButton; }
    QSpinBox *continueEpochsBox() const { return m_continueEpochs; }

public Q_SLOTS:
    void startTraining();
    void togglePause();
    void stepOnce();
    void stopTraining();
    /// File dialogs for saveModel(), openModel() and openRuns().
    void saveModelAs();
    void openModelFrom();
    void openRunsFrom();

Q_SIGNALS:
    void runStarted(const convscope::TrainingConfig &config);
    /// A progress point was drawn (emitted on the GUI thread after the curves took it).
    void progressShown(const convscope::TrainingProgress &point);
    /// A run ended and was added to the runs table (when it had at least one progress point).
    void runFinished(const convscope::TrainingSummary &summary);
    void evaluationShown(const convscope::EvaluationReport &report);
    /// A save ended: `error` is empty on success.
    void modelSaved(const QString &path, const QString &error);
    /// A checkpoint was opened and its curve drawn.
    void modelLoaded(const convscope::TrainingConfig &config, int epochsDone);
    /// The current model appeared, was replaced or finished a run (the voice test refreshes its answer).
    void modelChanged();
    void probabilitiesReady(const std::array<double, 10> &values);
    void saliencyReady(const std::vector<float> &values, int digit);
    /// A misclassified clip was double-clicked: the full path, its true and predicted digits.
    void clipChosen(const QString &path, int truth, int predicted);

private:
    enum class MessageKind { Info, Warning, Error };
    void buildForm();
    void applyNetworkDefaults();
    void refreshSplits();
    void updateButtons();
    void showMessage(const QString &text, MessageKind kind);
    void onStarted(const TrainingConfig &config, qint64 trainSize, qint64 testSize);
    void onProgress(const TrainingProgress &point);
    void onFinished(const TrainingSummary &summary);
    void onFailed(const QString &message);
    void onEvaluated(const EvaluationReport &report);
    void showClips(int truth, int predicted);
    void onLoaded(const TrainingConfig &config, int epochsDone);
    void applyConfigToForm(const TrainingConfig &config);
    void redrawHistory(int epochs);
    QString runLabel(const TrainingConfig &config) const;
    /// Why the model cannot answer a query about `samples` now, or empty.
    QString whyModelCannotAnswer(const std::vector<float> &samples) const;

    std::shared_ptr<const FeatureCache> m_data;
    std::unique_ptr<TrainingSession> m_session;
    std::optional<NetworkSpec> m_customNetwork;
    TrainingConfig m_runConfig;
    std::vector<TrainingProgress> m_history;
    QElapsedTimer m_clock;
    bool m_running = false;
    bool m_evaluating = false;
    bool m_loading = false;     ///< a checkpoint is being opened
    bool m_hasModel = false;
    int m_epochsDone = 0;
    double m_startFraction = 0.0;  ///< where the current run's curve started (continued runs), for the ETA
    QString m_runName;
    QString m_dataFolder;
    std::vector<TrainingProgress> m_loadedHistory;
    std::pair<int, int> m_clipCell{-1, -1};
    std::unique_ptr<AudioPlayer> m_player;
    int m_generation = 0;  ///< bumped per session, so queued signals of a replaced session are ignored

    QComboBox *m_network, *m_input, *m_split, *m_optimizer;
    QSpinBox *m_epochs, *m_batch;
    QDoubleSpinBox *m_learningRate, *m_momentum, *m_weightDecay;
    QSpinBox *m_seed;
    QCheckBox *m_augment, *m_standardize;
    QPushButton *m_trainButton, *m_pauseButton, *m_stepButton, *m_stopButton;
    QPushButton *m_saveModelButton, *m_openModelButton, *m_continueButton, *m_openRunsButton;
    QSpinBox *m_continueEpochs;
    QProgressBar *m_progress;
    QLabel *m_message;
    TrainingCurves *m_curves;
    RunsTable *m_runs;
    ConfusionMatrixView *m_confusion;
    QListWidget *m_clips;
    QLabel *m_clipsTitle;
};

}  // namespace convscope
