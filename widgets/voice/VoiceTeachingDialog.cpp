#include "voice/VoiceTeachingDialog.h"

#include "digits/RecorderWidget.h"
#include "services/ModelService.h"
#include "services/TrainingController.h"
#include "training/RunWidgets.h"
#include "data/DigitFormat.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace convscope {

namespace {

/// A share as a whole percentage: "62 %".
QString percent(double share) { return QString("%1 %").arg(std::lround(100.0 * share)); }

const QColor kNextCell(255, 243, 205);  // the take asked for: amber, as the voice test's warnings
const QColor kDoneCell(209, 231, 221);  // a recorded take: green

}  // namespace

VoiceTeachingDialog::VoiceTeachingDialog(ModelService *models, QWidget *parent)
    : QDialog(parent),
      m_models(models),
      m_teaching(new VoiceTeaching(this)),
      m_savePath(VoiceTeaching::defaultSavePath()),
      m_prompt(new QLabel(this)),
      m_detail(new QLabel(this)),
      m_note(new QLabel(this)),
      m_result(makeMessageLabel(this)),
      m_recorder(new RecorderWidget(this)),
      m_grid(new QTableWidget(this)),
      m_takesBox(new QSpinBox(this)),
      m_removeButton(new QPushButton(tr("Remove last take"), this)),
      m_teachButton(new QPushButton(tr("Teach"), this)),
      m_cancelButton(new QPushButton(tr("Cancel"), this)),
      m_copyButton(new QPushButton(tr("Save a copy as…"), this)),
      m_progress(makeRunProgressBar(this))
{
    setWindowTitle(tr("Teach it your voice"));
    QFont big = font();
    big.setPointSizeF(font().pointSizeF() * 2.6);
    big.setBold(true);
    m_prompt->setFont(big);
    QFont larger = font();
    larger.setPointSizeF(font().pointSizeF() * 1.15);
    m_result->setFont(larger);  // the round's outcome
    m_detail->setWordWrap(true);
    m_note->setWordWrap(true);
    m_takesBox->setRange(1, VoiceTeaching::kMaxTakesPerDigit);
    m_takesBox->setValue(m_teaching->takesPerDigit());
    m_takesBox->setToolTip(tr("With 2 or more, the last take of each digit is kept out of a first fine-tuning to "
                              "measure it honestly"));
    m_grid->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_grid->setSelectionMode(QAbstractItemView::NoSelection);
    m_grid->setFocusPolicy(Qt::NoFocus);
    m_grid->setColumnCount(VoiceTeaching::kDigits);
    m_grid->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_grid->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_grid->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_grid->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_grid->setToolTip(tr("Click a take to hear it and record it again"));
    for (int digit = 0; digit < VoiceTeaching::kDigits; ++digit)
        m_grid->setHorizontalHeaderItem(digit, new QTableWidgetItem(QString::number(digit)));
    m_teachButton->setDefault(true);
    m_cancelButton->setToolTip(tr("Stop the fine-tuning: nothing is saved"));
    m_copyButton->setToolTip(tr("Write your personal model to another file too, e.g. for convscope-cli predict"));
    buildLayout();

    connect(m_recorder, &RecorderWidget::clipRecorded, this, &VoiceTeachingDialog::onClip);
    connect(m_grid, &QTableWidget::cellClicked, this, [this](int row, int column) { chooseTake(column, row); });
    connect(m_takesBox, &QSpinBox::valueChanged, this, [this](int count) {
        m_redo.reset();
        m_teaching->setTakesPerDigit(count);
    });
    connect(m_removeButton, &QPushButton::clicked, this, [this] {
        m_redo.reset();
        m_teaching->removeLast();
    });
    connect(m_teachButton, &QPushButton::clicked, this, &VoiceTeachingDialog::teach);
    connect(m_cancelButton, &QPushButton::clicked, m_teaching, &VoiceTeaching::cancel);
    connect(m_copyButton, &QPushButton::clicked, this, &VoiceTeachingDialog::saveCopy);
    connect(m_teaching, &VoiceTeaching::takesChanged, this, &VoiceTeachingDialog::refresh);
    connect(m_teaching, &VoiceTeaching::progress, this,
            [this](double fraction) { m_progress->setValue(static_cast<int>(std::lround(1000.0 * fraction))); });
    connect(m_teaching, &VoiceTeaching::finished, this, &VoiceTeachingDialog::onFinished);
    connect(m_teaching, &VoiceTeaching::failed, this, &VoiceTeachingDialog::onFailed);
    connect(m_models->training(), &TrainingController::stateChanged, this, &VoiceTeachingDialog::refreshButtons);
    connect(m_models->training(), &TrainingController::reservationChanged, this, &VoiceTeachingDialog::refreshButtons);
    setSavePath(m_savePath);
    showResult(tr("Record every take, then press Teach."), MessageKind::Info);
    refresh();
    resize(1120, 660);
}

