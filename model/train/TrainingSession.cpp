#include "TrainingSession.h"

#include "TrainingWorker.h"

#include <QThread>

namespace convscope {

TrainingSession::TrainingSession(std::shared_ptr<const FeatureCache> data, QObject *parent)
    : QObject(parent), m_thread(new QThread(this)), m_worker(new TrainingWorker(std::move(data)))
{
    registerTrainingMetaTypes();
    m_thread->setObjectName("ConvScope training");
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

TrainingSession::~TrainingSession()
{
    m_worker->control().requestStop();
    m_thread->quit();
    m_thread->wait();
}

}  // namespace convscope
