#pragma once

#include "train/TrainingConfig.h"
#include "train/TrainingState.h"

#include <QElapsedTimer>
#include <QWidget>

#include <memory>
#include <utility>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace convscope {

class AudioPlayer;
class ConfusionMatrixView;
class FolderEvaluationPanel;
class LayersView;
class SpeakerStudyPanel;
class RunsTable;
class TrainingController;
class TrainingCurves;
class TrainingForm;
struct EvaluationReport;
struct RunRecord;
struct TrainingProgress;

/**
 * The training tab: the run form, Train / Pause / Step / Stop, a progress bar (epoch, ETA, examples per
 * second), the controller's messages, live curves, the runs table and, after each run, the confusion matrix
 * with the misclassified clips (click one to hear it, double-click to explain it: clipChosen). Save model,
 * Open model, Continue and Open runs. Beside the curves, pages for a leave-one-speaker-out study
 * (SpeakerStudyPanel), for every layer's statistics (LayersView) and for evaluating a model on any folder (FolderEvaluationPanel). Everything it shows comes
 * from the TrainingController it observes. GUI thread only.
 */
class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(TrainingController *controller, QWidget *parent = nullptr);
    ~TrainingPanel() override;

    TrainingForm *form() const { return m_form; }
    /// The run the form describes (TrainingForm::config()).
    std::optional<TrainingConfig> config(QString *error = nullptr) const;
    bool selectNetwork(const QString &id);
    void setEpochs(int epochs);
    /// Appends the runs of a saved runs JSON file to the table; returns the error, if any (also shown).
    QString openRuns(const QString &path);
    /// Plays a clip of the data folder (a file name as the clip list shows it); returns the error, if any.
    QString playClip(const QString &fileName);
    QString messageText() const;

    TrainingCurves *curves() const { return m_curves; }
    LayersView *layers() const { return m_layers; }
    /// The pages beside the form: training curves, leave one speaker out, evaluate on folder.
    QTabWidget *pages() const { return m_pages; }
    SpeakerStudyPanel *speakerStudy() const { return m_speakerStudy; }
    FolderEvaluationPanel *folderEvaluation() const { return m_folderEvaluation; }
    RunsTable *runsTable() const { return m_runs; }
    ConfusionMatrixView *confusionMatrix() const { return m_confusion; }
    QListWidget *clipList() const { return m_clips; }
    QProgressBar *progressBar() const { return m_progress; }
    QPushButton *trainButton() const { return m_trainButton; }
    QPushButton *pauseButton() const { return m_pauseButton; }
    QPushButton *stepButton() const { return m_stepButton; }
    QPushButton *stopButton() const { return m_stopButton; }
    QPushButton *saveModelButton() const { return m_saveModelButton; }
    QPushButton *continueButton() const { return m_continueButton; }
    QSpinBox *continueEpochsBox() const { return m_continueEpochs; }

public Q_SLOTS:
    void startTraining();
    void continueTraining();
    /// File dialogs for saving and opening models and opening runs.
    void saveModelAs();
    void openModelFrom();
    void openRunsFrom();

Q_SIGNALS:
    /// A misclassified clip was double-clicked: the full path, its true and predicted digits.
    void clipChosen(const QString &path, int truth, int predicted);
    /// "Look inside the network" was chosen in a misclassified clip's context menu: its file name.
    void clipExplored(const QString &fileName);

private:
    QWidget *buildControls();
    /// The misclassified clips: click to listen, double-click to explain, a context menu to look inside.
    void buildClipList();
    void connectController();
    void updateButtons(TrainingState state);
    void showMessage(const QString &text, MessageKind kind);
    /// Shows `text` on the progress bar and keeps it as what the bar says whenever the controller is idle again (after
    /// preparing data or opening a model, which label the bar while they run).
    void settleProgress(const QString &text);
    void onRunStarted(const TrainingConfig &config);
    void onProgress(const TrainingProgress &point);
    void onRunRecorded(const RunRecord &run);
    void onEvaluated(const EvaluationReport &report);
    void onLoaded(const TrainingConfig &config, int epochsDone);
    void showClips(int truth, int predicted);
    void redrawHistory(int epochs);

    TrainingController *m_controller;
    QElapsedTimer m_clock;
    double m_startFraction = 0.0;  ///< where the current run's curve started (continued runs), for the ETA
    QString m_settledText;         ///< the progress bar's label when idle (settleProgress)
    std::pair<int, int> m_clipCell{-1, -1};
    std::unique_ptr<AudioPlayer> m_player;

    TrainingForm *m_form;
    QPushButton *m_trainButton, *m_pauseButton, *m_stepButton, *m_stopButton;
    QPushButton *m_saveModelButton, *m_openModelButton, *m_continueButton, *m_openRunsButton;
    QSpinBox *m_continueEpochs;
    QProgressBar *m_progress;
    QLabel *m_message;
    TrainingCurves *m_curves;
    LayersView *m_layers;
    SpeakerStudyPanel *m_speakerStudy;
    FolderEvaluationPanel *m_folderEvaluation;
    QTabWidget *m_pages;
    RunsTable *m_runs;
    ConfusionMatrixView *m_confusion;
    QListWidget *m_clips;
    QLabel *m_clipsTitle;
};

}  // namespace convscope
