#include "explore/ActivationPanel.h"

#include "audio/AudioDecoder.h"
#include "audio/AudioPlayer.h"
#include "data/Dataset.h"
#include "data/FileNameParser.h"
#include "explore/ActivationComparison.h"
#include "explore/ActivationView.h"
#include "services/DatasetDocument.h"
#include "services/ExploreController.h"
#include "explore/KernelView.h"

#include <QComboBox>
#include <QCompleter>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPdfWriter>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>

namespace convscope {

ActivationPanel::ActivationPanel(ExploreController *explore, DatasetDocument *recordings, QWidget *parent)
    : QWidget(parent), m_explore(explore), m_recordings(recordings), m_player(std::make_unique<AudioPlayer>()),
      m_kernel(new KernelView(this)),
      m_clipBox(new QComboBox(this)), m_compareBox(new QComboBox(this)),
      m_openButton(new QPushButton(tr("Open WAV…"), this)), m_exportButton(new QPushButton(tr("Export…"), this)),
      m_hover(new QLabel(this)), m_status(new QLabel(this))
{
    auto *sides = new QSplitter(Qt::Horizontal, this);
    for (int side = 0; side < 2; ++side) {
        auto *view = new ActivationView;
        auto *scroll = new QScrollArea;
        scroll->setWidget(view);
        scroll->setWidgetResizable(true);
        auto *label = new QLabel;
        label->setWordWrap(true);
        auto *column = new QWidget;
        auto *columnLayout = new QVBoxLayout(column);
        columnLayout->setContentsMargins(0, 0, 0, 0);
        columnLayout->addWidget(label);
        columnLayout->addWidget(scroll, 1);
        sides->addWidget(column);
        m_views[static_cast<std::size_t>(side)] = view;
        m_scrolls[static_cast<std::size_t>(side)] = scroll;
        m_columns[static_cast<std::size_t>(side)] = column;
        m_clipLabels[static_cast<std::size_t>(side)] = label;
        connect(view, &ActivationView::cellHovered, this, [this, side](const ActivationCell &cell) { onHovered(side, cell); });
        connect(view, &ActivationView::hoverLeft, this, [this, side] {
            m_views[static_cast<std::size_t>(1 - side)]->setHoveredCell(std::nullopt);
            m_hover->clear();
        });
        connect(view, &ActivationView::cellClicked, this, [this, side](const ActivationCell &cell) { onClicked(side, cell); });
    }
    m_columns[1]->hide();
    m_kernel->setMinimumWidth(260);
    sides->addWidget(m_kernel);
    sides->setStretchFactor(0, 3);
    sides->setStretchFactor(1, 3);
    sides->setStretchFactor(2, 1);

    m_hover->setWordWrap(true);
    m_hover->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildControls());
    layout->addWidget(m_status);
    layout->addWidget(sides, 1);
    layout->addWidget(m_hover);

    connect(m_explore, &ExploreController::snapshotChanged, this, &ActivationPanel::onSnapshot);
    showStatus(tr("Choose a recording, open a WAV file, or send one here from the Training tab or Test your voice."));
}

ActivationPanel::~ActivationPanel() = default;

QWidget *ActivationPanel::buildControls()
{
    auto *controls = new QWidget(this);
    auto *row = new QHBoxLayout(controls);
    row->setContentsMargins(0, 0, 0, 0);
    m_clipBox->setEditable(true);
    m_clipBox->setInsertPolicy(QComboBox::NoInsert);
    m_clipBox->setMinimumContentsLength(18);
    m_clipBox->setToolTip(tr("A recording of the Spoken digits tab's dataset: type to search"));
    m_clipBox->completer()->setFilterMode(Qt::MatchContains);
    m_clipBox->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_compareBox->setToolTip(tr("Beside the clip, the same digit said by another speaker: where does a new voice "
                                "diverge inside the network?"));
    m_exportButton->setToolTip(tr("Save both sides as PNG or PDF"));
    row->addWidget(new QLabel(tr("Clip:"), controls));
    row->addWidget(m_clipBox, 1);
    row->addWidget(m_openButton);
    row->addSpacing(12);
    row->addWidget(new QLabel(tr("Compare with:"), controls));
    row->addWidget(m_compareBox);
    row->addSpacing(12);
    row->addWidget(m_exportButton);
    offerRecordings();
    connect(m_recordings, &DatasetDocument::datasetChanged, this, &ActivationPanel::offerRecordings);

    connect(m_clipBox, &QComboBox::activated, this, [this](int index) {
        if (const QString error = openRecording(m_clipBox->itemText(index)); !error.isEmpty())
            showStatus(error);
    });
    connect(m_clipBox->lineEdit(), &QLineEdit::returnPressed, this, &ActivationPanel::openTypedClip);
    connect(m_compareBox, &QComboBox::activated, this, [this](int index) {
        if (const QString error = compareWith(m_compareBox->itemData(index).toString()); !error.isEmpty())
            showStatus(error);
    });
    connect(m_openButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a recording"), {},
                                                          tr("Audio files (*.wav *.flac *.ogg *.aiff);;All files (*)"));
        if (!path.isEmpty())
            if (const QString error = openFile(path); !error.isEmpty())
                showStatus(error);
    });
    connect(m_exportButton, &QPushButton::clicked, this, &ActivationPanel::chooseExport);
    return controls;
}

