#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace convscope {

/**
 * A fixed team of threads for work split into equal parts, such as the halves of a training batch. run(job) calls
 * job(0) on the calling thread and job(1) … job(count − 1) on the team's threads, and returns when all are done.
 * A waiting thread spins for at most kSpinMicroseconds, then sleeps on a condition variable, so a busy machine (or
 * the GUI thread) loses little time to it. The spin outlasts the gaps in a training step: the stages of a step
 * come a fraction of a millisecond apart, and the plain net's optimiser update between two steps takes 1.2 ms.
 * On the 2-core VM it was measured on, waking a sleeping thread took 0.1-0.5 ms; with a 200 µs spin, the wake-ups
 * cost 1.1 ms of the plain net's 15 ms two-thread step, with 1500 µs 0.4 ms. Each team thread calls `setup` once when it starts.
 * One caller at a time.
 */
class WorkerThreads {
public:
    WorkerThreads(int count, std::function<void()> setup);
    ~WorkerThreads();
    WorkerThreads(const WorkerThreads &) = delete;
    WorkerThreads &operator=(const WorkerThreads &) = delete;

    static constexpr int kSpinMicroseconds = 1500;

    int count() const { return static_cast<int>(m_threads.size()) + 1; }
    /// Runs every part; rethrows the first exception a part threw, after all parts have ended.
    void run(const std::function<void(int part)> &job);

private:
    void serve(int part, const std::function<void()> &setup);

    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_wake, m_done;
    const std::function<void(int)> *m_job = nullptr;  ///< published before m_generation moves on
    std::atomic<long> m_generation{0};  ///< counts run() calls, so a thread takes each job once
    std::atomic<int> m_pending{0};
    std::atomic<bool> m_stopping{false};
    std::exception_ptr m_failure;
};

/// Items [first, end) of part `part` when `count` items are split into `parts` nearly equal parts, with every
/// boundary between parts on a multiple of `multiple` (so that parts writing neighbouring columns of a row do not
/// share a cache line).
std::pair<std::int64_t, std::int64_t> partRange(std::int64_t count, int part, int parts, std::int64_t multiple = 1);

}  // namespace convscope
