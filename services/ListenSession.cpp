#include "ListenSession.h"

#include "audio/AudioDecoder.h"
#include "data/DigitFormat.h"
#include "listen/MicrophoneStream.h"
#include "listen/SampleRing.h"
#include "listen/StreamReplay.h"
#include "train/TrainedModel.h"

#include <QThread>
#include <QTimer>


namespace convscope {

/** The listening worker: loads the model, then drains the ring every 10 ms into the pipeline. On its own thread. */
class ListenWorker : public QObject {
    Q_OBJECT
public:
    ListenWorker(SampleRing &ring, const StreamReplay *replay) : m_ring(ring), m_replay(replay) {}

    void start(const QString &modelFile, const ListenSettings &settings)
    {
        QString error;
        m_model = TrainedModel::load(modelFile, &error, TrainedModel::Threads::Leave);
        if (!m_model) {
            Q_EMIT failed(error);
            return;
        }
        m_pipeline = std::make_unique<ListenPipeline>(settings, ListenModel::of(*m_model), digits::kSampleRate);
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &ListenWorker::drain);
        m_timer->start(10);
    }
    void setSettings(const ListenSettings &settings)
    {
        if (m_pipeline)
            m_pipeline->setSettings(settings);
    }

Q_SIGNALS:
    void updated(const convscope::ListenUpdate &update);
    void failed(const QString &message);
    void finished();

private:
    void drain()
    {
        const bool ended = m_replay && m_replay->finished();  // before draining: all it pushed is drained now
        ListenUpdate update = m_pipeline->drain(m_ring);
        if (!update.samples.empty())
            Q_EMIT updated(update);
        if (ended) {
            m_timer->stop();
            Q_EMIT finished();
        }
    }

    SampleRing &m_ring;
    const StreamReplay *m_replay;
    std::unique_ptr<TrainedModel> m_model;
    std::unique_ptr<ListenPipeline> m_pipeline;
    QTimer *m_timer = nullptr;
};

ListenSession::ListenSession(QObject *parent)
    : QObject(parent), m_ring(std::make_unique<SampleRing>(static_cast<std::size_t>(4 * digits::kSampleRate))),
      m_microphone(std::make_unique<MicrophoneStream>(*m_ring))
{
}

ListenSession::~ListenSession() { stop(); }

QString ListenSession::microphoneProblem() const { return m_microphone->unavailableReason(); }

QString ListenSession::startMicrophone(const QString &model)
{
    stop();
    if (const QString problem = microphoneProblem(); !problem.isEmpty())
        return problem;
    freshRing();
    if (const QString why = startWorker(model); !why.isEmpty())
        return why;
    if (const QString why = m_microphone->start(); !why.isEmpty()) {
        stop();
        return why;
    }
    return {};
}

QString ListenSession::startReplay(const QString &file, const QString &model, bool realTime)
{
    stop();
    const DecodeResult decoded = AudioDecoder::decodeFile(file);
    if (!decoded.clip)
        return decoded.error;
    freshRing();
    m_replay = std::make_unique<StreamReplay>(decoded.clip->samples, digits::kSampleRate, realTime, *m_ring);
    if (const QString why = startWorker(model); !why.isEmpty())
        return why;
    m_replay->start();
    return {};
}

void ListenSession::freshRing()
{
    m_replay.reset();
    m_microphone.reset();
    m_ring = std::make_unique<SampleRing>(static_cast<std::size_t>(4 * digits::kSampleRate));
    m_microphone = std::make_unique<MicrophoneStream>(*m_ring);
}

QString ListenSession::startWorker(const QString &model)
{
    m_thread = new QThread(this);
    m_worker = new ListenWorker(*m_ring, m_replay.get());
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ListenWorker::updated, this, &ListenSession::updated);
    connect(m_worker, &ListenWorker::failed, this, [this](const QString &message) {
        Q_EMIT failed(message);
        stop();
    });
    connect(m_worker, &ListenWorker::finished, this, &ListenSession::stop);
    m_thread->start();
    const ListenSettings settings = m_settings;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, model, settings] { worker->start(model, settings); });
    m_listening = true;
    return {};
}

void ListenSession::setSettings(const ListenSettings &settings)
{
    m_settings = settings;
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [worker = m_worker, settings] { worker->setSettings(settings); });
}

void ListenSession::stop()
{
    if (m_microphone)
        m_microphone->stop();
    if (m_replay)
        m_replay->stop();
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
        m_worker = nullptr;
    }
    const bool was = m_listening;
    m_listening = false;
    if (was)
        Q_EMIT stopped();
}

}  // namespace convscope

#include "ListenSession.moc"
