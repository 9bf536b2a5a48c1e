#include "common/PlaybackControl.h"

#include "common/WaveformView.h"
#include "audio/AudioPlayer.h"

#include <QPushButton>
#include <QTimer>

namespace convscope {

PlaybackControl::PlaybackControl(QPushButton *button, QObject *parent)
    : QObject(parent), m_player(std::make_unique<AudioPlayer>()), m_button(button), m_timer(new QTimer(this))
{
    m_button->setText(tr("Play"));
    m_button->setEnabled(false);
    if (!isAvailable())
        m_button->setToolTip(unavailableReason());
    m_timer->setInterval(30);
    connect(m_timer, &QTimer::timeout, this, &PlaybackControl::poll);
    connect(m_button, &QPushButton::clicked, this, &PlaybackControl::toggle);
}

PlaybackControl::~PlaybackControl() = default;

bool PlaybackControl::isAvailable() const { return m_player->isAvailable(); }

QString PlaybackControl::unavailableReason() const { return m_player->unavailableReason(); }

void PlaybackControl::addView(WaveformView *view)
{
    m_views.push_back(view);
    connect(view, &WaveformView::seekRequested, this, [this](std::int64_t frame) {
        m_player->seek(frame);
        for (WaveformView *other : m_views)
            other->setPlayhead(frame);
    });
}

void PlaybackControl::load(const AudioClip &clip)
{
    m_player->load(clip);
    poll();
    m_button->setEnabled(isAvailable() && !clip.samples.empty());
}

void PlaybackControl::toggle()
{
    if (m_player->isPlaying()) {
        stop();
        return;
    }
    if (const QString error = m_player->play(); !error.isEmpty()) {
        Q_EMIT failed(error);
        return;
    }
    m_button->setText(tr("Stop playing"));
    m_timer->start();
}

void PlaybackControl::stop()
{
    m_player->stop();
    poll();
}

bool PlaybackControl::isPlaying() const { return m_player->isPlaying(); }

std::int64_t PlaybackControl::position() const { return m_player->position(); }

void PlaybackControl::poll()
{
    for (WaveformView *view : m_views)
        view->setPlayhead(m_player->position());
    if (!m_player->isPlaying()) {
        m_timer->stop();
        m_button->setText(tr("Play"));
    }
}

}  // namespace convscope
