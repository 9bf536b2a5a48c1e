#include "services/ReadyModel.h"

#include "data/Dataset.h"
#include "train/BuiltinModels.h"
#include "train/FolderEvaluation.h"
#include "train/TrainedModel.h"
#include "train/TrainingWorker.h"

#include <QFileInfo>
#include <QMetaObject>
#include <QThread>

#include <algorithm>

namespace convscope {

ReadyModel::ReadyModel(const QString &name, QObject *parent) : QObject(parent), m_name(name)
{
    registerTrainingMetaTypes();
    // Queued from the model's thread: the config is set on the GUI thread before the first answer arrives.
    connect(this, &ReadyModel::loaded, this, [this](const TrainingConfig &config) { m_config = config; });
}

ReadyModel::~ReadyModel()
{
    if (!m_thread)
        return;
    m_thread->quit();
    m_thread->wait();
    delete m_context;
}

QString ReadyModel::description() const
{
    const BuiltinModel *model = BuiltinModels::find(m_name);
    return model ? model->description : tr("your personal model (%1)").arg(QFileInfo(m_name).fileName());
}

void ReadyModel::post(std::function<void(const TrainedModel &)> work)
{
    if (!m_thread) {
        m_thread = new QThread(this);
        m_thread->setObjectName("ConvScope ready model");
        m_context = new QObject;
        m_context->moveToThread(m_thread);
        m_thread->start();
    }
    QMetaObject::invokeMethod(m_context, [this, work = std::move(work)] {
        if (!m_model) {
            QString error;
            m_model = TrainedModel::load(m_name, &error, TrainedModel::Threads::Leave);  // see the class comment
            if (!m_model) {
                Q_EMIT failed(error);
                return;
            }
            Q_EMIT loaded(m_model->config());
        }
        try {  // no exception may leave the thread's event loop
            work(*m_model);
        } catch (const std::exception &e) {
            Q_EMIT failed(tr("%1 could not answer: %2").arg(m_name, QString::fromUtf8(e.what())));
        }
    }, Qt::QueuedConnection);
}

void ReadyModel::requestProbabilities(const std::vector<float> &samples)
{
    post([this, samples](const TrainedModel &model) { Q_EMIT probabilities(model.classProbabilities(samples)); });
}

void ReadyModel::requestSaliency(const std::vector<float> &samples, int digit)
{
    post([this, samples, digit](const TrainedModel &model) {
        Q_EMIT saliency(model.saliency(samples, std::clamp(digit, 0, 9)), digit);
    });
}

void ReadyModel::requestActivations(const std::vector<float> &samples, const QString &clip, int truth, int tag)
{
    post([this, samples, clip, truth, tag](const TrainedModel &model) {
        auto snapshot = std::make_shared<ActivationSnapshot>(model.snapshot(samples));
        snapshot->clip = clip;
        snapshot->truth = truth;
        snapshot->tag = tag;
        Q_EMIT activations(snapshot);
    });
}

void ReadyModel::requestDataMapFeatures(std::shared_ptr<const Dataset> recordings, std::vector<std::int64_t> rows,
                                        int tag)
{
    post([this, recordings = std::move(recordings), rows = std::move(rows), tag](const TrainedModel &model) {
        auto features = std::make_shared<DataMapFeatures>();
        std::vector<const std::vector<float> *> samples;
        for (std::int64_t row : rows) {
            const DatasetItem &item = recordings->items.at(static_cast<std::size_t>(row));
            samples.push_back(&item.samples);
            DataMapClip clip;
            clip.file = item.fileName;
            clip.speaker = item.name.speaker;
            clip.digit = item.name.digit;
            clip.predicted = predictedDigit(model.classProbabilities(item.samples));
            features->clips.push_back(clip);
        }
        features->input = model.activationRows(samples, 0);
        if (const std::optional<std::size_t> penultimate = lastLinearLayer(model.config().network))
            features->penultimate = model.activationRows(samples, *penultimate);
        Q_EMIT dataMapFeatures(features, tag);
    });
}

}  // namespace convscope
