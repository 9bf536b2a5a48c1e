#include "TrainingDataFeeder.h"

#include "DatasetBrowser.h"
#include "TrainingPanel.h"
#include "data/FeatureCache.h"

#include <QPointer>
#include <QThread>

namespace convscope {

TrainingDataFeeder::TrainingDataFeeder(DatasetBrowser *browser, TrainingPanel *panel, QObject *parent)
    : QObject(parent), m_browser(browser), m_panel(panel)
{
    connect(browser, &DatasetBrowser::loadFinished, this, [this](bool ok) {
        if (ok && !m_browser->dataset().isEmpty())
            buildFeatures();
    });
}

TrainingDataFeeder::~TrainingDataFeeder()
{
    if (m_worker) {
        m_cancel->store(true);
        m_worker->wait();
    }
}

void TrainingDataFeeder::buildFeatures()
{
    if (m_worker) {
        m_cancel->store(true);
        m_worker->wait();
    }
    Q_EMIT statusMessage(tr("Computing waveform and MFCC features of %1 recordings for training…")
                             .arg(m_browser->dataset().size()));
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto result = std::make_shared<FeatureCacheResult>();
    const Dataset dataset = m_browser->dataset();
    const auto cancel = m_cancel;
    m_worker = QThread::create([dataset, cancel, result] { *result = FeatureCache::build(dataset, {}, cancel.get()); });
    QThread *worker = m_worker;
    worker->setParent(this);  // joined in the destructor, deleted with the feeder at the latest
    const QString folder = dataset.folder;
    connect(worker, &QThread::finished, this, [this, worker, result, folder] {
        worker->deleteLater();
        if (m_worker == worker)
            m_worker = nullptr;
        if (!result->cache) {
            Q_EMIT statusMessage(tr("Could not prepare training data: %1").arg(result->error));
            return;
        }
        m_panel->setDataFolder(folder);
        m_panel->setData(std::make_shared<const FeatureCache>(*result->cache));
        Q_EMIT statusMessage(tr("Training data ready: %1 recordings.").arg(result->cache->size()));
        Q_EMIT dataReady();
    });
    worker->start();
}

}  // namespace convscope
