#include "AudioRecorder.h"

#include "AudioSystem.h"
#include "Resampler.h"
#include "SilenceTrimmer.h"

#include <portaudio.h>

#include <algorithm>
#include <cmath>

namespace convscope {

namespace {

constexpr int kTargetRate = 8000;

}  // namespace

AudioRecorder::AudioRecorder(double maxSeconds) : m_system(AudioSystem::instance()), m_maxSeconds(maxSeconds) {}

AudioRecorder::~AudioRecorder() { stop(false); }

bool AudioRecorder::isAvailable() const { return m_system->hasInput(); }

QString AudioRecorder::unavailableReason() const { return isAvailable() ? QString() : m_system->message(); }

QString AudioRecorder::start()
{
    if (!isAvailable())
        return unavailableReason();
    if (m_stream)
        return QStringLiteral("Already recording.");
    PaStream *stream = nullptr;
    m_deviceRate = kTargetRate;
    PaError error = Pa_OpenDefaultStream(&stream, 1, 0, paFloat32, m_deviceRate, paFramesPerBufferUnspecified,
                                         &AudioRecorder::callback, this);
    if (error != paNoError) {
        // Hardware that cannot record at 8 kHz: record at its own rate and resample afterwards.
        const PaDeviceInfo *device = Pa_GetDeviceInfo(Pa_GetDefaultInputDevice());
        m_deviceRate = device ? static_cast<int>(device->defaultSampleRate) : 44100;
        error = Pa_OpenDefaultStream(&stream, 1, 0, paFloat32, m_deviceRate, paFramesPerBufferUnspecified,
                                     &AudioRecorder::callback, this);
    }
    if (error != paNoError)
        return QString("Cannot open the audio input: %1.").arg(Pa_GetErrorText(error));
    m_buffer.assign(static_cast<std::size_t>(m_maxSeconds * m_deviceRate), 0.0f);  // before the callback runs
    m_written.store(0);
    m_level.store(0.0f);
    m_stream = stream;
    m_recording.store(true);
    error = Pa_StartStream(stream);
    if (error != paNoError) {
        m_recording.store(false);
        Pa_CloseStream(stream);
        m_stream = nullptr;
        return QString("Cannot start recording: %1.").arg(Pa_GetErrorText(error));
    }
    return {};
}

AudioClip AudioRecorder::stop(bool trimSilence)
{
    AudioClip clip;
    clip.sampleRate = kTargetRate;
    if (!m_stream)
        return clip;
    Pa_StopStream(m_stream);
    Pa_CloseStream(m_stream);
    m_stream = nullptr;
    m_recording.store(false);
    std::vector<float> samples(m_buffer.begin(), m_buffer.begin() + m_written.load());
    ResampleResult resampled = Resampler::resample(samples, m_deviceRate, kTargetRate);
    clip.samples = trimSilence ? SilenceTrimmer::trim(resampled.samples, kTargetRate) : std::move(resampled.samples);
    return clip;
}

int AudioRecorder::callback(const void *input, void *, unsigned long frames, const PaStreamCallbackTimeInfo *, unsigned long,
                            void *userData)
{
    return static_cast<AudioRecorder *>(userData)->capture(static_cast<const float *>(input), frames);
}

int AudioRecorder::capture(const float *input, unsigned long frames)
{
    // Real-time thread: no locks, no allocation, no logging.
    const std::int64_t written = m_written.load(std::memory_order_relaxed);
    const std::int64_t room = static_cast<std::int64_t>(m_buffer.size()) - written;
    const std::int64_t count = std::min<std::int64_t>(room, static_cast<std::int64_t>(frames));
    float peak = 0.0f;
    if (input) {
        for (std::int64_t i = 0; i < count; ++i) {
            m_buffer[static_cast<std::size_t>(written + i)] = input[i];
            peak = std::max(peak, std::abs(input[i]));
        }
    }
    m_level.store(peak, std::memory_order_relaxed);
    m_written.store(written + std::max<std::int64_t>(count, 0), std::memory_order_relaxed);
    if (count < static_cast<std::int64_t>(frames)) {
        m_recording.store(false, std::memory_order_relaxed);
        return paComplete;  // the buffer is full
    }
    return paContinue;
}

}  // namespace convscope
