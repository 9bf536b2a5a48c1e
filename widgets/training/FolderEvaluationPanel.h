#pragma once

#include "train/FolderEvaluation.h"

#include <QWidget>

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
class FolderEvaluator;
class TrainingController;

/**
 * The training tab's "Evaluate on folder" page: a saved model (.cspt) or the current one, on any folder of
 * {digit}_{speaker}_{take}.wav recordings, evaluated in the background by evaluateFolder() (what `convscope-cli
 * evaluate` prints): accuracy and count, per-speaker accuracies, the confusion matrix and the skipped files with
 * their reasons. The work and its state are its FolderEvaluator's; the panel shows them. GUI thread only.
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
    bool isBusy() const;
    /// The last evaluation shown (its error set when it could not run).
    const std::optional<FolderEvaluation> &evaluation() const;
    FolderEvaluator *evaluator() const { return m_evaluator; }

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
    void showEvaluation(const FolderEvaluation &evaluation);
    void showError(const QString &text);
    void updateEnabled();

    FolderEvaluator *m_evaluator;

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
