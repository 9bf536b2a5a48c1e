#include "digits/DatasetBrowser.h"

#include "digits/DatasetEmptyState.h"
#include "common/FeatureMatrixView.h"
#include "common/PlaybackControl.h"
#include "digits/RecorderWidget.h"
#include "digits/RecordingFilterModel.h"
#include "digits/RecordingTableModel.h"
#include "common/WaveformView.h"
#include "data/DatasetScanner.h"
#include "data/Mfcc.h"
#include "data/Preprocessing.h"
#include "data/Spectrogram.h"
#include "data/Split.h"
#include "explore/ActivationSnapshot.h"
#include "services/DatasetDocument.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <cmath>

namespace convscope {

namespace {

/// The one time axis of a recording's stacked plots: the clip or the networks' window, whichever is longer, with
/// room for the window's mark.
double stackSeconds(const DatasetItem &item)
{
    const std::size_t shown = std::max<std::size_t>(item.samples.size(), digits::kWindowSamples);
    return 1.02 * static_cast<double>(shown) / digits::kSampleRate;
}

}  // namespace

DatasetBrowser::DatasetBrowser(DatasetDocument *document, QWidget *parent)
    : QWidget(parent),
      m_document(document),
      m_pages(new QStackedWidget(this)),
      m_empty(new DatasetEmptyState(this)),
      m_status(new QLabel(this)),
      m_speakerLabel(new QLabel(this)),
      m_countLabel(new QLabel(this)),
      m_skippedLabel(new QLabel(this)),
      m_progress(new QProgressBar(this)),
      m_openButton(new QPushButton(tr("Open folder…"), this)),
      m_cancelButton(new QPushButton(tr("Cancel"), this)),
      m_playButton(new QPushButton(this)),
      m_digitFilter(new QComboBox(this)),
      m_speakerFilter(new QComboBox(this)),
      m_partFilter(new QComboBox(this)),
      m_split(new QComboBox(this)),
      m_normalisation(new QComboBox(this)),
      m_seed(new QSpinBox(this)),
      m_model(new RecordingTableModel(this)),
      m_proxy(new RecordingFilterModel(this)),
      m_table(new QTableView(this)),
      m_skipped(new QListWidget(this)),
      m_waveform(new WaveformView(this)),
      m_normalised(new WaveformView(this)),
      m_spectrogram(new FeatureMatrixView(tr("frequency (Hz)"), FeatureMatrixView::Scale::Decibels, this)),
      m_logMel(new FeatureMatrixView(tr("mel filter"), FeatureMatrixView::Scale::Decibels, this)),
      m_mfcc(new FeatureMatrixView(tr("coefficient"), FeatureMatrixView::Scale::Values, this)),
      m_recorder(new RecorderWidget(this)),
      m_playback(new PlaybackControl(m_playButton, this))
{
    auto *top = new QHBoxLayout;
    top->addWidget(m_openButton);
    top->addWidget(m_progress, 1);
    top->addWidget(m_cancelButton);
    top->addWidget(m_playButton);
    m_progress->setVisible(false);
    m_cancelButton->setVisible(false);

    setUpTable();

    auto *list = new QWidget(this);
    auto *listLayout = new QVBoxLayout(list);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(createFilterBar());
    listLayout->addWidget(m_countLabel);
    listLayout->addWidget(m_table, 3);
    listLayout->addWidget(m_skippedLabel);
    listLayout->addWidget(m_skipped, 1);

    auto *tabs = new QTabWidget(this);
    tabs->addTab(createViews(), tr("Selected recording"));
    tabs->addTab(m_recorder, tr("Record your voice"));
    auto *splitter = new QSplitter(this);
    splitter->addWidget(list);
    splitter->addWidget(tabs);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({540, 900});  // room for all six columns next to the plots

    auto *content = new QWidget(this);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addLayout(top);
    contentLayout->addWidget(splitter, 1);
    m_pages->addWidget(m_empty);
    m_pages->addWidget(content);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_status);

    connectControls();
    showEmptyState();
}

void DatasetBrowser::setUpTable()
{
    m_proxy->setSourceModel(m_model);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RecordingTableModel::File, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_skipped->setObjectName("skipped");
    m_skipped->setVisible(false);
    m_skippedLabel->setVisible(false);
}

