#pragma once

#include <QUrl>
#include <QWidget>

class QLabel;
class QProgressDialog;
class QPushButton;

namespace convscope {

class DatasetDownloader;

/**
 * What the spoken-digits tab shows while no dataset is loaded: why, and two ways out: "Open folder…" and
 * "Download FSDD (about 20 MB)…", which runs DatasetDownloader into DatasetLocator::defaultDownloadFolder()
 * with a progress dialog and Cancel. Both end in folderChosen(). GUI thread only.
 */
class DatasetEmptyState : public QWidget {
    Q_OBJECT
public:
    explicit DatasetEmptyState(QWidget *parent = nullptr);
    ~DatasetEmptyState() override;

    /// Shows why there is no data (a failed load, a wrong --data folder), above the standard explanation.
    void setReason(const QString &reason);
    QString text() const;
    /// Where Download fetches from and how many recordings it expects (tests serve a small archive locally).
    void setDownloadSource(const QUrl &url, int expectedRecordings);
    void startDownload();
    bool isDownloading() const;

Q_SIGNALS:
    void folderChosen(const QString &folder);

private:
    void chooseFolder();
    void onProgress(qint64 done, qint64 total, const QString &stage);
    void onFailed(const QString &message);

    QLabel *m_text;
    QString m_reason;
    QPushButton *m_openButton, *m_downloadButton;
    DatasetDownloader *m_downloader;
    QProgressDialog *m_dialog;
    QUrl m_url;
    int m_expected = 3000;
};

}  // namespace convscope
