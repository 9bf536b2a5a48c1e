#include "DatasetBrowser.h"

#include "FeatureMatrixView.h"
#include "WaveformView.h"
#include "audio/AudioPlayer.h"
#include "data/DatasetScanner.h"
#include "data/Mfcc.h"
#include "data/Preprocessing.h"
#include "data/Spectrogram.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

namespace convscope {

/// What a background load hands back to the GUI thread.
struct BrowserLoad {
    DatasetLoadResult result;
};

DatasetBrowser::DatasetBrowser(QWidget *parent)
    : QWidget(parent),
      m_player(std::make_unique<AudioPlayer>()),
      m_status(new QLabel(this)),
      m_progress(new QProgressBar(this)),
      m_openButton(new QPushButton(tr("Open folder…"), this)),
      m_cancelButton(new QPushButton(tr("Cancel"), this)),
      m_playButton(new QPushButton(tr("Play"), this)),
      m_table(new QTableWidget(0, 5, this)),
      m_waveform(new WaveformView(this)),
      m_spectrogram(new FeatureMatrixView(tr("frequency (Hz)"), this)),
      m_logMel(new FeatureMatrixView(tr("mel filter"), this)),
      m_mfcc(new FeatureMatrixView(tr("coefficient"), this)),
      m_playheadTimer(new QTimer(this))
{
    auto *top = new QHBoxLayout;
    top->addWidget(m_openButton);
    top->addWidget(m_progress, 1);
    top->addWidget(m_cancelButton);
    top->addWidget(m_playButton);
    m_progress->setVisible(false);
    m_cancelButton->setVisible(false);
    m_playButton->setEnabled(false);
    if (!m_player->isAvailable())
        m_playButton->setToolTip(m_player->unavailableReason());

    m_table->setHorizontalHeaderLabels({tr("file"), tr("digit"), tr("speaker"), tr("take"), tr("seconds")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto *views = new QWidget(this);
    auto *viewLayout = new QVBoxLayout(views);
    viewLayout->setContentsMargins(0, 0, 0, 0);
    for (QWidget *view : {static_cast<QWidget *>(m_waveform), static_cast<QWidget *>(m_spectrogram),
                          static_cast<QWidget *>(m_logMel), static_cast<QWidget *>(m_mfcc)})
        viewLayout->addWidget(view, 1);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_table);
    splitter->addWidget(views);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({420, 980});  // room for all five columns next to the plots

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    connect(m_openButton, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder of FSDD recordings"));
        if (!folder.isEmpty())
            openFolder(folder);
    });
    connect(m_cancelButton, &QPushButton::clicked, this, &DatasetBrowser::cancelLoading);
    connect(m_playButton, &QPushButton::clicked, this, &DatasetBrowser::togglePlayback);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (row >= 0)
            selectRecording(m_table->item(row, 0)->data(Qt::UserRole).toInt());
    });
    connect(m_waveform, &WaveformView::seekRequested, this, [this](std::int64_t frame) { m_player->seek(frame); });
    m_playheadTimer->setInterval(30);
    connect(m_playheadTimer, &QTimer::timeout, this, [this] {
        m_waveform->setPlayhead(m_player->position());
        if (!m_player->isPlaying()) {
            m_playheadTimer->stop();
            m_playButton->setText(tr("Play"));
        }
    });
}

DatasetBrowser::~DatasetBrowser()
{
    if (m_worker) {
        m_cancel->store(true);
        m_worker->disconnect(this);
        m_worker->wait();
        delete m_worker;
    }
}

void DatasetBrowser::openFolder(const QString &folder)
{
    if (m_worker) {
        cancelLoading();
        m_worker->disconnect(this);
        m_worker->wait();
        delete m_worker;
        m_worker = nullptr;
    }
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto load = std::make_shared<BrowserLoad>();
    const auto cancel = m_cancel;
    QPointer<DatasetBrowser> self(this);
    auto progress = [self](int done, int total) {
        if (done % 50 == 0 || done == total)
            QMetaObject::invokeMethod(self, [self, done, total] {
                if (!self)
                    return;
                self->m_progress->setRange(0, total);
                self->m_progress->setValue(done);
                Q_EMIT self->loadProgress(done, total);
            }, Qt::QueuedConnection);
    };
    m_worker = QThread::create([load, folder, cancel, progress] {
        load->result = DatasetScanner::load(folder, progress, cancel.get());
    });
    connect(m_worker, &QThread::finished, this, [this, load] { onLoaded(load); });
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_cancelButton->setVisible(true);
    m_status->setText(tr("Loading %1…").arg(folder));
    m_worker->start();
}

