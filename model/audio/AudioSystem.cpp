#include "AudioSystem.h"

#include <alsa/asoundlib.h>
#include <jack/jack.h>
#include <portaudio.h>

#include <mutex>

namespace convscope {

namespace {

void ignoreAlsa(const char *, int, const char *, int, const char *, ...) {}
void ignoreJack(const char *) {}

}  // namespace

std::shared_ptr<AudioSystem> AudioSystem::instance()
{
    static std::mutex mutex;
    static std::weak_ptr<AudioSystem> current;
    const std::lock_guard<std::mutex> lock(mutex);
    std::shared_ptr<AudioSystem> system = current.lock();
    if (!system) {
        system.reset(new AudioSystem);
        current = system;
    }
    return system;
}

AudioSystem::AudioSystem()
{
    // Probing ALSA cards and a JACK server that is not running prints dozens of lines on stderr.
    snd_lib_error_set_handler(ignoreAlsa);
    jack_set_error_function(ignoreJack);
    jack_set_info_function(ignoreJack);
    const PaError error = Pa_Initialize();
    if (error != paNoError) {
        m_message = QString("Audio is disabled: PortAudio could not start (%1).").arg(Pa_GetErrorText(error));
        return;
    }
    m_initialised = true;
    m_hasOutput = Pa_GetDefaultOutputDevice() != paNoDevice;
    m_hasInput = Pa_GetDefaultInputDevice() != paNoDevice;
    if (!m_hasOutput && !m_hasInput)
        m_message = QStringLiteral("No audio device found; playback and recording are disabled.");
    else if (!m_hasOutput)
        m_message = QStringLiteral("No audio output device found; playback is disabled.");
    else if (!m_hasInput)
        m_message = QStringLiteral("No audio input device found; recording is disabled.");
}

AudioSystem::~AudioSystem()
{
    if (m_initialised)
        Pa_Terminate();
}

}  // namespace convscope
