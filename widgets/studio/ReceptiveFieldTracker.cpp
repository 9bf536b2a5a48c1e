#include "studio/ReceptiveFieldTracker.h"

#include "studio/NetworkDocument.h"
#include "receptive/AnalyticReceptiveField.h"

#include <QPointer>

namespace convscope {

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
    const int total = static_cast<int>(spatialLayerCount(spec));
    QPointer<ReceptiveFieldTracker> self(this);
    m_job.start(
        [spec, request, self](const std::atomic<bool> *cancel) {
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
            return computeReceptiveField(spec, inBackground);
        },
        [this, total](ReceptiveFieldResult result) {
            m_result = std::move(result);
            Q_EMIT tracingProgress(total, total);
            Q_EMIT resultChanged();
        });
    // The previous network's maps do not fit this one: show nothing until the trace is done.
    m_result = {std::nullopt, tr("Tracing the receptive field…").toStdString()};
    Q_EMIT resultChanged();
    Q_EMIT tracingProgress(0, total);
}

}  // namespace convscope
