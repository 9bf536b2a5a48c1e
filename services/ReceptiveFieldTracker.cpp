#include "services/ReceptiveFieldTracker.h"

#include "services/NetworkDocument.h"
#include "receptive/AnalyticReceptiveField.h"
#include "services/ModelService.h"
#include "services/TrainingController.h"
#include "train/PythonWeights.h"

#include <QFileInfo>

namespace convscope {

namespace {

/// Whether two networks have the same input and layers: their names and descriptions do not change a field.
bool sameLayers(const NetworkSpec &a, const NetworkSpec &b) { return a.input == b.input && a.layers == b.layers; }

}  // namespace

ReceptiveFieldTracker::ReceptiveFieldTracker(NetworkDocument *document, QObject *parent)
    : QObject(parent), m_document(document)
{
    connect(m_document, &NetworkDocument::changed, this, &ReceptiveFieldTracker::networkChanged);
    // An opened block's branch gets its own maps; scopeChanged is followed by changed, which retraces.
    networkChanged();
}

void ReceptiveFieldTracker::setPixel(std::int64_t row, std::int64_t column)
{
    m_pixel = std::array<std::int64_t, 2>{row, column};
    recompute();
}

void ReceptiveFieldTracker::setWeights(ProbeWeights weights)
{
    if (weights == m_weights)
        return;
    m_weights = weights;
    recompute();
}

void ReceptiveFieldTracker::setOutputChannel(std::int64_t channel)
{
    m_outputChannel = channel;
    recompute();
}

void ReceptiveFieldTracker::setTrainedModel(ModelService *models)
{
    if (m_models) {
        disconnect(m_models, nullptr, this, nullptr);
        disconnect(m_models->training(), nullptr, this, nullptr);
    }
    m_models = models;
    if (models) {
        connect(models, &ModelService::effectiveField, this, &ReceptiveFieldTracker::trainedFieldArrived);
        const auto follow = [this] {
            if (m_weights == ProbeWeights::Trained)
                recompute();
        };
        connect(models->training(), &TrainingController::stateChanged, this, follow);
        connect(models, &ModelService::modelChanged, this, follow);
    }
    if (m_weights == ProbeWeights::Trained)
        recompute();
}

ModelService *ReceptiveFieldTracker::trainedModel() const { return m_models; }

QString ReceptiveFieldTracker::weightsName(ProbeWeights weights)
{
    switch (weights) {
    case ProbeWeights::Ones: break;
    case ProbeWeights::Random: return tr("random weights");
    case ProbeWeights::Trained: return tr("trained weights");
    }
    return tr("all-one weights");
}

NetworkSpec ReceptiveFieldTracker::tracedSpec() const
{
    NetworkSpec spec = m_document->spec();
    const NetworkAnalysis &analysis = m_document->analysis();
    const std::size_t count = spatialLayerCount(spec);
    std::size_t valid = 0;
    while (valid < count && analysis.layers[valid].valid())
        ++valid;
    if (valid < spec.layers.size() && valid < count)
        spec.layers.resize(valid);
    return spec;
}

void ReceptiveFieldTracker::networkChanged()
{
    const NetworkSpec traced = tracedSpec();
    const NetworkAnalysis &analysis = m_document->analysis();
    const std::size_t count = spatialLayerCount(traced);
    const std::size_t fullCount = spatialLayerCount(m_document->spec());
    m_truncation.clear();
    if (count < fullCount && count > 0) {
        const auto &issues = analysis.layers[count].issues;
        m_truncation = tr("Traced through layers 1–%1 only. %2")
                           .arg(count)
                           .arg(issues.empty() ? tr("Layer %1 is invalid.").arg(count + 1)
                                               : QString::fromStdString(issues.front().text()));
    }
    Shape output = count == 0 ? traced.input : analysis.layers[count - 1].output;
    if (count == 0 && fullCount > 0)
        output.clear();
    if (!output.empty() && output != m_outputShape) {
        m_pixel.reset();
        m_outputChannel = std::min<std::int64_t>(m_outputChannel, output.front() - 1);
    }
    m_outputShape = output;
    recompute();
}

void ReceptiveFieldTracker::recompute()
{
    const NetworkSpec traced = tracedSpec();
    // With nothing valid to trace, trace the whole network for its error message.
    const bool forError = spatialLayerCount(traced) == 0 && spatialLayerCount(m_document->spec()) > 0;
    const NetworkSpec spec = forError ? m_document->spec() : traced;
    ReceptiveFieldRequest request;
    request.pixel = m_pixel;
    request.outputChannel = m_outputChannel;
    request.weights = m_weights;
    if (!forError && (m_document->scope().empty() || m_document->scope().front().layer < spatialLayerCount(spec)))
        request.branch = m_document->scope();
    m_awaitingTrained = false;  // a new question: any answer still on its way is stale
    if (m_weights == ProbeWeights::Trained) {
        if (!m_document->weightsFile().isEmpty()) {
            traceFileWeights(request);
        } else {
            m_job.drop();
            askTrainedModel(request);
        }
        return;
    }
    std::int64_t macs = 0;
    const NetworkAnalysis &analysis = m_document->analysis();
    for (std::size_t i = 0; i < spatialLayerCount(spec) && i < analysis.layers.size(); ++i)
        macs += analysis.layers[i].macs.count;
    if (m_weights == ProbeWeights::Random)
        macs *= request.draws;
    if (macs <= kSynchronousMacs) {
        m_job.drop();
        m_result = computeReceptiveField(spec, request);
        Q_EMIT resultChanged();
        return;
    }
    traceInBackground([spec](const ReceptiveFieldRequest &inBackground) {
        return computeReceptiveField(spec, inBackground);
    }, request, static_cast<int>(spatialLayerCount(spec)), tr("Tracing the receptive field…"));
}

void ReceptiveFieldTracker::traceInBackground(const std::function<ReceptiveFieldResult(const ReceptiveFieldRequest &)> &trace,
                                              const ReceptiveFieldRequest &request, int total, const QString &tracing)
{
    QPointer<ReceptiveFieldTracker> self(this);
    m_job.start(
        [trace, request, self](const std::atomic<bool> *cancel) {
            ReceptiveFieldRequest inBackground = request;
            inBackground.cancel = cancel;
            inBackground.progress = [self](std::size_t done, std::size_t all) {
                QMetaObject::invokeMethod(
                    self, [self, done, all] {
                        if (self && self->isTracing())
                            Q_EMIT self->tracingProgress(static_cast<int>(done), static_cast<int>(all));
                    },
                    Qt::QueuedConnection);
            };
            return trace(inBackground);
        },
        [this, total](ReceptiveFieldResult result) {
            m_result = std::move(result);
            Q_EMIT tracingProgress(total, total);
            Q_EMIT resultChanged();
        });
    // The previous network's maps do not fit this one: show nothing until the trace is done.
    m_result = {std::nullopt, tracing.toStdString()};
    Q_EMIT resultChanged();
    Q_EMIT tracingProgress(0, total);
}

void ReceptiveFieldTracker::traceFileWeights(ReceptiveFieldRequest request)
{
    const QString file = m_document->weightsFile();
    const NetworkSpec network = m_document->spec();  // the whole network: its weights are the file's, layer by layer
    request.draws = kTrainedClips;
    request.branch.clear();  // a branch's own maps are the all-one probe's
    const std::shared_ptr<FileWeights> read = m_fileWeights;
    const int opening = m_document->modelOpenings();
    traceInBackground([file, network, opening, read](const ReceptiveFieldRequest &inBackground) {
        std::string weights, error;
        {
            const std::lock_guard<std::mutex> lock(read->mutex);
            // Another model, another input size, or the model opened again (perhaps saved again from Python).
            if (read->file != file || !(read->network == network) || read->opening != opening) {
                read->weights = torchScriptWeights(file, network, &read->error);
                read->file = file;
                read->network = network;
                read->opening = opening;
            }
            weights = read->weights;
            error = read->error;
        }
        return error.empty() ? traceWithWeights(network, weights, file, inBackground)
                             : ReceptiveFieldResult{std::nullopt, error};
    }, request, static_cast<int>(spatialLayerCount(network)),
                      tr("Tracing with the weights of %1 over %2 random inputs…")
                          .arg(QFileInfo(file).fileName())
                          .arg(kTrainedClips));
}

QString ReceptiveFieldTracker::whyNoTrainedField() const
{
    const TrainingController *training = m_models ? m_models->training() : nullptr;
    if (const QString model = m_document->readFromModel(); !model.isEmpty())
        return tr("The network was edited since it was read from %1: its weights no longer fit. Undo the edit to "
                  "trace them.").arg(QFileInfo(model).fileName());
    if (!training || !training->hasModel())
        return tr("No trained model: train this network in the Training tab or open a checkpoint there.");
    const QString name = training->modelName();
    if (!sameLayers(m_document->spec(), training->modelConfig().network))
        return tr("The trained model “%1” is another network: show that network here (open the same preset, or the "
                  "network it was trained from) to trace its weights.").arg(name);
    if (training->state() == TrainingState::Opening)
        return tr("A model is being opened: its trained field follows when it is open.");
    if (!training->canAnswer())
        return tr("“%1” is training: its trained field follows when the run ends.").arg(name);
    return {};
}

void ReceptiveFieldTracker::askTrainedModel(const ReceptiveFieldRequest &request)
{
    static int lastTag = 0;  // unique across trackers that share one controller
    m_trainedTag = ++lastTag;
    QString why = whyNoTrainedField();
    if (why.isEmpty()) {
        EffectiveFieldQuery query;
        query.pixel = request.pixel;
        query.outputChannel = request.outputChannel;
        query.clips = kTrainedClips;
        query.tag = m_trainedTag;
        why = m_models->requestEffectiveField(query);
        m_awaitingTrained = why.isEmpty();
    }
    const QString tracing = tr("Tracing with trained weights over %1 test clips…").arg(kTrainedClips);
    m_result = {std::nullopt, (m_awaitingTrained ? tracing : why).toStdString()};
    Q_EMIT resultChanged();
}

void ReceptiveFieldTracker::trainedFieldArrived(const SharedFieldResult &result, const EffectiveFieldQuery &query)
{
    if (!m_awaitingTrained || query.tag != m_trainedTag || !result)
        return;
    m_awaitingTrained = false;
    m_result = *result;
    Q_EMIT resultChanged();
}

}  // namespace convscope
