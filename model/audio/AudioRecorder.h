#pragma once

#include "AudioClip.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

struct PaStreamCallbackTimeInfo;

namespace convscope {

class AudioSystem;

/**
 * Records a short clip from the default input with a PortAudio callback stream into a buffer preallocated for
 * `maxSeconds`; the callback never allocates or locks. stop() trims leading and trailing silence and resamples
 * to 8000 Hz; save with WavWriter. With no input device isAvailable() is false and start() returns the reason.
 * Call start/stop from one thread; level() and recordedFrames() may be polled from any thread.
 */
class AudioRecorder {
public:
    explicit AudioRecorder(double maxSeconds = 5.0);
    ~AudioRecorder();
    AudioRecorder(const AudioRecorder &) = delete;
    AudioRecorder &operator=(const AudioRecorder &) = delete;

    bool isAvailable() const;
    QString unavailableReason() const;

    /// Opens the input at 8000 Hz (or the device's own rate) and starts; returns an empty string or the error.
    QString start();
    /// Stops; returns the clip trimmed of silence and at 8000 Hz (empty samples when nothing was heard).
    AudioClip stop(bool trimSilence = true);
    bool isRecording() const { return m_recording.load(std::memory_order_relaxed); }
    /// Peak level of the latest callback block, 0..1.
    float level() const { return m_level.load(std::memory_order_relaxed); }
    std::int64_t recordedFrames() const { return m_written.load(std::memory_order_relaxed); }
    /// The rate the device records at (before resampling).
    int deviceRate() const { return m_deviceRate; }

private:
    static int callback(const void *input, void *output, unsigned long frames, const PaStreamCallbackTimeInfo *timeInfo,
                        unsigned long statusFlags, void *userData);
    int capture(const float *input, unsigned long frames);

    std::shared_ptr<AudioSystem> m_system;
    void *m_stream = nullptr;  ///< PaStream
    double m_maxSeconds;
    int m_deviceRate = 8000;
    std::vector<float> m_buffer;
    std::atomic<std::int64_t> m_written{0};
    std::atomic<float> m_level{0.0f};
    std::atomic<bool> m_recording{false};
};

}  // namespace convscope
