#pragma once

#include "AudioClip.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>

struct PaStreamCallbackTimeInfo;

namespace convscope {

class AudioSystem;

/**
 * Plays a clip on the default output with a PortAudio callback stream. The samples are copied into a buffer
 * when loaded; the callback (a static trampoline into render()) only reads that buffer and two atomics.
 * With no device, isAvailable() is false, play() returns AudioSystem's message and nothing else changes.
 * Call every method from one thread (the GUI's); position() and isPlaying() may be polled from any thread.
 */
class AudioPlayer {
public:
    AudioPlayer();
    ~AudioPlayer();
    AudioPlayer(const AudioPlayer &) = delete;
    AudioPlayer &operator=(const AudioPlayer &) = delete;

    bool isAvailable() const;
    /// Why playback is disabled, or empty.
    QString unavailableReason() const;

    /// Stops, then takes a copy of the clip (allocation happens here, never in the callback).
    void load(const AudioClip &clip);
    /// Starts (or resumes) from position(); returns an empty string or the error (with Pa_GetErrorText).
    QString play();
    void stop();
    /// Moves the playhead; works while playing.
    void seek(std::int64_t frame);

    /// The next frame the callback will play, updated by the audio thread.
    std::int64_t position() const { return m_position.load(std::memory_order_relaxed); }
    std::int64_t length() const { return static_cast<std::int64_t>(m_clip.samples.size()); }
    int sampleRate() const { return m_clip.sampleRate; }
    /// True between play() and the end of the clip or stop().
    bool isPlaying() const { return m_playing.load(std::memory_order_relaxed); }
    /// Blocks until the clip has played out (or the timeout passes); for the command line and tests.
    bool waitUntilFinished(int timeoutMs);

private:
    static int callback(const void *input, void *output, unsigned long frames, const PaStreamCallbackTimeInfo *timeInfo,
                        unsigned long statusFlags, void *userData);
    int render(float *output, unsigned long frames);
    void closeStream();

    std::shared_ptr<AudioSystem> m_system;
    void *m_stream = nullptr;  ///< PaStream
    AudioClip m_clip;
    std::atomic<std::int64_t> m_position{0};
    std::atomic<bool> m_playing{false};
};

}  // namespace convscope
