#include "studio/ReceptiveFieldTracker.h"

#include "studio/NetworkDocument.h"
#include "receptive/AnalyticReceptiveField.h"

namespace convscope {

ReceptiveFieldTracker::ReceptiveFieldTracker(NetworkDocument *document, QObject *parent)
    : QObject(parent), m_document(document)
{
    connect(m_document, &NetworkDocument::changed, this, &ReceptiveFieldTracker::networkChanged);
    networkChanged();
}

void ReceptiveFieldTracker::setPixel(std::int64_t row, std::int64_t column)
{
    m_pixel = std::array<std::int64_t, 2>{row, column};
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
    if (spatialLayerCount(traced) == 0 && spatialLayerCount(m_document->spec()) > 0)
        m_result = computeReceptiveField(m_document->spec(), {m_pixel, m_outputChannel});  // for its error
    else
        m_result = computeReceptiveField(traced, {m_pixel, m_outputChannel});
    Q_EMIT resultChanged();
}

}  // namespace convscope
