#include "StackPass.h"

#include "Sgemm.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace convscope {

namespace {

/// Runs `chunkWork(first, count)` over a convolution's chunks, in the same order forward and backward (a fused
/// convolution keeps its pre-activations chunk by chunk).
template <typename ChunkWork>
void forEachConvChunk(const ConvGeometry &g, std::int64_t count, ChunkWork chunkWork)
{
    const std::int64_t perChunk = examplesPerChunk(g, count, 1);
    for (std::int64_t first = 0; first < count; first += perChunk)
        chunkWork(first, std::min(perChunk, count - first));
}

}  // namespace

std::int64_t StackLayer::inputSize() const
{
    switch (kind) {
    case Kind::Conv:
        return conv.inChannels * conv.length;
    case Kind::Relu:
        return features;
    case Kind::Linear:
        return inFeatures;
    }
    return 0;
}

std::int64_t StackLayer::outputSize() const
{
    switch (kind) {
    case Kind::Conv:
        return conv.outChannels * conv.outputLength();
    case Kind::Relu:
        return features;
    case Kind::Linear:
        return outFeatures;
    }
    return 0;
}

StackPass::StackPass(std::vector<StackLayer> layers, const std::vector<std::int64_t> &parameterSizes)
    : m_layers(std::move(layers)), m_outputs(m_layers.size()), m_preActivations(m_layers.size())
{
    for (const std::int64_t size : parameterSizes) {
        m_offsets.push_back(m_parameterCount);
        m_parameterCount += size;
    }
}

StackPass::Result StackPass::run(const float *input, const std::int64_t *labels, std::int64_t count, double scale,
                                 double labelSmoothing, const std::vector<const float *> &parameters, float *gradients)
{
    for (std::size_t i = 0; i < m_layers.size(); ++i)
        forwardLayer(i, i == 0 ? input : m_outputs[i - 1].data(), count, parameters);
    const Result result = lossAndGradient(m_outputs.back().data(), labels, count, scale, labelSmoothing);
    for (std::size_t i = m_layers.size(); i-- > 0;) {
        backwardLayer(i, i == 0 ? input : m_outputs[i - 1].data(), count, parameters, gradients);
        std::swap(m_outputGradient, m_inputGradient);
    }
    return result;
}

void StackPass::forwardLayer(std::size_t i, const float *in, std::int64_t count,
                             const std::vector<const float *> &parameters)
{
    const StackLayer &l = m_layers[i];
    float *out = atLeast(m_outputs[i], count * l.outputSize());
    const float *bias = l.bias >= 0 ? parameters[static_cast<std::size_t>(l.bias)] : nullptr;
    const float *weight = l.weight >= 0 ? parameters[static_cast<std::size_t>(l.weight)] : nullptr;
    switch (l.kind) {
    case StackLayer::Kind::Conv: {
        const std::int64_t preValues = count * l.conv.outChannels * l.conv.convLength();
        float *pre = l.conv.pool ? atLeast(m_preActivations[i], preValues) : nullptr;
        forEachConvChunk(l.conv, count, [&](std::int64_t first, std::int64_t chunk) {
            convForwardChunk(l.conv, in, weight, bias, first, chunk, out, pre, m_scratch);
        });
        break;
    }
    case StackLayer::Kind::Relu:
        std::transform(in, in + count * l.features, out, [](float v) { return std::max(v, 0.0f); });
        break;
    case StackLayer::Kind::Linear:
        for (std::int64_t e = 0; bias && e < count; ++e)
            std::copy(bias, bias + l.outFeatures, out + e * l.outFeatures);
        sgemm(false, true, count, l.outFeatures, l.inFeatures, 1.0f, in, l.inFeatures, weight, l.inFeatures,
              bias ? 1.0f : 0.0f, out, l.outFeatures);
        break;
    }
}

