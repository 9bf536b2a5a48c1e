#include "services/DatasetDocument.h"

#include "data/DatasetLocator.h"

#include <QPointer>
#include <QSettings>

namespace convscope {

DatasetDocument::DatasetDocument(QObject *parent) : QObject(parent), m_dataset(std::make_shared<const Dataset>()) {}

DatasetDocument::~DatasetDocument() = default;  // m_load cancels and waits

void DatasetDocument::openAndRemember(const QString &folder)
{
    open(folder);
    m_rememberWhenLoaded = true;
}

void DatasetDocument::open(const QString &folder)
{
    m_rememberWhenLoaded = false;
    QPointer<DatasetDocument> self(this);
    auto progress = [self](int done, int total) {
        if (done % 50 == 0 || done == total)
            QMetaObject::invokeMethod(self, [self, done, total] {
                if (self && self->isLoading())
                    Q_EMIT self->loadProgress(done, total);
            }, Qt::QueuedConnection);
    };
    m_load.start(
        [folder, progress](const std::atomic<bool> *cancel) {
            Load load;
            load.result = DatasetScanner::load(folder, progress, cancel);
            load.speakers = SpeakerInfo::load(load.result.dataset.folder.isEmpty() ? folder : load.result.dataset.folder);
            return load;
        },
        [this](Load load) { onLoaded(std::move(load)); });
    Q_EMIT loadStarted(folder);
}

void DatasetDocument::cancel() { m_load.requestCancel(); }

void DatasetDocument::setDataset(Dataset dataset, SpeakerInfo speakers)
{
    m_load.drop();
    m_dataset = std::make_shared<const Dataset>(std::move(dataset));
    m_speakers = std::move(speakers);
    Q_EMIT datasetChanged();
}

void DatasetDocument::onLoaded(Load load)
{
    m_lastStatus = load.result.status;
    const bool ok = m_lastStatus == LoadStatus::Ok;
    QString message = load.result.error;
    if (ok) {
        m_dataset = std::make_shared<const Dataset>(std::move(load.result.dataset));
        m_speakers = std::move(load.speakers);
        if (m_rememberWhenLoaded) {
            QSettings settings;
            DatasetLocator::remember(settings, m_dataset->folder);
        }
        message = tr("%1 recordings, %2 skipped.").arg(m_dataset->size()).arg(m_dataset->skipped.size());
        for (const QString &problem : m_speakers.problems)
            message += " " + problem;
        Q_EMIT datasetChanged();
    }
    m_rememberWhenLoaded = false;
    Q_EMIT loadFinished(ok, message);
}

}  // namespace convscope