void ActivationPanel::openTypedClip()
{
    const QString typed = m_clipBox->currentText().trimmed();
    // The box's own Enter opens an exact name, matched as its completer matches: ignoring case.
    if (typed.isEmpty() || m_clipBox->findText(typed, Qt::MatchFixedString) >= 0)
        return;
    const int first = m_clipBox->findText(typed, Qt::MatchContains);
    if (first < 0) {
        showStatus(tr("No recording of the loaded dataset contains “%1”.").arg(typed));
        return;
    }
    if (const QString error = openRecording(m_clipBox->itemText(first)); !error.isEmpty())
        showStatus(error);
}

void ActivationPanel::offerRecordings()
{
    m_clipBox->clear();
    for (const DatasetItem &item : m_recordings->dataset().items)
        m_clipBox->addItem(item.fileName);
    m_clipBox->setCurrentIndex(-1);
    fillSpeakers();
}

void ActivationPanel::fillSpeakers()
{
    m_compareBox->clear();
    m_compareBox->addItem(tr("nobody"), QString());
    for (const QString &speaker : m_recordings->dataset().speakers())
            m_compareBox->addItem(speaker, speaker);
}

QString ActivationPanel::showOnSide(int side, const std::vector<float> &samples, const QString &name, int truth)
{
    const QString error = m_explore->showClip(side, samples, name, truth);
    m_clipLabels[static_cast<std::size_t>(side)]->setText(tr("<b>%1</b>: asking the model…").arg(name.toHtmlEscaped()));
    showStatus(error);
    return error;
}

QString ActivationPanel::openRecording(const QString &fileName)
{
    const std::int64_t index = m_recordings->dataset().indexOf(fileName);
    if (index < 0) {
        showStatus(tr("%1 is not a recording of the loaded dataset: load the dataset on the Spoken digits tab, or "
                      "open the file with Open WAV….").arg(fileName));
        return statusText();
    }
    const DatasetItem &item = m_recordings->dataset().items[static_cast<std::size_t>(index)];
    m_clipBox->setCurrentIndex(static_cast<int>(index));
    if (const QString error = showOnSide(0, item.samples, item.fileName, item.name.digit); !error.isEmpty())
        return error;
    // Beside it, by default, the first other speaker (kept when the teacher chose one that still differs).
    QString speaker = m_compareBox->currentData().toString();
    if (speaker.isEmpty() || speaker == item.name.speaker) {
        const QStringList speakers = m_recordings->dataset().speakers();
        const auto other = std::find_if(speakers.begin(), speakers.end(), [&](const QString &s) { return s != item.name.speaker; });
        speaker = other == speakers.end() ? QString() : *other;
    }
    return compareWith(speaker);
}

QString ActivationPanel::openFile(const QString &path)
{
    const DecodeResult decoded = AudioDecoder::decodeFile(path);
    if (!decoded.clip)
        return decoded.error;
    const std::optional<RecordingName> name = FileNameParser::parse(QFileInfo(path).fileName());
    return showOnSide(0, decoded.clip->samples, QFileInfo(path).fileName(), name ? name->digit : -1);
}

void ActivationPanel::showTake(const std::vector<float> &samples, const QString &source)
{
    showOnSide(0, samples, source, -1);
}