void DatasetBrowser::connectControls()
{
    connect(m_openButton, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder of FSDD recordings"));
        if (!folder.isEmpty())
            openAndRememberFolder(folder);
    });
    connect(m_empty, &DatasetEmptyState::folderChosen, this, &DatasetBrowser::openAndRememberFolder);
    connect(m_cancelButton, &QPushButton::clicked, this, &DatasetBrowser::cancelLoading);
    connect(m_document, &DatasetDocument::loadStarted, this, &DatasetBrowser::onLoadStarted);
    connect(m_document, &DatasetDocument::loadProgress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        Q_EMIT loadProgress(done, total);
    });
    connect(m_document, &DatasetDocument::loadFinished, this, &DatasetBrowser::onLoaded);
    connect(m_playback, &PlaybackControl::failed, m_status, &QLabel::setText);
    m_playback->addView(m_waveform);
    m_playback->addView(m_normalised);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &DatasetBrowser::onCurrentRowChanged);
    connect(m_table, &QTableView::doubleClicked, this, [this] {
        if (!m_playback->isPlaying())
            m_playback->toggle();
    });
    auto *space = new QShortcut(QKeySequence(Qt::Key_Space), m_table, nullptr, nullptr, Qt::WidgetShortcut);
    space->setWhatsThis(tr("Play or stop the selected recording (Spoken digits)"));
    connect(space, &QShortcut::activated, m_playback, &PlaybackControl::toggle);
}

QWidget *DatasetBrowser::createFilterBar()
{
    m_digitFilter->setObjectName("digitFilter");
    m_speakerFilter->setObjectName("speakerFilter");
    m_partFilter->setObjectName("partFilter");
    m_split->setObjectName("split");
    m_seed->setObjectName("seed");
    m_digitFilter->addItem(tr("all"), -1);
    for (int digit = 0; digit <= 9; ++digit)
        m_digitFilter->addItem(QString::number(digit), digit);
    m_speakerFilter->addItem(tr("all"), QString());
    m_partFilter->addItem(tr("train and test"), QString());
    m_partFilter->addItem(tr("train only"), QStringLiteral("train"));
    m_partFilter->addItem(tr("test only"), QStringLiteral("test"));
    m_split->setToolTip(tr("random: the assignment's seeded 2/3 : 1/3 split; official: takes 0-4 are test; "
                           "speaker=NAME: that speaker is test"));
    m_seed->setRange(0, 999999999);
    m_seed->setValue(12345);
    m_seed->setToolTip(tr("Seed of the random split"));

    auto *bar = new QWidget(this);
    auto *grid = new QGridLayout(bar);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(new QLabel(tr("Digit"), bar), 0, 0);
    grid->addWidget(m_digitFilter, 0, 1);
    grid->addWidget(new QLabel(tr("Speaker"), bar), 0, 2);
    grid->addWidget(m_speakerFilter, 0, 3);
    grid->addWidget(new QLabel(tr("Show"), bar), 0, 4);
    grid->addWidget(m_partFilter, 0, 5);
    grid->addWidget(new QLabel(tr("Split"), bar), 1, 0);
    grid->addWidget(m_split, 1, 1, 1, 3);
    grid->addWidget(new QLabel(tr("Seed"), bar), 1, 4);
    grid->addWidget(m_seed, 1, 5);
    grid->setColumnStretch(3, 1);

    for (QComboBox *filter : {m_digitFilter, m_speakerFilter, m_partFilter})
        connect(filter, &QComboBox::currentIndexChanged, this, &DatasetBrowser::applyFilters);
    connect(m_split, &QComboBox::currentIndexChanged, this, &DatasetBrowser::applySplit);
    connect(m_seed, &QSpinBox::valueChanged, this, &DatasetBrowser::applySplit);
    return bar;
}

QWidget *DatasetBrowser::createViews()
{
    m_normalisation->setObjectName("normalisation");
    m_normalisation->addItem(tr("z-score (raw-waveform networks)"));
    m_normalisation->addItem(tr("/ 32768 (MFCC input)"));
    m_normalisation->addItem(tr("min-max to [0, 1]"));
    connect(m_normalisation, &QComboBox::currentIndexChanged, this, &DatasetBrowser::showNormalised);
    m_speakerLabel->setWordWrap(true);

    auto *views = new QWidget(this);
    auto *layout = new QVBoxLayout(views);
    auto *row = new QHBoxLayout;
    row->addWidget(m_speakerLabel, 1);
    row->addWidget(new QLabel(tr("Normalisation"), views));
    row->addWidget(m_normalisation);
    layout->addLayout(row);
    m_waveform->setYLabel(tr("raw"));
    // Each plot keeps a readable height (PlotLayout) and shares the rest; when the window is too short for all
    // five, the column scrolls instead of squeezing them.
    auto *plots = new QWidget(views);
    auto *plotLayout = new QVBoxLayout(plots);
    plotLayout->setContentsMargins(0, 0, 0, 0);
    for (QWidget *view : {static_cast<QWidget *>(m_waveform), static_cast<QWidget *>(m_normalised),
                          static_cast<QWidget *>(m_spectrogram), static_cast<QWidget *>(m_logMel),
                          static_cast<QWidget *>(m_mfcc)})
        plotLayout->addWidget(view, 1);
    auto *scroll = new QScrollArea(views);
    scroll->setObjectName("plots");
    scroll->setWidget(plots);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(scroll, 1);
    return views;
}

