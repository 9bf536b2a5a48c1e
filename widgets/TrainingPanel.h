#pragma once

#include "RunRecord.h"
#include "network/NetworkSpec.h"
#include "train/Trainer.h"
#include "train/TrainingConfig.h"
#include "train/TrainingProgress.h"

#include <QElapsedTimer>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace convscope {

class ConfusionMatrixView;
class FeatureCache;
class RunsTable;
class TrainingCurves;
class TrainingSession;
class TrainingWorker;

/**
 * The training panel: a form for the run (network preset or the studio's custom network, input, split,
 * hyper-parameters), Train / Pause / Step / Stop, a progress bar (epoch, ETA, examples per second), messages,
 * live curves, the runs table and, after each run, the confusion matrix with the misclassified clips.
 * Owns a TrainingSession (its worker thread); destroying the panel stops a run within one batch.
 * GUI thread only.
 */
class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget *parent = nullptr);
    ~TrainingPanel() override;

    /// The dataset to train on (replaces the session, stopping any run). Train is disabled until this is set.
    void setData(std::shared_ptr<const FeatureCache> data);
    /// The network being edited in the studio, offered as "custom" in the network list (and selected).
    void setCustomNetwork(const NetworkSpec &network);
    /// Selects a preset ("plain", "dropout", "batchnorm", "resnet", "mfcc" or "custom") and applies its defaults.
    bool selectNetwork(const QString &id);

    /// The run the form describes; nullopt with `error` when it cannot be built.
    std::optional<TrainingConfig> config(QString *error = nullptr) const;
    void setEpochs(int epochs);

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

public Q_SLOTS:
    void startTraining();
    void togglePause();
    void stepOnce();
    void stopTraining();

Q_SIGNALS:
    void runStarted(const convscope::TrainingConfig &config);
    /// A progress point was drawn (emitted on the GUI thread after the curves took it).
    void progressShown(const convscope::TrainingProgress &point);
    /// A run ended and was added to the runs table (when it had at least one progress point).
    void runFinished(const convscope::TrainingSummary &summary);
    void evaluationShown(const convscope::EvaluationReport &report);

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

    std::shared_ptr<const FeatureCache> m_data;
    std::unique_ptr<TrainingSession> m_session;
    std::optional<NetworkSpec> m_customNetwork;
    TrainingConfig m_runConfig;
    std::vector<TrainingProgress> m_history;
    QElapsedTimer m_clock;
    bool m_running = false;
    bool m_evaluating = false;
    int m_generation = 0;  ///< bumped per session, so queued signals of a replaced session are ignored

    QComboBox *m_network, *m_input, *m_split, *m_optimizer;
    QSpinBox *m_epochs, *m_batch;
    QDoubleSpinBox *m_learningRate, *m_momentum, *m_weightDecay;
    QSpinBox *m_seed;
    QCheckBox *m_augment, *m_standardize;
    QPushButton *m_trainButton, *m_pauseButton, *m_stepButton, *m_stopButton;
    QProgressBar *m_progress;
    QLabel *m_message;
    TrainingCurves *m_curves;
    RunsTable *m_runs;
    ConfusionMatrixView *m_confusion;
    QListWidget *m_clips;
    QLabel *m_clipsTitle;
};

}  // namespace convscope
