#include "AudioPlayer.h"

#include "AudioSystem.h"

#include <portaudio.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace convscope {

AudioPlayer::AudioPlayer() : m_system(AudioSystem::instance()) {}

AudioPlayer::~AudioPlayer() { closeStream(); }

bool AudioPlayer::isAvailable() const { return m_system->hasOutput(); }

QString AudioPlayer::unavailableReason() const { return isAvailable() ? QString() : m_system->message(); }

void AudioPlayer::load(const AudioClip &clip)
{
    closeStream();
    m_clip = clip;
    m_position.store(0);
}

QString AudioPlayer::play()
{
    if (!isAvailable())
        return unavailableReason();
    if (m_clip.samples.empty() || m_clip.sampleRate <= 0)
        return QStringLiteral("Nothing to play: load a recording first.");
    if (position() >= length())
        m_position.store(0);
    auto *stream = static_cast<PaStream *>(m_stream);
    if (!stream) {
        const PaError error = Pa_OpenDefaultStream(&stream, 0, 1, paFloat32, m_clip.sampleRate,
                                                   paFramesPerBufferUnspecified, &AudioPlayer::callback, this);
        if (error != paNoError)
            return QString("Cannot open the audio output at %1 Hz: %2.").arg(m_clip.sampleRate).arg(Pa_GetErrorText(error));
        m_stream = stream;
    } else if (Pa_IsStreamStopped(stream) == 0) {
        Pa_AbortStream(stream);  // finished with paComplete, or still running
    }
    m_playing.store(true);
    const PaError error = Pa_StartStream(stream);
    if (error != paNoError) {
        m_playing.store(false);
        return QString("Cannot start playback: %1.").arg(Pa_GetErrorText(error));
    }
    return {};
}

void AudioPlayer::stop()
{
    if (m_stream && Pa_IsStreamStopped(m_stream) == 0)
        Pa_AbortStream(m_stream);
    m_playing.store(false);
}

void AudioPlayer::seek(std::int64_t frame) { m_position.store(std::clamp<std::int64_t>(frame, 0, length())); }

bool AudioPlayer::waitUntilFinished(int timeoutMs)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (isPlaying()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (m_stream && Pa_IsStreamStopped(m_stream) == 0)
        Pa_StopStream(m_stream);  // lets the device drain what it already has
    return true;
}

void AudioPlayer::closeStream()
{
    if (!m_stream)
        return;
    stop();
    Pa_CloseStream(m_stream);
    m_stream = nullptr;
}

int AudioPlayer::callback(const void *, void *output, unsigned long frames, const PaStreamCallbackTimeInfo *, unsigned long, void *userData)
{
    return static_cast<AudioPlayer *>(userData)->render(static_cast<float *>(output), frames);
}

int AudioPlayer::render(float *output, unsigned long frames)
{
    // Real-time thread: no locks, no allocation, no logging.
    std::int64_t position = m_position.load(std::memory_order_relaxed);
    const std::int64_t total = static_cast<std::int64_t>(m_clip.samples.size());
    const std::int64_t count = std::clamp<std::int64_t>(total - position, 0, static_cast<std::int64_t>(frames));
    if (count > 0)
        std::copy_n(m_clip.samples.data() + position, count, output);
    std::fill(output + count, output + frames, 0.0f);
    // A seek from the GUI thread since the load wins over this block's advance.
    const std::int64_t next = position + count;
    m_position.compare_exchange_strong(position, next, std::memory_order_relaxed);
    if (next >= total && m_position.load(std::memory_order_relaxed) >= total) {
        m_playing.store(false, std::memory_order_relaxed);
        return paComplete;
    }
    return paContinue;
}

}  // namespace convscope
