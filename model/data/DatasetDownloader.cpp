#include "DatasetDownloader.h"

#include "ArchiveExtractor.h"
#include "DatasetLocator.h"
#include "DatasetScanner.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QPointer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>

namespace convscope {

namespace {

/// The extracted folder named "recordings" with the most *.wav files (the archive's top folder varies).
QString findRecordings(const QString &destination)
{
    QString best;
    qsizetype bestCount = 0;
    QDirIterator it(destination, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    QStringList candidates{destination};
    while (it.hasNext())
        candidates.append(it.next());
    for (const QString &dir : candidates) {
        const qsizetype count = QDir(dir).entryList({QStringLiteral("*.wav")}, QDir::Files).size();
        if (count > bestCount) {
            best = dir;
            bestCount = count;
        }
    }
    return best;
}

DatasetExtraction extractAndCheck(const QString &archive, const QString &destination, int expected,
                               const std::function<void(int)> &progress, const std::atomic<bool> *cancel)
{
    DatasetExtraction outcome;
    outcome.error = ArchiveExtractor::extract(archive, destination, progress, cancel);
    QFile::remove(archive);
    if (!outcome.error.isEmpty())
        return outcome;
    const QString folder = findRecordings(destination);
    if (folder.isEmpty()) {
        outcome.error = destination + ": the archive holds no .wav recordings; is the URL the Free Spoken Digit "
                                      "Dataset's archive?";
        return outcome;
    }
    const DatasetLoadResult loaded = DatasetScanner::load(folder, {}, cancel);
    if (loaded.status != LoadStatus::Ok) {
        outcome.error = loaded.error;
        return outcome;
    }
    if (loaded.dataset.size() < expected) {
        outcome.error = QString("%1: only %2 of the expected %3 recordings could be read (%4 skipped); download "
                                "it again.")
                            .arg(folder)
                            .arg(loaded.dataset.size())
                            .arg(expected)
                            .arg(loaded.dataset.skipped.size());
        return outcome;
    }
    outcome.folder = folder;
    return outcome;
}

}  // namespace

QUrl DatasetDownloader::defaultUrl()
{
    return QUrl(QStringLiteral("https://github.com/Jakobovski/free-spoken-digit-dataset/archive/refs/heads/master.zip"));
}

DatasetDownloader::DatasetDownloader(QObject *parent) : QObject(parent), m_network(new QNetworkAccessManager(this)) {}

DatasetDownloader::~DatasetDownloader()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    // m_extraction cancels and waits for a running extraction.
}

void DatasetDownloader::start(const QUrl &url, const QString &destination)
{
    if (isRunning())
        return;
    m_cancelled = false;
    m_url = url;
    m_destination = destination;
    if (!QDir().mkpath(destination)) {
        fail(destination + ": cannot create the folder; choose another place with free space.");
        return;
    }
    m_file = std::make_unique<QFile>(QDir(destination).filePath(QStringLiteral("download.archive")));
    if (!m_file->open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        fail(m_file->fileName() + ": cannot write (" + m_file->errorString() + ").");
        return;
    }
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::readyRead, this, &DatasetDownloader::onReadyRead);
    connect(m_reply, &QNetworkReply::downloadProgress, this,
            [this](qint64 done, qint64 total) { Q_EMIT progress(done, total, QStringLiteral("download")); });
    connect(m_reply, &QNetworkReply::finished, this, &DatasetDownloader::onFinished);
}

void DatasetDownloader::cancel()
{
    m_cancelled = true;
    m_extraction.requestCancel();
    if (m_reply)
        m_reply->abort();  // finished() follows with OperationCanceledError
}

void DatasetDownloader::onReadyRead()
{
    const QByteArray data = m_reply->readAll();
    if (m_file && m_file->write(data) != data.size()) {
        m_cancelled = true;
        m_reply->abort();
    }
}

void DatasetDownloader::onFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (m_file->isOpen()) {
        if (reply->isOpen())  // an aborted reply is closed
            m_file->write(reply->readAll());
        m_file->close();
    }
    if (m_cancelled) {
        QFile::remove(m_file->fileName());
        fail(QStringLiteral("Download cancelled."));
        return;
    }
    if (reply->error() != QNetworkReply::NoError) {
        QFile::remove(m_file->fileName());
        fail(m_url.toString() + ": " + reply->errorString() + "; check the network connection or use --data with "
                                                              "a copy of the dataset.");
        return;
    }
    extractAndVerify();
}

void DatasetDownloader::extractAndVerify()
{
    Q_EMIT progress(0, -1, QStringLiteral("extract"));
    const QString archive = m_file->fileName();
    const QString destination = m_destination;
    const int expected = m_expected;
    QPointer<DatasetDownloader> self(this);
    auto report = [self](int entries) {
        if (entries % 100 == 0)
            QMetaObject::invokeMethod(
                self, [self, entries] { Q_EMIT self->progress(entries, -1, QStringLiteral("extract")); },
                Qt::QueuedConnection);
    };
    m_extraction.start(
        [=](const std::atomic<bool> *cancel) { return extractAndCheck(archive, destination, expected, report, cancel); },
        [this](DatasetExtraction outcome) {
            if (!outcome.error.isEmpty()) {
                fail(outcome.error);
                return;
            }
            if (m_settings)
                DatasetLocator::remember(*m_settings, outcome.folder);
            Q_EMIT finished(outcome.folder);
        });
}

void DatasetDownloader::fail(const QString &message)
{
    Q_EMIT failed(message);
}

}  // namespace convscope
