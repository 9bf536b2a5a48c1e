#include "MicrophoneStream.h"

#include "SampleRing.h"
#include "audio/AudioSystem.h"
#include "data/DigitFormat.h"

#include <portaudio.h>

#include <algorithm>
#include <cmath>

namespace convscope {

MicrophoneStream::MicrophoneStream(SampleRing &ring) : m_system(AudioSystem::instance()), m_ring(ring) {}

MicrophoneStream::~MicrophoneStream() { stop(); }

bool MicrophoneStream::isAvailable() const { return m_system->hasInput(); }

QString MicrophoneStream::unavailableReason() const { return isAvailable() ? QString() : m_system->message(); }

QString MicrophoneStream::start()
{
    if (!isAvailable())
        return unavailableReason();
    if (m_stream)
        return {};
    PaStream *stream = nullptr;
    PaError error = Pa_OpenDefaultStream(&stream, 1, 0, paFloat32, digits::kSampleRate, paFramesPerBufferUnspecified,
                                         &MicrophoneStream::callback, this);
    if (error != paNoError)
        return QString("Cannot open the microphone at %1 Hz: %2.").arg(digits::kSampleRate).arg(Pa_GetErrorText(error));
    m_stream = stream;
    error = Pa_StartStream(stream);
    if (error != paNoError) {
        Pa_CloseStream(stream);
        m_stream = nullptr;
        return QString("Cannot start the microphone: %1.").arg(Pa_GetErrorText(error));
    }
    return {};
}

void MicrophoneStream::stop()
{
    if (!m_stream)
        return;
    Pa_StopStream(m_stream);
    Pa_CloseStream(m_stream);
    m_stream = nullptr;
}

int MicrophoneStream::callback(const void *input, void *, unsigned long frames, const PaStreamCallbackTimeInfo *,
                               unsigned long, void *userData)
{
    // Real-time thread: no locks, no allocation, no logging.
    auto *self = static_cast<MicrophoneStream *>(userData);
    if (!input)
        return paContinue;
    const auto *samples = static_cast<const float *>(input);
    float peak = 0.0f;
    for (unsigned long i = 0; i < frames; ++i)
        peak = std::max(peak, std::abs(samples[i]));
    self->m_level.store(peak, std::memory_order_relaxed);
    self->m_ring.push(samples, frames);
    return paContinue;
}

}  // namespace convscope
