#pragma once

#include "audio/AudioClip.h"
#include "services/VoiceTeaching.h"
#include "train/TrainingState.h"

#include <QDialog>

#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace convscope {

class RecorderWidget;
class ModelService;
class TrainingController;

/**
 * "Teach it your voice": a guided round of takes (VoiceTeaching). It asks for each digit in big text ("Say 0 (take 1
 * of 2)"), records with the RecorderWidget (or opens WAV files where there is no microphone), shows the takes as a
 * grid of digit × take (click one to hear it and record it again), then Teach fine-tunes the ready voice model on them
 * in the background with progress and Cancel. The result says how the model did before and after on the takes it
 * did not learn from, and the personal model then answers the voice test (ModelService::usePersonalModel).
 * Teach waits while a training run holds the cores. GUI thread only.
 */
class VoiceTeachingDialog : public QDialog {
    Q_OBJECT
public:
    explicit VoiceTeachingDialog(ModelService *models, QWidget *parent = nullptr);

    /// Why teaching must wait now (a training run or a speaker study holds the cores), or empty; for every Teach
    /// button.
    static QString whyBusy(const TrainingController &training);

    /// Where the personal model is saved (VoiceTeaching::defaultSavePath() unless set).
    void setSavePath(const QString &path);
    const QString &savePath() const { return m_savePath; }

    VoiceTeaching *teaching() const { return m_teaching; }
    RecorderWidget *recorder() const { return m_recorder; }
    QTableWidget *takeGrid() const { return m_grid; }
    QSpinBox *takesBox() const { return m_takesBox; }
    QPushButton *teachButton() const { return m_teachButton; }
    QPushButton *cancelButton() const { return m_cancelButton; }
    QPushButton *copyButton() const { return m_copyButton; }
    QProgressBar *progressBar() const { return m_progress; }
    /// "Say 0 (take 1 of 2)", "Say 4 again (take 2 of 2)" or "All 20 takes recorded".
    QString promptText() const;
    QString resultText() const;

    /// Chooses a cell of the grid: a recorded take is shown (to play) and the next take replaces it; an empty cell
    /// goes back to the round's order.
    void chooseTake(int digit, int take);
    /// Starts teaching (Teach).
    void teach();

private:
    void buildLayout();
    void onClip(const AudioClip &clip);
    /// The prompt, the grid and the buttons follow the takes, the teaching and the training controller.
    void refresh();
    void refreshGrid();
    void refreshButtons();
    void onFinished(const TeachingResult &result);
    void onFailed(const QString &message);
    void saveCopy();
    void showResult(const QString &text, MessageKind kind);

    ModelService *m_models;
    VoiceTeaching *m_teaching;
    QString m_savePath;
    std::optional<TeachingPrompt> m_redo;  ///< the recorded take the next clip replaces, if one was chosen
    QString m_summary;                     ///< what the last round gave, for the user

    QLabel *m_prompt, *m_detail, *m_note, *m_result;
    RecorderWidget *m_recorder;
    QTableWidget *m_grid;
    QSpinBox *m_takesBox;
    QPushButton *m_removeButton, *m_teachButton, *m_cancelButton, *m_copyButton;
    QProgressBar *m_progress;
};

}  // namespace convscope
