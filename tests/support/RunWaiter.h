#pragma once

#include "train/TrainingProgress.h"

#include <QMetaObject>
#include <QString>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace convscope {
class TrainingWorker;
}

namespace convscope::test {

/**
 * Records a TrainingWorker's started, progress, finished and failed signals through direct connections (so it
 * works while the test's thread blocks) and waits for them with deadlines, so a hang fails instead of blocking.
 * Construct it on the test's thread before requesting runs; the worker's thread calls the recording slots.
 */
class RunWaiter {
public:
    explicit RunWaiter(TrainingWorker &worker);
    ~RunWaiter();
    RunWaiter(const RunWaiter &) = delete;
    RunWaiter &operator=(const RunWaiter &) = delete;

    /// Waits for the next run to start; false after `timeoutMs`.
    bool waitStarted(int timeoutMs);
    /// Waits until at least `count` progress reports arrived in total; false after `timeoutMs`.
    bool waitProgress(int count, int timeoutMs);
    /// The next run's summary, or nullopt after `timeoutMs`.
    std::optional<TrainingSummary> waitFinished(int timeoutMs);
    /// Messages of failed() so far.
    QString failures() const;

private:
    template <typename Predicate>
    bool waitFor(int timeoutMs, Predicate ready);

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_started = 0;
    int m_progress = 0;
    std::deque<TrainingSummary> m_finished;
    QString m_failures;
    QMetaObject::Connection m_connections[4];
};

}  // namespace convscope::test
