#pragma once

#include "listen/ListenPipeline.h"

#include <QDialog>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace convscope {

class ListenSession;
class ListenView;

/**
 * The Listen mode of "Test your voice": listens to the microphone (or replays a WAV as if live) until stopped, shows
 * the stream in a ListenView, and writes each word heard into a transcript that can be copied and cleared. The hop
 * and the detector's sensitivity are set here; the model is the one that answers the voice test (modelFile(), the
 * one place that says which). With no microphone the panel says why, and replay still works. GUI thread.
 */
class ListenPanel : public QDialog {
    Q_OBJECT
public:
    /// `modelFile`: the checkpoint or built-in name of the model that answers ("builtin:voice").
    explicit ListenPanel(const QString &modelFile, QWidget *parent = nullptr);
    ~ListenPanel() override;

    /// The model listening uses.
    QString modelFile() const { return m_modelFile; }
    /// Listens with `file` from the next start on; `description` names it for the user.
    void setModelFile(const QString &file, const QString &description);
    /// Replays `file` as if it were the microphone (at real time, or as fast as it goes); returns why not, or empty.
    QString replay(const QString &file, bool realTime = true);
    QString transcript() const;

    ListenSession *session() const { return m_session; }
    ListenView *view() const { return m_view; }
    QPushButton *listenButton() const { return m_listen; }
    QLabel *microphoneLabel() const { return m_microphone; }

private:
    void buildLayout();
    void onUpdate(const ListenUpdate &update);
    void applySettings();
    void refreshButtons();
    void showProblem(const QString &text);

    QString m_modelFile;
    ListenSession *m_session;
    ListenView *m_view;
    QPlainTextEdit *m_transcript;
    QLabel *m_microphone, *m_status;
    QPushButton *m_listen, *m_replay, *m_stop, *m_copy, *m_clear;
    QSpinBox *m_hop;
    QDoubleSpinBox *m_sensitivity;
};

}  // namespace convscope
