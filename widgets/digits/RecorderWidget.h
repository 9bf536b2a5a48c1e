#pragma once

#include "audio/AudioClip.h"

#include <QMetaType>
#include <QWidget>

#include <cstdint>
#include <memory>
#include <vector>

class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;

namespace convscope {

class AudioRecorder;
class FeatureMatrixView;
class PlaybackControl;
class WaveformView;

/**
 * Records your own voice (or opens a WAV file instead, for machines with no microphone): Record / Stop with a
 * live level meter, then the clip's waveform and MFCC, Play with a moving playhead and Save as WAV. Every new
 * clip (recorded or opened) is announced with clipRecorded(), e.g. for a "test your voice" classifier.
 * With no input device Record is disabled and one message says why; with no output device Play is.
 * GUI thread only.
 */
class RecorderWidget : public QWidget {
    Q_OBJECT
public:
    static constexpr double maxSeconds = 5.0;

    explicit RecorderWidget(QWidget *parent = nullptr);
    ~RecorderWidget() override;

    bool canRecord() const;
    bool isRecording() const;
    /// Starts recording; returns an empty string or the error (also shown in the widget).
    QString startRecording();
    /// Stops, trims the silence and shows the clip (emitting clipRecorded); an all-silent take is reported.
    void stopRecording();
    /// Decodes an audio file (resampled to 8000 Hz) and treats it like a recording; returns the error or "".
    QString openFile(const QString &path);
    /// Writes the current clip as 16-bit WAV, atomically (a half-written file never replaces `path`).
    QString saveClip(const QString &path) const;
    /// Shows `clip` as the current take and emits clipRecorded.
    void setClip(const AudioClip &clip);
    const AudioClip &clip() const { return m_clip; }
    /// Draws the MFCC of `window`, the samples a network reads (the frames that hear only its zero padding
    /// hatched), in place of the take's: "Test your voice" shows the word placed as the answering model hears it.
    void showMfccOf(const std::vector<float> &window);
    /// What the widget last told the user (errors, "no microphone", the take's length).
    QString message() const;

    WaveformView *waveformView() const { return m_waveform; }
    FeatureMatrixView *mfccView() const { return m_mfcc; }

Q_SIGNALS:
    void recordingStarted();
    /// A new take: trimmed, mono, 8000 Hz.
    void clipRecorded(const convscope::AudioClip &clip);

private:
    void pollLevel();
    void chooseFileToOpen();
    void chooseFileToSave();
    void showMessage(const QString &text);
    void updateButtons();

    std::unique_ptr<AudioRecorder> m_recorder;
    AudioClip m_clip;
    QPushButton *m_recordButton, *m_stopButton, *m_playButton, *m_saveButton, *m_openButton;
    QProgressBar *m_level;
    QLabel *m_message;
    WaveformView *m_waveform;
    FeatureMatrixView *m_mfcc;
    QTimer *m_levelTimer;
    PlaybackControl *m_playback;
};

}  // namespace convscope

Q_DECLARE_METATYPE(convscope::AudioClip)
