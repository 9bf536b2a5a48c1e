#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace convscope {

class SpeakerChart;
class SpeakerStudy;
class TrainingController;
class TrainingForm;
struct SpeakerStudyProgress;

/**
 * The training tab's "Leave one speaker out" page: one click runs a SpeakerStudy of the form's settings in the
 * background, with progress (speaker i of n, epoch) and Stop, and draws it as a SpeakerChart next to the same
 * preset's random-split accuracy. GUI thread only.
 */
class SpeakerStudyPanel : public QWidget {
    Q_OBJECT
public:
    SpeakerStudyPanel(TrainingController *controller, TrainingForm *form, QWidget *parent = nullptr);

    SpeakerStudy *study() const { return m_study; }
    SpeakerChart *chart() const { return m_chart; }
    QPushButton *startButton() const { return m_startButton; }
    QPushButton *stopButton() const { return m_stopButton; }
    QProgressBar *progressBar() const { return m_progress; }
    QString messageText() const;

public Q_SLOTS:
    /// Starts a study of the form's current settings; a refusal is shown in the message line.
    void startStudy();

private:
    void updateButtons();
    void onProgress(const SpeakerStudyProgress &point);

    TrainingController *m_controller;
    TrainingForm *m_form;
    SpeakerStudy *m_study;
    QPushButton *m_startButton, *m_stopButton;
    QProgressBar *m_progress;
    QLabel *m_message;
    SpeakerChart *m_chart;
};

}  // namespace convscope
