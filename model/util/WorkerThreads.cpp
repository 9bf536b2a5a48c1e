#include "WorkerThreads.h"

namespace convscope {

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
        m_pending = static_cast<int>(m_threads.size());
        m_failure = nullptr;
        ++m_generation;
    }
    m_wake.notify_all();
    std::exception_ptr own;
    try {
        job(0);
    } catch (...) {
        own = std::current_exception();
    }
    std::unique_lock<std::mutex> lock(m_mutex);
    m_done.wait(lock, [this] { return m_pending == 0; });
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
        std::unique_lock<std::mutex> lock(m_mutex);
        m_wake.wait(lock, [&] { return m_stopping || m_generation != seen; });
        if (m_stopping)
            return;
        seen = m_generation;
        const std::function<void(int)> &job = *m_job;
        lock.unlock();
        std::exception_ptr failure;
        try {
            job(part);
        } catch (...) {
            failure = std::current_exception();
        }
        lock.lock();
        if (failure && !m_failure)
            m_failure = failure;
        if (--m_pending == 0)
            m_done.notify_one();
    }
}

}  // namespace convscope
