#include "WorkerThreads.h"

#include <algorithm>
#include <chrono>

namespace convscope {

namespace {

/// Spins until `done()` or kSpinMicroseconds have passed; returns whether `done()` became true.
template <typename Condition>
bool spinFor(Condition done)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(WorkerThreads::kSpinMicroseconds);
    for (int i = 0;; ++i) {
        if (done())
            return true;
        if ((i & 63) == 63 && std::chrono::steady_clock::now() > until)
            return false;
    }
}

}  // namespace

WorkerThreads::WorkerThreads(int count, std::function<void()> setup)
{
    for (int part = 1; part < count; ++part)
        m_threads.emplace_back([this, part, setup] { serve(part, setup); });
}

WorkerThreads::~WorkerThreads()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (std::thread &thread : m_threads)
        thread.join();
}

void WorkerThreads::run(const std::function<void(int part)> &job)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_job = &job;
        m_failure = nullptr;
        m_pending = static_cast<int>(m_threads.size());
        ++m_generation;  // under the lock, so a thread about to sleep cannot miss it
    }
    m_wake.notify_all();
    std::exception_ptr own;
    try {
        job(0);
    } catch (...) {
        own = std::current_exception();
    }
    if (!spinFor([this] { return m_pending.load() == 0; })) {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_done.wait(lock, [this] { return m_pending.load() == 0; });
    }
    std::lock_guard<std::mutex> lock(m_mutex);
    m_job = nullptr;
    if (own)
        std::rethrow_exception(own);
    if (m_failure)
        std::rethrow_exception(m_failure);
}

void WorkerThreads::serve(int part, const std::function<void()> &setup)
{
    if (setup)
        setup();
    long seen = 0;
    for (;;) {
        const auto ready = [&] { return m_stopping.load() || m_generation.load() != seen; };
        if (!spinFor(ready)) {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, ready);
        }
        if (m_stopping)
            return;
        seen = m_generation;
        std::exception_ptr failure;
        try {
            (*m_job)(part);
        } catch (...) {
            failure = std::current_exception();
        }
        std::lock_guard<std::mutex> lock(m_mutex);  // the last part's notify cannot slip between run()'s check and wait
        if (failure && !m_failure)
            m_failure = failure;
        if (--m_pending == 0)
            m_done.notify_one();
    }
}

std::pair<std::int64_t, std::int64_t> partRange(std::int64_t count, int part, int parts, std::int64_t multiple)
{
    const auto boundary = [&](int p) {
        if (p >= parts)
            return count;
        const std::int64_t even = count * p / parts;
        return std::min(count, (even + multiple / 2) / multiple * multiple);
    };
    return {boundary(part), boundary(part + 1)};
}

}  // namespace convscope
