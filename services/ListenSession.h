#pragma once

#include "listen/ListenPipeline.h"

#include <QObject>
#include <QString>

#include <memory>

class QThread;

namespace convscope {

class ListenWorker;
class MicrophoneStream;
class SampleRing;
class StreamReplay;

/**
 * Listening until stopped, for the Listen mode of "Test your voice": the microphone (MicrophoneStream) or a file
 * replayed as if live (StreamReplay) writes into one SampleRing; a worker thread of this object's own reads it into a
 * ListenPipeline with its own copy of the model that answers (a checkpoint file or a built-in name, loaded there) and
 * sends each stretch of stream back as a ListenUpdate (samples, log-mel frames, hops, words: small values). No
 * microphone is a normal state: microphoneProblem() says why, and replay still works. The API is for the GUI thread.
 */
class ListenSession : public QObject {
    Q_OBJECT
public:
    explicit ListenSession(QObject *parent = nullptr);
    /// Stops and joins the worker.
    ~ListenSession() override;

    /// Why the microphone is off, or empty when there is one.
    QString microphoneProblem() const;
    /// Listens to the microphone with `model` (a checkpoint file or "builtin:voice"); returns why not, or empty.
    QString startMicrophone(const QString &model);
    /// Replays `file` through the same path, at real time or as fast as it goes; returns why not, or empty.
    QString startReplay(const QString &file, const QString &model, bool realTime = true);
    void stop();
    bool isListening() const { return m_listening; }
    /// Applies from the next hop on, while listening or not.
    void setSettings(const ListenSettings &settings);
    const ListenSettings &settings() const { return m_settings; }

Q_SIGNALS:
    void updated(const convscope::ListenUpdate &update);
    /// The model could not be read, or the stream stopped by itself (the message says why).
    void failed(const QString &message);
    /// Listening ended: stop(), a failure, or the replayed file's end.
    void stopped();

private:
    /// An empty ring for a new session, with the microphone writing into it (nothing left of the last one).
    void freshRing();
    QString startWorker(const QString &model);

    ListenSettings m_settings;
    std::unique_ptr<SampleRing> m_ring;
    std::unique_ptr<MicrophoneStream> m_microphone;
    std::unique_ptr<StreamReplay> m_replay;
    QThread *m_thread = nullptr;
    ListenWorker *m_worker = nullptr;  ///< lives on m_thread
    bool m_listening = false;
};

}  // namespace convscope
