#include "TrainingControl.h"

namespace convscope {

void TrainingControl::requestStop()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
        ++m_stopRequests;
    }
    m_changed.notify_all();
}

void TrainingControl::pause()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_paused = true;
}

void TrainingControl::resume()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_paused = false;
        m_pendingSteps = 0;
    }
    m_changed.notify_all();
}

void TrainingControl::step()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_paused = true;
        ++m_pendingSteps;
    }
    m_changed.notify_all();
}

bool TrainingControl::isPaused() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_paused;
}

void TrainingControl::reset()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = false;
    m_paused = false;
    m_pendingSteps = 0;
}

std::uint64_t TrainingControl::stopRequests() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_stopRequests;
}

void TrainingControl::resetForRunAskedAt(std::uint64_t asked)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = m_stopRequests != asked;
    m_paused = false;
    m_pendingSteps = 0;
}

bool TrainingControl::waitBeforeBatch()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [this] { return m_stop.load() || !m_paused || m_pendingSteps > 0; });
    if (m_stop)
        return false;
    if (m_paused)
        --m_pendingSteps;
    return true;
}

}  // namespace convscope