QString ActivationPanel::compareWith(const QString &speaker)
{
    m_compareBox->setCurrentIndex(std::max(0, m_compareBox->findData(speaker)));
    const SharedActivations main = m_explore->snapshot(0);
    const QString mainName = m_explore->clipName(0);
    const std::optional<RecordingName> name = FileNameParser::parse(mainName);
    if (speaker.isEmpty() || mainName.isEmpty()) {
        m_explore->clearClip(1);
        return {};
    }
    const int digit = name ? name->digit : main ? main->predicted() : -1;
    if (digit < 0)
        return tr("Wait for the model's answer: the comparison is the digit it hears, said by %1.").arg(speaker);
    // The same take of the same digit by `speaker` when it exists, else that speaker's first take of the digit.
    const DatasetItem *chosen = nullptr;
    for (const DatasetItem &item : m_recordings->dataset().items)
        if (item.name.speaker == speaker && item.name.digit == digit &&
            (chosen == nullptr || (name && item.name.take == name->take)))
            chosen = &item;
    if (chosen == nullptr)
        return tr("%1 never says %2 in the loaded dataset.").arg(speaker).arg(digit);
    return showOnSide(1, chosen->samples, chosen->fileName, chosen->name.digit);
}

void ActivationPanel::onSnapshot(int side)
{
    const SharedActivations snapshot = m_explore->snapshot(side);
    ActivationView *view = m_views[static_cast<std::size_t>(side)];
    view->setSnapshot(snapshot);
    QLabel *label = m_clipLabels[static_cast<std::size_t>(side)];
    const QString name = m_explore->clipName(side);
    m_columns[static_cast<std::size_t>(side)]->setVisible(side == 0 || !name.isEmpty());
    if (snapshot) {
        const int predicted = snapshot->predicted();
        const QString truth = snapshot->truth >= 0 ? tr("digit %1, ").arg(snapshot->truth) : QString();
        label->setText(tr("<b>%1</b>: %2heard as <span style='color:%3'>%4</span> (%5 %)")
                           .arg(name.toHtmlEscaped(), truth, ActivationView::answerColour(*snapshot).name())
                           .arg(predicted)
                           .arg(100.0 * snapshot->probabilities[static_cast<std::size_t>(predicted)], 0, 'f', 0)
                       + tr(" by %1").arg(m_explore->answering().toHtmlEscaped()));
    } else {
        label->setText(name.isEmpty() ? QString() : tr("<b>%1</b>: waiting for the model…").arg(name.toHtmlEscaped()));
    }
    const SharedActivations a = m_explore->snapshot(0), b = m_explore->snapshot(1);
    const std::vector<double> differences = a && b && a->network == b->network ? activationDifferences(*a, *b)
                                                                                : std::vector<double>();
    m_views[0]->setDifferences(differences);
    m_views[1]->setDifferences(differences);
    if (side == 0 && m_kernel->kernelLayer())
        m_kernel->showChannel(snapshot, *m_kernel->kernelLayer(), m_kernel->channel());
    if (snapshot && m_markedLayer >= 0 && !markLayer(side))
        showStatus(tr("The model that answers has no layer %1 to show.").arg(m_markedLayer + 1));
}

QString ActivationPanel::showLayer(int layer)
{
    m_markedLayer = layer;
    if (m_explore->clipName(0).isEmpty() && !m_recordings->dataset().items.empty())
        openRecording(m_recordings->dataset().items.front().fileName);
    if (!m_explore->snapshot(0)) {
        for (ActivationView *view : m_views)
            view->setMarkedEntry(layer + 1);
        return {};  // marked when the model answers (onSnapshot)
    }
    for (int side = 0; side < 2; ++side)
        if (m_views[static_cast<std::size_t>(side)]->snapshot() && !markLayer(side)) {
            showStatus(tr("The model that answers has no layer %1 to show.").arg(layer + 1));
            return statusText();
        }
    return {};
}

bool ActivationPanel::markLayer(int side)
{
    ActivationView *view = m_views[static_cast<std::size_t>(side)];
    view->setMarkedEntry(m_markedLayer + 1);
    const ActivationRow *row = view->layout().rowOf(m_markedLayer + 1);
    if (!row)
        return false;
    // The whole row with its label in sight, the label at the top when the row is taller than the view.
    const QRect rect = row->area.united(row->labelArea);
    QScrollArea *scroll = m_scrolls[static_cast<std::size_t>(side)];
    scroll->ensureVisible(rect.center().x(), rect.bottom(), 0, ActivationLayout::kMargin);
    scroll->ensureVisible(rect.center().x(), rect.top(), 0, ActivationLayout::kMargin);
    return true;
}