void VoiceTeachingDialog::buildLayout()
{
    auto *recorderBox = new QGroupBox(tr("Your take"), this);
    auto *recorderLayout = new QVBoxLayout(recorderBox);
    recorderLayout->setContentsMargins(4, 4, 4, 4);
    recorderLayout->addWidget(m_recorder);

    auto *takesRow = new QHBoxLayout;
    takesRow->addWidget(new QLabel(tr("Takes per digit:"), this));
    takesRow->addWidget(m_takesBox);
    takesRow->addStretch();
    takesRow->addWidget(m_removeButton);
    auto *gridBox = new QGroupBox(tr("Your takes (click one to hear it and say it again)"), this);
    auto *gridLayout = new QVBoxLayout(gridBox);
    gridLayout->addLayout(takesRow);
    gridLayout->addWidget(m_grid);

    auto *teachRow = new QHBoxLayout;
    teachRow->addWidget(m_teachButton);
    teachRow->addWidget(m_progress, 1);
    teachRow->addWidget(m_cancelButton);
    auto *copyRow = new QHBoxLayout;
    copyRow->addStretch();
    copyRow->addWidget(m_copyButton);
    auto *teachBox = new QGroupBox(tr("Teach the model"), this);
    auto *teachLayout = new QVBoxLayout(teachBox);
    teachLayout->addWidget(m_note);
    teachLayout->addLayout(teachRow);
    teachLayout->addWidget(m_result);
    teachLayout->addLayout(copyRow);

    auto *right = new QVBoxLayout;
    right->addWidget(gridBox);
    right->addWidget(teachBox);
    right->addStretch();
    auto *middle = new QHBoxLayout;
    middle->addWidget(recorderBox, 1);
    middle->addLayout(right, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_prompt);
    layout->addWidget(m_detail);
    layout->addLayout(middle, 1);
    layout->addWidget(buttons);
}

QString VoiceTeachingDialog::whyBusy(const TrainingController &training)
{
    if (isRunning(training.state()))
        return tr("A training run is using the cores: let it finish or stop it on the Training tab first.");
    if (!training.reservation().isEmpty())
        return tr("A leave-one-speaker-out study is using the cores: let it finish or stop it on the Training tab "
                  "first.");
    return {};
}

void VoiceTeachingDialog::setSavePath(const QString &path)
{
    m_savePath = path;
    m_note->setText(tr("Teach fine-tunes the ready voice model on your takes, as convscope-cli adapt does; each round "
                       "starts from the ready model again. Your personal model is saved as\n%1")
                        .arg(QDir::toNativeSeparators(path)));
}

void VoiceTeachingDialog::onClip(const AudioClip &clip)
{
    if (m_redo) {
        m_teaching->replaceTake(m_redo->digit, m_redo->take, clip.samples);
        m_redo.reset();
        refresh();  // the prompt goes back to the round's order even if nothing changed
    } else if (const auto next = m_teaching->next()) {
        m_teaching->addTake(next->digit, clip.samples);
    }
}

void VoiceTeachingDialog::chooseTake(int digit, int take)
{
    const std::vector<float> *samples = m_teaching->takeSamples(digit, take);
    if (samples) {
        m_redo = TeachingPrompt{digit, take};
        const QSignalBlocker quiet(m_recorder);  // shown to be heard, not a new take
        m_recorder->setClip(AudioClip{*samples, digits::kSampleRate});
    } else {
        m_redo.reset();
    }
    refresh();
}

void VoiceTeachingDialog::refresh()
{
    const int perDigit = m_teaching->takesPerDigit();
    const int total = VoiceTeaching::kDigits * perDigit;
    const int recorded = static_cast<int>(m_teaching->takes().size());
    const auto next = m_teaching->next();
    if (m_redo) {
        m_prompt->setText(tr("Say %1 again (take %2 of %3)").arg(m_redo->digit).arg(m_redo->take + 1).arg(perDigit));
        m_detail->setText(tr("Press Play to hear this take. Your next take replaces it; click an empty cell to go on "
                             "in order."));
    } else if (next) {
        m_prompt->setText(tr("Say %1 (take %2 of %3)").arg(next->digit).arg(next->take + 1).arg(perDigit));
        m_detail->setText(tr("%1 of %2 takes recorded. Press Record, say the digit alone, close to the microphone, "
                             "then Stop (or open a WAV file of it).").arg(recorded).arg(total));
    } else {
        m_prompt->setText(tr("All %1 takes recorded").arg(total));
        m_detail->setText(tr("Press Teach below. Click a take in the grid to hear it and record it again."));
    }
    refreshGrid();
    refreshButtons();
}

