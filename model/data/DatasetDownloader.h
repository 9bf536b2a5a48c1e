#pragma once

#include "util/BackgroundJob.h"

#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QFile;
class QSettings;

namespace convscope {

/** What extracting a downloaded archive found: the recordings folder, or why not. A plain value. */
struct DatasetExtraction {
    QString error;
    QString folder;
};

/**
 * Downloads the FSDD archive (.zip or .tar.gz) with QNetworkAccessManager, extracts it with libarchive into
 * `destination` and verifies it (3000 matching recordings by default). Emits progress while downloading and
 * extracting, then exactly one of finished(recordingsFolder) or failed(message). Lives on the thread that
 * created it (it needs that thread's event loop); cancel() may be called from that thread.
 */
class DatasetDownloader : public QObject {
    Q_OBJECT
public:
    static QUrl defaultUrl();  ///< github.com/Jakobovski/free-spoken-digit-dataset/archive/refs/heads/master.zip

    explicit DatasetDownloader(QObject *parent = nullptr);
    ~DatasetDownloader() override;

    /// How many matching recordings verification expects (3000; tests lower it).
    void setExpectedRecordings(int count) { m_expected = count; }
    /// Where to remember the verified folder (DatasetLocator::remember); not owned, same thread.
    void setSettings(QSettings *settings) { m_settings = settings; }
    /// Starts; destination is created if needed. Ignored while a download runs.
    void start(const QUrl &url, const QString &destination);
    void cancel();
    bool isRunning() const { return m_reply != nullptr || m_extraction.isRunning(); }

Q_SIGNALS:
    /// Bytes so far and in total (total -1 while unknown); during extraction, entries done and -1.
    void progress(qint64 done, qint64 total, const QString &stage);
    void finished(const QString &recordingsFolder);
    void failed(const QString &message);

private:
    void onReadyRead();
    void onFinished();
    void extractAndVerify();
    void fail(const QString &message);

    QNetworkAccessManager *m_network = nullptr;
    QNetworkReply *m_reply = nullptr;
    std::unique_ptr<QFile> m_file;
    QString m_destination;
    QUrl m_url;
    QSettings *m_settings = nullptr;
    int m_expected = 3000;
    bool m_cancelled = false;  ///< cancel() during the download
    BackgroundJob<DatasetExtraction> m_extraction{this};
};

}  // namespace convscope