void DatasetBrowser::cancelLoading()
{
    if (m_cancel)
        m_cancel->store(true);
}

void DatasetBrowser::onLoaded(std::shared_ptr<BrowserLoad> load)
{
    m_worker->deleteLater();
    m_worker = nullptr;
    m_progress->setVisible(false);
    m_cancelButton->setVisible(false);
    const bool ok = load->result.status == LoadStatus::Ok;
    QString message;
    if (ok) {
        m_dataset = std::move(load->result.dataset);
        fillTable();
        if (!m_dataset.isEmpty())
            selectRecording(0);  // show something at once rather than four empty plots
        message = tr("%1 recordings, %2 skipped.").arg(m_dataset.size()).arg(m_dataset.skipped.size());
        if (!m_player->isAvailable())
            message += " " + m_player->unavailableReason();
    } else {
        message = load->result.error;
    }
    m_status->setText(message);
    Q_EMIT loadFinished(ok, message);
}

void DatasetBrowser::fillTable()
{
    m_table->setSortingEnabled(false);
    m_table->setRowCount(static_cast<int>(m_dataset.items.size() + m_dataset.skipped.size()));
    int row = 0;
    for (const DatasetItem &item : m_dataset.items) {
        auto *file = new QTableWidgetItem(item.fileName);
        file->setData(Qt::UserRole, row);
        m_table->setItem(row, 0, file);
        m_table->setItem(row, 1, new QTableWidgetItem(QString::number(item.name.digit)));
        m_table->setItem(row, 2, new QTableWidgetItem(item.name.speaker));
        m_table->setItem(row, 3, new QTableWidgetItem(QString::number(item.name.take)));
        m_table->setItem(row, 4, new QTableWidgetItem(QString::number(item.samples.size() / 8000.0, 'f', 3)));
        ++row;
    }
    for (const SkippedFile &skipped : m_dataset.skipped) {
        auto *file = new QTableWidgetItem(skipped.file);
        file->setData(Qt::UserRole, -1);
        file->setForeground(Qt::gray);
        file->setToolTip(skipped.reason);
        m_table->setItem(row, 0, file);
        auto *reason = new QTableWidgetItem(tr("skipped: %1").arg(skipped.reason));
        reason->setToolTip(skipped.reason);
        m_table->setItem(row, 4, reason);
        ++row;
    }
}

void DatasetBrowser::selectRecording(int index)
{
    if (index < 0 || index >= static_cast<int>(m_dataset.items.size()))
        return;
    m_player->stop();
    m_selected = index;
    const DatasetItem &item = m_dataset.items[static_cast<std::size_t>(index)];
    m_waveform->setSamples(item.samples, 8000);
    // The features as the MFCC network sees them: padded/truncated to 6000 samples.
    const MfccOptions options;
    const std::vector<float> padded = Preprocessing::padOrTruncate(item.samples, 6000);
    const double step = options.stepSeconds;
    m_spectrogram->setMatrix(Spectrogram::logPower(padded, options), step, options.sampleRate / 2.0);
    m_logMel->setMatrix(Mfcc::logMelFilterbank(padded, options), step, options.filters - 1);
    m_mfcc->setMatrix(Mfcc::compute(padded, options), step, options.coefficients - 1);
    m_player->load({item.samples, 8000});
    m_playButton->setEnabled(m_player->isAvailable());
    m_playButton->setText(tr("Play"));
    Q_EMIT recordingSelected(index);
}

void DatasetBrowser::togglePlayback()
{
    if (m_player->isPlaying()) {
        m_player->stop();
        return;
    }
    const QString error = m_player->play();
    if (!error.isEmpty()) {
        m_status->setText(error);
        return;
    }
    m_playButton->setText(tr("Stop"));
    m_playheadTimer->start();
}

}  // namespace convscope
