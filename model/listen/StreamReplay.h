#pragma once

#include <atomic>
#include <thread>
#include <vector>

namespace convscope {

class SampleRing;

/**
 * A recording played into a SampleRing as if it came from the microphone: from a thread of its own, in 10 ms blocks,
 * at real time (each block when its time has come) or as fast as the reader takes them (tests, benchmarks and
 * `convscope-cli listen` without --realtime). kTailSeconds of digital silence follow the recording, so that its last
 * word ends and is decided. Start and stop it from one thread; finished() may be polled from any thread.
 */
class StreamReplay {
public:
    static constexpr double kTailSeconds = 0.5;

    StreamReplay(std::vector<float> samples, int sampleRate, bool realTime, SampleRing &ring);
    /// Stops and joins the thread.
    ~StreamReplay();
    StreamReplay(const StreamReplay &) = delete;
    StreamReplay &operator=(const StreamReplay &) = delete;

    void start();
    void stop();
    /// Every sample (and the silent tail) is in the ring.
    bool finished() const { return m_finished.load(std::memory_order_acquire); }
    /// The recording's length with its tail, in seconds.
    double seconds() const;

private:
    void run();

    std::vector<float> m_samples;
    int m_rate;
    bool m_realTime;
    SampleRing &m_ring;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_finished{false};
};

}  // namespace convscope
