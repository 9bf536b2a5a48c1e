#include "DatasetDownloader.h"

#include "ArchiveExtractor.h"
#include "DatasetLocator.h"
#include "DatasetScanner.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QThread>

namespace convscope {

namespace {

struct ExtractOutcome {
    QString error;
    QString folder;
};

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

ExtractOutcome extractAndCheck(const QString &archive, const QString &destination, int expected,
                               const std::function<void(int)> &progress, const std::atomic<bool> *cancel)
{
    ExtractOutcome outcome;
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
    m_cancel = true;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    if (m_worker) {
        m_worker->disconnect(this);
        m_worker->wait();
        delete m_worker;
    }
}

void DatasetDownloader::start(const QUrl &url, const QString &destination)
{
    if (isRunning())
        return;
    m_cancel = false;
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
    m_cancel = true;
    if (m_reply)
        m_reply->abort();  // finished() follows with OperationCanceledError
}

void DatasetDownloader::onReadyRead()
{
    const QByteArray data = m_reply->readAll();
    if (m_file && m_file->write(data) != data.size()) {
        m_cancel = true;
        m_reply->abort();
    }
}

void DatasetDownloader::onFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (m_file->isOpen()) {
        m_file->write(reply->readAll());
        m_file->close();
    }
    if (m_cancel) {
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
    m_extracting = true;
    Q_EMIT progress(0, -1, QStringLiteral("extract"));
    auto outcome = std::make_shared<ExtractOutcome>();
    const QString archive = m_file->fileName();
    const QString destination = m_destination;
    const int expected = m_expected;
    auto report = [this](int entries) {
        if (entries % 100 == 0)
            QMetaObject::invokeMethod(
                this, [this, entries] { Q_EMIT progress(entries, -1, QStringLiteral("extract")); }, Qt::QueuedConnection);
    };
    m_worker = QThread::create([=] { *outcome = extractAndCheck(archive, destination, expected, report, &m_cancel); });
    connect(m_worker, &QThread::finished, this, [this, outcome] {
        m_worker->deleteLater();
        m_worker = nullptr;
        m_extracting = false;
        if (!outcome->error.isEmpty()) {
            fail(outcome->error);
            return;
        }
        if (m_settings)
            DatasetLocator::remember(*m_settings, outcome->folder);
        Q_EMIT finished(outcome->folder);
    });
    m_worker->start();
}

void DatasetDownloader::fail(const QString &message)
{
    m_extracting = false;
    Q_EMIT failed(message);
}

}  // namespace convscope
