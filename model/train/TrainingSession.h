#pragma once

#include <QObject>

#include <memory>

class QThread;

namespace convscope {

class FeatureCache;
class TrainingWorker;

/**
 * Owns a TrainingWorker on its own QThread. Destroying the session stops a running run at the next batch,
 * then quits and joins the thread: closing the window mid-training neither hangs nor leaks the thread.
 * GUI thread only.
 */
class TrainingSession : public QObject {
    Q_OBJECT
public:
    explicit TrainingSession(std::shared_ptr<const FeatureCache> data, QObject *parent = nullptr);
    ~TrainingSession() override;

    TrainingWorker *worker() const { return m_worker; }

private:
    QThread *m_thread;
    TrainingWorker *m_worker;
};

}  // namespace convscope
