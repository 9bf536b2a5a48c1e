#include "voice/ListenPanel.h"

#include "voice/ListenView.h"
#include "services/ListenSession.h"

#include <QClipboard>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace convscope {

ListenPanel::ListenPanel(const QString &modelFile, QWidget *parent)
    : QDialog(parent), m_modelFile(modelFile), m_session(new ListenSession(this)), m_view(new ListenView(this)),
      m_transcript(new QPlainTextEdit(this)), m_microphone(new QLabel(this)), m_status(new QLabel(this)),
      m_listen(new QPushButton(tr("Listen"), this)), m_replay(new QPushButton(tr("Replay a file…"), this)),
      m_stop(new QPushButton(tr("Stop"), this)), m_copy(new QPushButton(tr("Copy"), this)),
      m_clear(new QPushButton(tr("Clear"), this)), m_hop(new QSpinBox(this)), m_sensitivity(new QDoubleSpinBox(this))
{
    setWindowTitle(tr("Listen: say digits one after another"));
    resize(900, 620);
    buildLayout();
    connect(m_session, &ListenSession::updated, this, &ListenPanel::onUpdate);
    connect(m_session, &ListenSession::failed, this, &ListenPanel::showProblem);
    connect(m_session, &ListenSession::stopped, this, &ListenPanel::refreshButtons);
    connect(m_listen, &QPushButton::clicked, this, [this] {
        m_view->clear();
        showProblem(m_session->startMicrophone(m_modelFile));
        refreshButtons();
    });
    connect(m_replay, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Replay a recording as if live"), {},
                                                          tr("Recordings (*.wav *.flac *.ogg);;All files (*)"));
        if (!file.isEmpty())
            showProblem(replay(file));
    });
    connect(m_stop, &QPushButton::clicked, m_session, &ListenSession::stop);
    connect(m_copy, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(transcript()); });
    connect(m_clear, &QPushButton::clicked, m_transcript, &QPlainTextEdit::clear);
    connect(m_hop, &QSpinBox::valueChanged, this, &ListenPanel::applySettings);
    connect(m_sensitivity, &QDoubleSpinBox::valueChanged, this, &ListenPanel::applySettings);
    const QString problem = m_session->microphoneProblem();
    m_microphone->setText(problem.isEmpty() ? tr("Microphone ready.")
                                            : tr("The microphone is off: %1 You can still replay a file.").arg(problem));
    m_microphone->setWordWrap(true);
    refreshButtons();
}

ListenPanel::~ListenPanel() { m_session->stop(); }

void ListenPanel::buildLayout()
{
    m_hop->setRange(10, 500);
    m_hop->setSingleStep(10);
    m_hop->setSuffix(tr(" ms"));
    m_hop->setValue(ListenSettings::kDefaultHopMs);
    m_hop->setToolTip(tr("How often the model is asked about the 0.75 s it hears."));
    m_sensitivity->setRange(6.0, 30.0);
    m_sensitivity->setSuffix(tr(" dB"));
    m_sensitivity->setValue(ListenSettings::kDefaultMinDecibels);
    m_sensitivity->setToolTip(tr("How far above the room's noise a word must rise: lower hears quieter words, and "
                                 "more noise."));
    m_transcript->setReadOnly(true);
    m_transcript->setMaximumHeight(80);
    m_transcript->setPlaceholderText(tr("The digits heard appear here."));
    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : {m_listen, m_replay, m_stop})
        buttons->addWidget(button);
    buttons->addStretch();
    auto *form = new QFormLayout;
    form->addRow(tr("Ask the model every"), m_hop);
    form->addRow(tr("A word rises above the noise by"), m_sensitivity);
    buttons->addLayout(form);
    auto *transcriptRow = new QHBoxLayout;
    transcriptRow->addWidget(m_transcript, 1);
    auto *transcriptButtons = new QVBoxLayout;
    transcriptButtons->addWidget(m_copy);
    transcriptButtons->addWidget(m_clear);
    transcriptButtons->addStretch();
    transcriptRow->addLayout(transcriptButtons);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_microphone);
    layout->addWidget(m_view, 1);
    layout->addLayout(transcriptRow);
    layout->addWidget(m_status);
    m_status->setText(tr("Model: %1").arg(m_modelFile));
}

void ListenPanel::setModelFile(const QString &file, const QString &description)
{
    m_modelFile = file;
    m_status->setText(tr("Listening with %1.").arg(description));
}

QString ListenPanel::replay(const QString &file, bool realTime)
{
    m_view->clear();
    const QString why = m_session->startReplay(file, m_modelFile, realTime);
    refreshButtons();
    return why;
}

QString ListenPanel::transcript() const { return m_transcript->toPlainText().simplified(); }

void ListenPanel::onUpdate(const ListenUpdate &update)
{
    m_view->add(update);
    for (const HeardWord &word : update.words) {
        m_transcript->moveCursor(QTextCursor::End);
        m_transcript->insertPlainText(word.unsure ? QString("%1? ").arg(word.digit) : QString("%1 ").arg(word.digit));
    }
}

void ListenPanel::applySettings()
{
    ListenSettings settings = m_session->settings();
    settings.hopMs = m_hop->value();
    settings.minDecibels = m_sensitivity->value();
    m_session->setSettings(settings);
}

void ListenPanel::refreshButtons()
{
    const bool listening = m_session->isListening();
    m_listen->setEnabled(!listening && m_session->microphoneProblem().isEmpty());
    m_replay->setEnabled(!listening);
    m_stop->setEnabled(listening);
}

void ListenPanel::showProblem(const QString &text)
{
    if (!text.isEmpty())
        m_status->setText(text);
}

}  // namespace convscope