void StackPass::backwardLayer(std::size_t i, const float *in, std::int64_t count,
                              const std::vector<const float *> &parameters, float *gradients)
{
    const StackLayer &l = m_layers[i];
    const float *outGradient = m_outputGradient.data();
    float *inGradient = i > 0 ? atLeast(m_inputGradient, count * l.inputSize()) : nullptr;
    const float *weight = l.weight >= 0 ? parameters[static_cast<std::size_t>(l.weight)] : nullptr;
    float *weightGradient = l.weight >= 0 ? gradients + parameterOffset(l.weight) : nullptr;
    float *biasGradient = l.bias >= 0 ? gradients + parameterOffset(l.bias) : nullptr;
    switch (l.kind) {
    case StackLayer::Kind::Conv:  // the chunks add their gradients up
        std::fill(weightGradient, weightGradient + l.conv.outChannels * l.conv.patchSize(), 0.0f);
        if (biasGradient)
            std::fill(biasGradient, biasGradient + l.conv.outChannels, 0.0f);
        forEachConvChunk(l.conv, count, [&](std::int64_t first, std::int64_t chunk) {
            convBackwardChunk(l.conv, in, weight, l.conv.pool ? m_preActivations[i].data() : nullptr, outGradient,
                              first, chunk, inGradient, weightGradient, biasGradient, m_scratch);
        });
        break;
    case StackLayer::Kind::Relu: {
        const float *out = m_outputs[i].data();
        for (std::int64_t v = 0; inGradient && v < count * l.features; ++v)
            inGradient[v] = out[v] > 0.0f ? outGradient[v] : 0.0f;
        break;
    }
    case StackLayer::Kind::Linear:  // one GEMM writes the weight gradient: no zero-fill of the plain net's 6 MB
        sgemm(true, false, l.outFeatures, l.inFeatures, count, 1.0f, outGradient, l.outFeatures, in, l.inFeatures, 0.0f,
              weightGradient, l.inFeatures);
        if (biasGradient)
            std::fill(biasGradient, biasGradient + l.outFeatures, 0.0f);
        for (std::int64_t e = 0; biasGradient && e < count; ++e)
            for (std::int64_t o = 0; o < l.outFeatures; ++o)
                biasGradient[o] += outGradient[e * l.outFeatures + o];
        if (inGradient)
            sgemm(false, false, count, l.inFeatures, l.outFeatures, 1.0f, outGradient, l.outFeatures, weight,
                  l.inFeatures, 0.0f, inGradient, l.inFeatures);
        break;
    }
}

/// Softmax cross-entropy with label smoothing ε over C classes, as torch::nn::functional::cross_entropy: each
/// example's loss is −(1 − ε) log p(label) − (ε / C) Σ log p(c), and its logits' gradient p(c) − (1 − ε)[c = label]
/// − ε / C; both times `scale`.
StackPass::Result StackPass::lossAndGradient(const float *logits, const std::int64_t *labels, std::int64_t count,
                                             double scale, double labelSmoothing)
{
    const std::int64_t classes = m_layers.back().outputSize();
    float *gradient = atLeast(m_outputGradient, count * classes);
    Result result;
    for (std::int64_t e = 0; e < count; ++e) {
        const float *row = logits + e * classes;
        const std::int64_t best = std::max_element(row, row + classes) - row;  // the first of equal maxima, as argmax
        double sumExp = 0.0, sumLogits = 0.0;
        for (std::int64_t c = 0; c < classes; ++c) {
            sumExp += std::exp(static_cast<double>(row[c] - row[best]));
            sumLogits += row[c];
        }
        const double logSumExp = row[best] + std::log(sumExp);
        const double labelLoss = logSumExp - row[labels[e]];
        const double meanLoss = logSumExp - sumLogits / static_cast<double>(classes);
        result.loss += scale * ((1.0 - labelSmoothing) * labelLoss + labelSmoothing * meanLoss);
        result.correct += best == labels[e];
        for (std::int64_t c = 0; c < classes; ++c) {
            const double target =
                (c == labels[e] ? 1.0 - labelSmoothing : 0.0) + labelSmoothing / static_cast<double>(classes);
            gradient[e * classes + c] = static_cast<float>(scale * (std::exp(row[c] - logSumExp) - target));
        }
    }
    return result;
}

}  // namespace convscope
