#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <functional>
#include <memory>

namespace convscope {

/**
 * The one way ConvScope runs a long computation off the GUI thread: `work(cancel)` runs on Qt's thread pool
 * (QtConcurrent) and `done(result)` runs afterwards on the owner's thread. The rules are handled here, once:
 * - `work` polls `cancel` (an atomic flag) and returns early when it is set;
 * - requestCancel() asks the running work to stop; its (cancelled) result is still delivered;
 * - start() while a job runs drops the old job: it is cancelled, waited for, and its result never delivered;
 * - destroying the job (with its owner) does the same, so `done` never runs on a destroyed owner.
 * Keep the job a member of its owner. The owner's thread only.
 */
template <typename Result>
class BackgroundJob {
public:
    explicit BackgroundJob(QObject *owner) : m_owner(owner) {}
    ~BackgroundJob() { drop(); }
    BackgroundJob(const BackgroundJob &) = delete;
    BackgroundJob &operator=(const BackgroundJob &) = delete;

    void start(std::function<Result(const std::atomic<bool> *cancel)> work, std::function<void(Result)> done)
    {
        drop();
        auto cancel = std::make_shared<std::atomic<bool>>(false);
        m_cancel = cancel;
        auto *watcher = new QFutureWatcher<Result>(m_owner);
        m_watcher = watcher;
        QObject::connect(watcher, &QFutureWatcher<Result>::finished, m_owner, [this, watcher, done = std::move(done)] {
            Result result = watcher->result();
            watcher->deleteLater();
            m_watcher = nullptr;
            done(std::move(result));
        });
        watcher->setFuture(QtConcurrent::run([work = std::move(work), cancel] { return work(cancel.get()); }));
    }

    void requestCancel()
    {
        if (m_watcher)
            m_cancel->store(true);
    }

    /// Cancels the running job, waits for it and drops its result.
    void drop()
    {
        if (!m_watcher)
            return;
        m_cancel->store(true);
        m_watcher->disconnect(m_owner);
        m_watcher->waitForFinished();
        m_watcher->deleteLater();
        m_watcher = nullptr;
    }

    bool isRunning() const { return m_watcher != nullptr; }

private:
    QObject *m_owner;
    QFutureWatcher<Result> *m_watcher = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

}  // namespace convscope