void VoiceTeachingDialog::refreshGrid()
{
    const int perDigit = m_teaching->takesPerDigit();
    const auto next = m_teaching->next();
    m_grid->setRowCount(perDigit);
    m_grid->setFixedHeight(m_grid->horizontalHeader()->sizeHint().height()
                           + perDigit * m_grid->verticalHeader()->defaultSectionSize() + 2 * m_grid->frameWidth());
    for (int take = 0; take < perDigit; ++take) {
        m_grid->setVerticalHeaderItem(take, new QTableWidgetItem(tr("take %1").arg(take + 1)));
        for (int digit = 0; digit < VoiceTeaching::kDigits; ++digit) {
            const std::vector<float> *samples = m_teaching->takeSamples(digit, take);
            const bool redo = m_redo && m_redo->digit == digit && m_redo->take == take;
            const bool asked = !m_redo && next && next->digit == digit && next->take == take;
            auto *cell = new QTableWidgetItem;
            cell->setTextAlignment(Qt::AlignCenter);
            if (redo || asked)
                cell->setBackground(kNextCell);
            else if (samples)
                cell->setBackground(kDoneCell);
            if (redo)
                cell->setText(tr("again"));
            else if (samples)
                cell->setText(tr("%1 s").arg(static_cast<double>(samples->size()) / digits::kSampleRate, 0, 'f', 1));
            else if (asked)
                cell->setText(tr("next"));
            m_grid->setItem(take, digit, cell);
        }
    }
}

void VoiceTeachingDialog::refreshButtons()
{
    const bool teaching = m_teaching->isTeaching();
    const QString busy = whyBusy(*m_models->training());
    const bool complete = m_teaching->complete();
    m_teachButton->setEnabled(complete && !teaching && busy.isEmpty());
    if (!busy.isEmpty())
        m_teachButton->setToolTip(busy);
    else if (!complete)
        m_teachButton->setToolTip(tr("Record every take first."));
    else
        m_teachButton->setToolTip(tr("Fine-tune the ready voice model on your takes"));
    m_cancelButton->setEnabled(teaching);
    m_takesBox->setEnabled(!teaching);
    m_removeButton->setEnabled(!teaching && !m_teaching->takes().empty());
    m_copyButton->setEnabled(!teaching && m_teaching->lastResult().has_value());
}

void VoiceTeachingDialog::teach()
{
    if (const QString error = m_teaching->teach(BuiltinModels::kVoice, m_savePath); !error.isEmpty()) {
        showResult(error, MessageKind::Warning);
        return;
    }
    m_progress->setValue(0);
    m_progress->setFormat(tr("Learning your voice… %p%"));
    showResult(tr("Learning your voice…"), MessageKind::Info);
    refreshButtons();
}

void VoiceTeachingDialog::onFinished(const TeachingResult &result)
{
    m_progress->setValue(m_progress->maximum());
    m_progress->setFormat(tr("Done"));
    m_models->usePersonalModel(result.path);
    const QString figures = tr("Before: %1 — after: %2").arg(percent(result.before), percent(result.after));
    const QString measured =
        result.heldOut
            ? tr("%1 on the %2 takes it did not learn from. The model it saved was then trained on all %3 takes.")
                  .arg(figures)
                  .arg(result.checkedTakes)
                  .arg(result.learntTakes)
            : tr("%1 on the %2 takes it learnt from (with one take per digit none is left to check on: 2 or more give "
                 "an honest figure).")
                  .arg(figures)
                  .arg(result.checkedTakes);
    const QString answering =
        m_models->answerer() == ModelService::Answerer::Personal
            ? tr("Your personal model now answers.")
            : tr("Your personal model is saved; the model you trained or opened answers the voice test for now.");
    m_summary = tr("%1 Fine-tuning took %2 s. %3").arg(measured).arg(result.seconds, 0, 'f', 1).arg(answering);
    showResult(m_summary, MessageKind::Info);
    refreshButtons();
}

void VoiceTeachingDialog::onFailed(const QString &message)
{
    const bool cancelled = message == QLatin1String("Cancelled.");
    m_progress->setValue(0);
    m_progress->setFormat(cancelled ? tr("Cancelled") : tr("Failed"));
    showResult(cancelled ? tr("Cancelled: nothing was saved, and the model that answered before still answers.")
                         : tr("Teaching failed: %1").arg(message),
               cancelled ? MessageKind::Info : MessageKind::Error);
    refreshButtons();
}

void VoiceTeachingDialog::saveCopy()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save a copy of your personal model"),
                                                QFileInfo(m_savePath).fileName(), tr("ConvScope models (*.cspt)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(".cspt", Qt::CaseInsensitive))
        path += ".cspt";
    const QString error = m_teaching->copyModelTo(path);
    if (error.isEmpty())
        showResult(tr("%1 A copy is saved as %2.").arg(m_summary, QDir::toNativeSeparators(path)), MessageKind::Info);
    else
        showResult(error, MessageKind::Error);
}

void VoiceTeachingDialog::showResult(const QString &text, MessageKind kind) { showMessageIn(m_result, text, kind); }

QString VoiceTeachingDialog::promptText() const { return m_prompt->text(); }
QString VoiceTeachingDialog::resultText() const { return m_result->text(); }

}  // namespace convscope
