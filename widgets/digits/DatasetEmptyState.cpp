#include "digits/DatasetEmptyState.h"

#include "data/DatasetDownloader.h"
#include "data/DatasetLocator.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressDialog>
#include <QPushButton>
#include <QVBoxLayout>

namespace convscope {

DatasetEmptyState::DatasetEmptyState(QWidget *parent)
    : QWidget(parent),
      m_text(new QLabel(this)),
      m_openButton(new QPushButton(tr("Open folder…"), this)),
      m_downloadButton(new QPushButton(tr("Download FSDD (about 20 MB)…"), this)),
      m_downloader(new DatasetDownloader(this)),
      m_dialog(new QProgressDialog(this)),
      m_url(DatasetDownloader::defaultUrl())
{
    m_openButton->setObjectName("openFolder");
    m_downloadButton->setObjectName("download");
    m_text->setWordWrap(true);
    m_text->setAlignment(Qt::AlignCenter);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setFixedWidth(620);  // a wrapped label in a centring layout needs a definite width for its height
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_openButton);
    buttons->addWidget(m_downloadButton);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    auto *centred = new QHBoxLayout;
    centred->addStretch(1);
    centred->addWidget(m_text);
    centred->addStretch(1);
    layout->addLayout(centred);
    layout->addLayout(buttons);
    layout->addStretch(2);

    m_dialog->setWindowTitle(tr("Downloading FSDD"));
    m_dialog->setWindowModality(Qt::WindowModal);
    m_dialog->setAutoClose(false);
    m_dialog->setAutoReset(false);
    m_dialog->setMinimumDuration(0);
    m_dialog->reset();  // a new QProgressDialog would show itself after minimumDuration
    m_dialog->hide();

    connect(m_openButton, &QPushButton::clicked, this, &DatasetEmptyState::chooseFolder);
    connect(m_downloadButton, &QPushButton::clicked, this, &DatasetEmptyState::startDownload);
    connect(m_dialog, &QProgressDialog::canceled, m_downloader, &DatasetDownloader::cancel);
    connect(m_downloader, &DatasetDownloader::progress, this, &DatasetEmptyState::onProgress);
    connect(m_downloader, &DatasetDownloader::failed, this, &DatasetEmptyState::onFailed);
    connect(m_downloader, &DatasetDownloader::finished, this, [this](const QString &folder) {
        m_dialog->hide();
        m_downloadButton->setEnabled(true);
        Q_EMIT folderChosen(folder);
    });
    setReason({});
}

DatasetEmptyState::~DatasetEmptyState() = default;

void DatasetEmptyState::setReason(const QString &reason)
{
    m_reason = reason;
    const QString explanation =
        tr("No spoken-digit recordings are loaded. ConvScope uses the Free Spoken Digit Dataset: 3000 short WAV "
           "files of 6 speakers saying the digits 0-9 (CC BY-SA 4.0).\n\nOpen a folder that holds them, or "
           "download them into %1. You can also start the app with --data DIR or set CONVSCOPE_DATA.")
            .arg(DatasetLocator::defaultDownloadFolder());
    m_text->setText(reason.isEmpty() ? explanation : reason + "\n\n" + explanation);
}

QString DatasetEmptyState::text() const { return m_text->text(); }

void DatasetEmptyState::setDownloadSource(const QUrl &url, int expectedRecordings)
{
    m_url = url;
    m_expected = expectedRecordings;
}

void DatasetEmptyState::startDownload()
{
    if (m_downloader->isRunning())
        return;
    m_downloader->setExpectedRecordings(m_expected);
    m_downloadButton->setEnabled(false);
    m_dialog->setLabelText(tr("Connecting to %1…").arg(m_url.host()));
    m_dialog->setRange(0, 0);
    m_dialog->show();
    m_downloader->start(m_url, DatasetLocator::defaultDownloadFolder());
}

bool DatasetEmptyState::isDownloading() const { return m_downloader->isRunning(); }

void DatasetEmptyState::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder of FSDD recordings"));
    if (!folder.isEmpty())
        Q_EMIT folderChosen(folder);
}

void DatasetEmptyState::onProgress(qint64 done, qint64 total, const QString &stage)
{
    const bool extracting = stage == QLatin1String("extract");
    if (extracting)
        m_dialog->setLabelText(tr("Extracting: %1 files…").arg(done));
    else if (total > 0)
        m_dialog->setLabelText(tr("Downloading: %1 of %2 MB…").arg(done / 1e6, 0, 'f', 1).arg(total / 1e6, 0, 'f', 1));
    else
        m_dialog->setLabelText(tr("Downloading: %1 MB…").arg(done / 1e6, 0, 'f', 1));
    const bool known = !extracting && total > 0;
    m_dialog->setRange(0, known ? 1000 : 0);
    if (known)
        m_dialog->setValue(static_cast<int>(done * 1000 / total));
}

void DatasetEmptyState::onFailed(const QString &message)
{
    m_dialog->hide();
    m_downloadButton->setEnabled(true);
    setReason(tr("The download did not complete: %1\nCheck the network connection and try again, or download "
                 "the dataset yourself and use Open folder….").arg(message));
}

}  // namespace convscope
