#include "ReceptiveFieldTracker.h"

#include "NetworkDocument.h"
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

void ReceptiveFieldTracker::networkChanged()
{
    const NetworkSpec &spec = m_document->spec();
    const NetworkAnalysis &analysis = m_document->analysis();
    const std::size_t count = spatialLayerCount(spec);
    Shape output = count == 0 ? spec.input : analysis.layers[count - 1].output;
    if (count > 0 && !analysis.layers[count - 1].valid())
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
    m_result = computeReceptiveField(m_document->spec(), {m_pixel, m_outputChannel});
    Q_EMIT resultChanged();
}

}  // namespace convscope