DatasetBrowser::~DatasetBrowser() = default;

void DatasetBrowser::openAndRememberFolder(const QString &folder) { m_document->openAndRemember(folder); }

void DatasetBrowser::openFolder(const QString &folder) { m_document->open(folder); }

void DatasetBrowser::cancelLoading() { m_document->cancel(); }

bool DatasetBrowser::isLoading() const { return m_document->isLoading(); }

const Dataset &DatasetBrowser::dataset() const { return m_document->dataset(); }

const SpeakerInfo &DatasetBrowser::speakerInfo() const { return m_document->speakers(); }

void DatasetBrowser::onLoadStarted(const QString &folder)
{
    m_pages->setCurrentIndex(1);
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_cancelButton->setVisible(true);
    m_status->setText(tr("Loading %1…").arg(folder));
}

void DatasetBrowser::showEmptyState(const QString &reason)
{
    m_empty->setReason(reason);
    m_pages->setCurrentWidget(m_empty);
}

bool DatasetBrowser::isShowingEmptyState() const { return m_pages->currentWidget() == m_empty; }

void DatasetBrowser::onLoaded(bool ok, const QString &documentMessage)
{
    m_progress->setVisible(false);
    m_cancelButton->setVisible(false);
    QString message = documentMessage;
    const Dataset &data = dataset();
    if (ok) {
        m_selected = -1;
        m_model->setDataset(data);
        m_skipped->clear();
        for (const SkippedFile &skipped : data.skipped)
            m_skipped->addItem(tr("%1: %2").arg(skipped.file, skipped.reason));
        m_skippedLabel->setText(tr("Skipped files (%1), with the reason:").arg(data.skipped.size()));
        m_skippedLabel->setVisible(!data.skipped.empty());
        m_skipped->setVisible(!data.skipped.empty());
        fillSpeakers();
        applySplit();
        if (!data.isEmpty())
            selectRecording(0);  // show something at once rather than empty plots
        if (!m_playback->isAvailable())
            message += " " + m_playback->unavailableReason();
        if (data.isEmpty())
            showEmptyState(tr("%1 holds no FSDD recordings ({digit}_{speaker}_{take}.wav).").arg(data.folder));
    } else if (data.isEmpty() || m_document->lastStatus() != LoadStatus::Cancelled) {
        showEmptyState(message);
    }
    m_status->setText(message);
    Q_EMIT loadFinished(ok, message);
}

void DatasetBrowser::fillSpeakers()
{
    const QSignalBlocker blockSpeakers(m_speakerFilter), blockSplit(m_split);
    m_speakerFilter->clear();
    m_speakerFilter->addItem(tr("all"), QString());
    m_split->clear();
    m_split->addItem(QStringLiteral("random"));
    m_split->addItem(QStringLiteral("official"));
    for (const QString &speaker : dataset().speakers()) {
        const QString about = speakerInfo().describe(speaker);
        m_speakerFilter->addItem(about.isEmpty() ? speaker : QString("%1 (%2)").arg(speaker, about), speaker);
        m_split->addItem("speaker=" + speaker);
    }
}

void DatasetBrowser::setFilters(int digit, const QString &speaker, const QString &part)
{
    m_digitFilter->setCurrentIndex(std::max(0, m_digitFilter->findData(digit)));
    m_speakerFilter->setCurrentIndex(std::max(0, m_speakerFilter->findData(speaker)));
    m_partFilter->setCurrentIndex(std::max(0, m_partFilter->findData(part)));
}

void DatasetBrowser::applyFilters()
{
    m_proxy->setFilters(m_digitFilter->currentData().toInt(), m_speakerFilter->currentData().toString(),
                        m_partFilter->currentData().toString());
    m_countLabel->setText(tr("%1 of %2 recordings shown").arg(visibleRows()).arg(dataset().size()));
}

