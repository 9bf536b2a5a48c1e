#pragma once

#include "audio/AudioClip.h"

#include <QObject>

#include <cstdint>
#include <memory>
#include <vector>

class QPushButton;
class QTimer;

namespace convscope {

class AudioPlayer;
class WaveformView;

/**
 * Play/Stop for one clip shared by the browser and the recorder: owns an AudioPlayer, turns a button into
 * "Play"/"Stop playing", moves the playhead of the given waveform views while playing (a 30 ms QTimer polls the
 * player) and seeks when a view is clicked. With no output device the button stays disabled with the reason as
 * its tooltip. GUI thread only.
 */
class PlaybackControl : public QObject {
    Q_OBJECT
public:
    PlaybackControl(QPushButton *button, QObject *parent = nullptr);
    ~PlaybackControl() override;

    bool isAvailable() const;
    QString unavailableReason() const;
    void addView(WaveformView *view);
    /// Stops and loads the clip; the button is enabled when there is a device and samples.
    void load(const AudioClip &clip);
    /// Play when stopped, stop when playing.
    void toggle();
    void stop();
    bool isPlaying() const;
    std::int64_t position() const;

Q_SIGNALS:
    /// Playback could not start (Pa_GetErrorText's words).
    void failed(const QString &message);

private:
    void poll();

    std::unique_ptr<AudioPlayer> m_player;
    QPushButton *m_button;
    QTimer *m_timer;
    std::vector<WaveformView *> m_views;
};

}  // namespace convscope
