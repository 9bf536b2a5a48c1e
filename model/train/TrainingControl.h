#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace convscope {

/**
 * Stop, pause, resume and single-step requests for a running training loop. Any thread may request;
 * the training thread calls waitBeforeBatch() before each batch, so requests are answered within one batch.
 */
class TrainingControl {
public:
    void requestStop();
    void pause();
    void resume();
    /// While paused: let exactly one more batch run, then pause again.
    void step();
    /// Like requestStop() but async-signal-safe (only sets an atomic flag): for a SIGINT handler.
    void interrupt() noexcept { m_stop.store(true); }
    bool isPaused() const;
    /// Clears every request, for a new run.
    void reset();
    /// How many times requestStop() was called: taken when a run is asked for (see resetForRunAskedAt).
    std::uint64_t stopRequests() const;
    /// reset() for a run asked for when stopRequests() was `asked`, except that a stop requested since then is
    /// kept: Stop pressed between asking for a run and the training thread starting it ends that run.
    void resetForRunAskedAt(std::uint64_t asked);

    /// Blocks while paused (and no step is pending); returns false when the loop should stop.
    bool waitBeforeBatch();

private:
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_paused = false;
    int m_pendingSteps = 0;
    std::uint64_t m_stopRequests = 0;
};

}  // namespace convscope