QString DatasetBrowser::setSplit(const QString &split, int seed)
{
    QString error;
    if (!SplitSpec::parse(split, static_cast<std::uint64_t>(seed), &error))
        return error;
    const int index = m_split->findText(split);
    if (index < 0)
        return tr("No split \"%1\" for this folder.").arg(split);
    const QSignalBlocker block(m_seed);
    m_seed->setValue(seed);
    m_split->setCurrentIndex(index);
    applySplit();
    return {};
}

void DatasetBrowser::applySplit()
{
    m_seed->setEnabled(m_split->currentText() == QLatin1String("random"));
    DatasetSplit split;
    if (const auto spec = SplitSpec::parse(m_split->currentText(), static_cast<std::uint64_t>(m_seed->value()));
        spec && !dataset().isEmpty()) {
        split = makeSplit(dataset().recordings(), *spec);
        if (!split.ok())
            m_status->setText(split.error);
    }
    m_splitCounts = {static_cast<int>(split.train.size()), static_cast<int>(split.test.size())};
    m_model->setSplit(split);
    applyFilters();
    m_countLabel->setText(m_countLabel->text()
                          + tr("; split: %1 train, %2 test").arg(m_splitCounts.first).arg(m_splitCounts.second));
}

int DatasetBrowser::visibleRows() const { return m_proxy->rowCount(); }

QString DatasetBrowser::visiblePart(int row) const
{
    return m_proxy->index(row, RecordingTableModel::SplitPart).data().toString();
}

int DatasetBrowser::visibleItem(int row) const
{
    return m_proxy->index(row, 0).data(RecordingTableModel::ItemRole).toInt();
}

int DatasetBrowser::skippedCount() const { return m_skipped->count(); }

void DatasetBrowser::setNormalisation(int index) { m_normalisation->setCurrentIndex(index); }

void DatasetBrowser::onCurrentRowChanged()
{
    const QModelIndex current = m_table->currentIndex();
    if (current.isValid())
        selectRecording(current.siblingAtColumn(0).data(RecordingTableModel::ItemRole).toInt());
}

void DatasetBrowser::selectRecording(int index)
{
    if (index < 0 || index >= static_cast<int>(dataset().items.size()))
        return;
    const QModelIndex row = m_proxy->mapFromSource(m_model->index(index, 0));
    if (row.isValid() && m_table->currentIndex().row() != row.row())
        m_table->setCurrentIndex(row);  // comes back here through onCurrentRowChanged
    if (index == m_selected)
        return;
    m_selected = index;
    const DatasetItem &item = dataset().items[static_cast<std::size_t>(index)];
    m_waveform->setSamples(item.samples, digits::kSampleRate);
    m_waveform->setMark(digits::kWindowSamples, tr("%1 samples: the networks' window").arg(digits::kWindowSamples));
    showNormalised();
    // The features as the MFCC network sees them: padded/truncated to 6000 samples; frames after the clip's last
    // sound hear only the padding.
    const MfccOptions options;
    const std::vector<float> padded = Preprocessing::padOrTruncate(item.samples, digits::kWindowSamples);
    const std::array<std::int64_t, 2> sound = soundFramesOf(padded);
    m_spectrogram->setMatrix(Spectrogram::logPower(padded, options), options, options.sampleRate / 2.0, sound);
    m_logMel->setMatrix(Mfcc::logMelFilterbank(padded, options), options, options.filters - 1, sound);
    m_mfcc->setMatrix(Mfcc::compute(padded, options), options, options.coefficients - 1, sound);
    m_waveform->setTimeRange(stackSeconds(item));  // the normalised view's is set with its samples
    for (FeatureMatrixView *view : {m_spectrogram, m_logMel, m_mfcc})
        view->setTimeRange(stackSeconds(item));
    const QString about = speakerInfo().describe(item.name.speaker);
    m_speakerLabel->setText(tr("<b>%1</b>: digit %2, speaker %3%4, take %5")
                                .arg(item.fileName).arg(item.name.digit).arg(item.name.speaker,
                                     about.isEmpty() ? QString() : " (" + about + ")")
                                .arg(item.name.take));
    m_playback->load({item.samples, digits::kSampleRate});
}

void DatasetBrowser::showNormalised()
{
    if (m_selected < 0)
        return;
    const auto normalisation = static_cast<Normalisation>(m_normalisation->currentIndex());
    const DatasetItem &item = dataset().items[static_cast<std::size_t>(m_selected)];
    m_normalised->setSamples(Preprocessing::apply(item.samples, {digits::kWindowSamples, normalisation}),
                             digits::kSampleRate);
    m_normalised->setYLabel(Preprocessing::toString(normalisation));
    m_normalised->setTimeRange(stackSeconds(item));
}

}  // namespace convscope
