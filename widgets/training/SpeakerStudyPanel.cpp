#include "training/SpeakerStudyPanel.h"

#include "training/RunWidgets.h"
#include "training/SpeakerChart.h"
#include "training/TrainingForm.h"
#include "services/SpeakerStudy.h"
#include "services/TrainingController.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

namespace convscope {

SpeakerStudyPanel::SpeakerStudyPanel(TrainingController *controller, TrainingForm *form, QWidget *parent)
    : QWidget(parent), m_controller(controller), m_form(form), m_study(new SpeakerStudy(controller, this))
{
    m_startButton = new QPushButton(tr("Leave one speaker out"), this);
    m_startButton->setToolTip(tr("Train the form's network once per speaker without that speaker, and test it on "
                                 "the speaker left out"));
    m_stopButton = new QPushButton(tr("Stop"), this);
    m_stopButton->setToolTip(tr("Stop the study after the current batch"));
    m_progress = makeRunProgressBar(this);
    m_message = makeMessageLabel(this);
    m_chart = new SpeakerChart(this);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_startButton);
    bar->addWidget(m_stopButton);
    bar->addWidget(m_progress, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_message);
    layout->addWidget(m_chart, 1);

    connect(m_startButton, &QPushButton::clicked, this, &SpeakerStudyPanel::startStudy);
    connect(m_stopButton, &QPushButton::clicked, m_study, &SpeakerStudy::stop);
    connect(m_study, &SpeakerStudy::progress, this, &SpeakerStudyPanel::onProgress);
    connect(m_study, &SpeakerStudy::resultChanged, m_chart, &SpeakerChart::setResult);
    connect(m_study, &SpeakerStudy::message, this,
            [this](const QString &text, MessageKind kind) { showMessageIn(m_message, text, kind); });
    connect(m_study, &SpeakerStudy::runningChanged, this, &SpeakerStudyPanel::updateButtons);
    connect(m_study, &SpeakerStudy::finished, this, [this](const SpeakerStudyResult &result) {
        m_progress->setFormat(result.complete() ? tr("Done · mean %1 %").arg(100.0 * result.mean(), 0, 'f', 1)
                                                : tr("Stopped · %1 of %2 speakers")
                                                      .arg(result.speakers.size())
                                                      .arg(result.speakerCount));
    });
    connect(controller, &TrainingController::stateChanged, this, &SpeakerStudyPanel::updateButtons);
    connect(controller, &TrainingController::dataChanged, this, &SpeakerStudyPanel::updateButtons);
    updateButtons();
}

QString SpeakerStudyPanel::messageText() const { return m_message->text(); }

void SpeakerStudyPanel::startStudy()
{
    QString error;
    const auto config = m_form->config(&error);
    if (!config) {
        showMessageIn(m_message, error, MessageKind::Error);
        return;
    }
    if (const QString why = m_study->start(*config); !why.isEmpty()) {
        showMessageIn(m_message, why, MessageKind::Warning);
        return;
    }
    m_progress->setRange(0, std::max(1, m_study->result().speakerCount * config->epochs) * 1000);
    m_progress->setValue(0);
    m_progress->setFormat(tr("Preparing…"));
}

void SpeakerStudyPanel::updateButtons()
{
    const bool running = m_study->isRunning();
    m_startButton->setEnabled(!running && m_controller->hasData() && isSettled(m_controller->state()));
    m_stopButton->setEnabled(running);
}

void SpeakerStudyPanel::onProgress(const SpeakerStudyProgress &point)
{
    const double done = point.speakerIndex * point.epochs + std::min<double>(point.fraction, point.epochs);
    m_progress->setValue(static_cast<int>(std::lround(done * 1000)));
    m_progress->setFormat(tr("Speaker %1 of %2 (%3) · epoch %4/%5")
                              .arg(point.speakerIndex + 1)
                              .arg(point.speakerCount)
                              .arg(point.speaker)
                              .arg(std::min(point.epoch + 1, point.epochs))
                              .arg(point.epochs));
}

}  // namespace convscope