void ActivationPanel::onHovered(int side, const ActivationCell &cell)
{
    ActivationView *other = m_views[static_cast<std::size_t>(1 - side)];
    other->setHoveredCell(cell);
    QString text = m_views[static_cast<std::size_t>(side)]->describe(cell);
    if (other->snapshot() && other->hoveredCell())
        text += tr("; in %1: %2").arg(m_explore->clipName(1 - side)).arg(other->value(cell), 0, 'g', 4);
    m_hover->setText(text);
}

void ActivationPanel::onClicked(int side, const ActivationCell &cell)
{
    const SharedActivations snapshot = m_explore->snapshot(side);
    if (!snapshot)
        return;
    const auto layer = static_cast<std::size_t>(cell.entry - 1);
    m_views[static_cast<std::size_t>(1 - side)]->setSelectedCell(cell);
    m_kernel->showChannel(snapshot, layer, cell.channel);
    // Play what the unit hears.
    const InputSpan span = inputSpan(*snapshot, layer, cell.position);
    if (span.empty())
        return showStatus(tr("That unit hears only padding: there is nothing to play."));
    const QString error = play(std::vector<float>(snapshot->window.begin() + span.firstSample,
                                                  snapshot->window.begin() + span.lastSample + 1));
    if (!error.isEmpty())
        showStatus(error);
}

QString ActivationPanel::play(std::vector<float> samples)
{
    if (!m_player->isAvailable())
        return tr("No audio output to play on: %1").arg(m_player->unavailableReason());
    AudioClip clip;
    clip.sampleRate = 8000;
    clip.samples = std::move(samples);
    m_player->load(clip);
    const QString error = m_player->play();
    return error.isEmpty() ? QString() : tr("Could not play: %1").arg(error);
}

QString ActivationPanel::playRecording(const QString &fileName)
{
    const std::int64_t index = m_recordings->dataset().indexOf(fileName);
    const QString error = index < 0 ? tr("%1 is not a recording of the loaded dataset.").arg(fileName)
                                    : play(m_recordings->dataset().items[static_cast<std::size_t>(index)].samples);
    if (!error.isEmpty())
        showStatus(error);
    return error;
}

void ActivationPanel::showStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

QString ActivationPanel::statusText() const { return m_status->text(); }

QString ActivationPanel::hoverText() const { return m_hover->text(); }

QString ActivationPanel::clipText(int side) const { return m_clipLabels[static_cast<std::size_t>(side)]->text(); }

void ActivationPanel::chooseExport()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the activations"), QStringLiteral("activations.png"),
                                                      tr("PNG image (*.png);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    const QString error = exportTo(path);
    showStatus(error.isEmpty() ? tr("Saved %1.").arg(QDir::toNativeSeparators(path)) : error);
}

QString ActivationPanel::exportTo(const QString &path) const
{
    // The visible sides next to each other, each at its full height (not just the part scrolled into view).
    std::vector<const ActivationView *> shown;
    for (const ActivationView *view : m_views)
        if (view->snapshot())
            shown.push_back(view);
    if (shown.empty())
        return tr("There is nothing to export yet: choose a clip first.");
    QSize size(0, 0);
    for (const ActivationView *view : shown)
        size = QSize(size.width() + view->width(), std::max(size.height(), view->layout().height()));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Could not write %1: %2").arg(path, file.errorString());
    const auto paint = [&](QPainter &painter) {
        int x = 0;
        for (const ActivationView *view : shown) {
            painter.save();
            painter.translate(x, 0);
            view->render(painter, QSize(view->width(), size.height()));
            painter.restore();
            x += view->width();
        }
    };
    bool written = false;
    if (QFileInfo(path).suffix().compare("pdf", Qt::CaseInsensitive) == 0) {
        QPdfWriter pdf(&file);
        pdf.setTitle(tr("ConvScope activations"));
        pdf.setResolution(96);
        pdf.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter(&pdf);
        // The page is in points (1/72 in) and the painter in 96-dpi pixels: scale the view to fill the page.
        painter.scale(pdf.width() / static_cast<double>(size.width()), pdf.height() / static_cast<double>(size.height()));
        paint(painter);
        written = painter.end();
    } else {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        QPainter painter(&image);
        paint(painter);
        painter.end();
        written = image.save(&file, "PNG");
    }
    if (!written || !file.commit())
        return tr("Could not write %1: %2").arg(path, file.errorString());
    return {};
}

}  // namespace convscope
