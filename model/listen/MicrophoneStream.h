#pragma once

#include <QString>

#include <atomic>
#include <memory>

struct PaStreamCallbackTimeInfo;

namespace convscope {

class AudioSystem;
class SampleRing;

/**
 * The default input as a stream of 8000 Hz samples into a SampleRing, until stopped: the PortAudio callback only
 * copies its block into the ring (no allocation, lock or log). With no input device isAvailable() is false and
 * start() returns the reason, a normal state (a file can still be replayed through the same path). Start and stop it
 * from one thread (the GUI's); level() may be polled from any thread.
 */
class MicrophoneStream {
public:
    explicit MicrophoneStream(SampleRing &ring);
    ~MicrophoneStream();
    MicrophoneStream(const MicrophoneStream &) = delete;
    MicrophoneStream &operator=(const MicrophoneStream &) = delete;

    bool isAvailable() const;
    /// Why the microphone is off ("No audio input device found; recording is disabled."), or empty.
    QString unavailableReason() const;
    /// Opens the input at 8000 Hz and starts; returns an empty string or the error.
    QString start();
    void stop();
    bool isRunning() const { return m_stream != nullptr; }
    /// Peak level of the latest callback block, 0..1.
    float level() const { return m_level.load(std::memory_order_relaxed); }

private:
    static int callback(const void *input, void *output, unsigned long frames, const PaStreamCallbackTimeInfo *timeInfo,
                        unsigned long statusFlags, void *userData);

    std::shared_ptr<AudioSystem> m_system;
    SampleRing &m_ring;
    void *m_stream = nullptr;  ///< PaStream
    std::atomic<float> m_level{0.0f};
};

}  // namespace convscope
