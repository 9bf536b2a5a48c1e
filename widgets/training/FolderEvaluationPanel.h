#pragma once

#include "train/FolderEvaluation.h"
#include "util/BackgroundJob.h"

#include <QTemporaryDir>
#include <QWidget>

#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace convscope {

class ConfusionMatrixView;
class TrainingController;

/**
 * The training tab's "Evaluate on folder" page: a saved model (.cspt) or the current one, on any folder of
 * {digit}_{speaker}_{take}.wav recordings, evaluated in the background by evaluateFolder() (what `convscope-cli
 * evaluate` prints): accuracy and count, per-speaker accuracies, the confusion matrix and the skipped files with
 * their reasons. The current model is first saved to a scratch checkpoint, so both choices are read by
 * TrainedModel as the CLI reads them. GUI thread only.
 */
class FolderEvaluationPanel : public QWidget {
    Q_OBJECT
public:
    explicit FolderEvaluationPanel(TrainingController *controller, QWidget *parent = nullptr);

    /// Chooses a saved model file (an empty path chooses the current model).
    void setModelFile(const QString &path);
    void setFolder(const QString &folder);
    /// Starts the evaluation; returns why not, or empty (evaluationFinished answers).
    QString evaluate();
    bool isBusy() const { return m_job.isRunning() || !m_pendingSave.isEmpty(); }
    /// The last evaluation shown (its error set when it could not run).
    const std::optional<FolderEvaluation> &evaluation() const { return m_evaluation; }

    QString summaryText() const;
    QTableWidget *speakerTable() const { return m_speakers; }
    ConfusionMatrixView *confusionMatrix() const { return m_confusion; }
    QListWidget *skippedList() const { return m_skipped; }
    QPushButton *evaluateButton() const { return m_evaluateButton; }

Q_SIGNALS:
    void evaluationFinished(const convscope::FolderEvaluation &evaluation);

private:
    QWidget *buildChoices();
    void chooseModelFile();
    void chooseFolder();
    void runJob(const QString &modelPath, const QString &modelName);
    void showEvaluation(const FolderEvaluation &evaluation, const QString &modelName);
    void showError(const QString &text);
    void updateEnabled();

    TrainingController *m_controller;
    std::unique_ptr<QTemporaryDir> m_scratch;  ///< where the current model is saved to be read like a saved one
    QString m_pendingSave;       ///< the scratch checkpoint being written, until modelSaved
    BackgroundJob<FolderEvaluation> m_job{this};
    std::optional<FolderEvaluation> m_evaluation;

    QComboBox *m_modelChoice;
    QLineEdit *m_modelPath, *m_folder;
    QPushButton *m_modelBrowse, *m_evaluateButton;
    QProgressBar *m_busy;
    QLabel *m_summary;
    QTableWidget *m_speakers;
    ConfusionMatrixView *m_confusion;
    QListWidget *m_skipped;
};

}  // namespace convscope
