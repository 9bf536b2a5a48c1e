#include "RunWaiter.h"

#include "train/TrainingWorker.h"

#include <chrono>

namespace convscope::test {

RunWaiter::RunWaiter(TrainingWorker &worker)
{
    const auto record = [this](auto change) {
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            change();
        }
        m_changed.notify_all();
    };
    m_connections[0] = QObject::connect(&worker, &TrainingWorker::started, [this, record] {
        record([this] { ++m_started; });
    });
    m_connections[1] = QObject::connect(&worker, &TrainingWorker::progress, [this, record] {
        record([this] { ++m_progress; });
    });
    m_connections[2] = QObject::connect(&worker, &TrainingWorker::finished, [this, record](const TrainingSummary &s) {
        record([this, s] { m_finished.push_back(s); });
    });
    m_connections[3] = QObject::connect(&worker, &TrainingWorker::failed, [this, record](const QString &message) {
        record([this, message] { m_failures += message + "\n"; });
    });
}

RunWaiter::~RunWaiter()
{
    for (const auto &connection : m_connections)
        QObject::disconnect(connection);
}

template <typename Predicate>
bool RunWaiter::waitFor(int timeoutMs, Predicate ready)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    return m_changed.wait_for(lock, std::chrono::milliseconds(timeoutMs), ready);
}

bool RunWaiter::waitStarted(int timeoutMs)
{
    if (!waitFor(timeoutMs, [this] { return m_started > 0; }))
        return false;
    const std::lock_guard<std::mutex> lock(m_mutex);
    --m_started;
    return true;
}

bool RunWaiter::waitProgress(int count, int timeoutMs)
{
    return waitFor(timeoutMs, [this, count] { return m_progress >= count; });
}

std::optional<TrainingSummary> RunWaiter::waitFinished(int timeoutMs)
{
    if (!waitFor(timeoutMs, [this] { return !m_finished.empty(); }))
        return std::nullopt;
    const std::lock_guard<std::mutex> lock(m_mutex);
    TrainingSummary summary = m_finished.front();
    m_finished.pop_front();
    return summary;
}

QString RunWaiter::failures() const
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_failures;
}

}  // namespace convscope::test
