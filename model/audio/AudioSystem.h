#pragma once

#include <QString>

#include <memory>

namespace convscope {

/**
 * One PortAudio session: Pa_Initialize on construction, Pa_Terminate on destruction, with ALSA's and JACK's
 * stderr chatter silenced. Players and recorders hold a shared_ptr to it. "No device" is a normal state:
 * hasOutput()/hasInput() are false and message() says why, once. Create and use it from one thread (the GUI's).
 */
class AudioSystem {
public:
    /// The shared session (created on first use, freed when the last holder lets go).
    static std::shared_ptr<AudioSystem> instance();
    ~AudioSystem();
    AudioSystem(const AudioSystem &) = delete;
    AudioSystem &operator=(const AudioSystem &) = delete;

    bool hasOutput() const { return m_hasOutput; }
    bool hasInput() const { return m_hasInput; }
    /// Why output or input is missing ("No audio output device found; playback is disabled."), or empty.
    QString message() const { return m_message; }

private:
    AudioSystem();
    bool m_initialised = false;
    bool m_hasOutput = false;
    bool m_hasInput = false;
    QString m_message;
};

}  // namespace convscope
