#include "StackPass.h"

#include "LinearLoops.h"
#include "util/WorkerThreads.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace convscope {

namespace {

/// Parts split a layer's features on multiples of this: 16 floats, one cache line.
constexpr std::int64_t kFeatureAlignment = 16;

LinearShape linearShapeOf(const StackLayer &l) { return {l.inFeatures, l.outFeatures}; }

/// Examples per chunk of a part's convolution: one formula forward and backward, which must chunk alike.
std::int64_t convChunkOf(const StackLayer &l, std::int64_t first, std::int64_t end)
{
    return examplesPerChunk(l.conv, end - first, 1);
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

bool StackLayer::splitByFeatures() const { return kind == Kind::Linear && LinearShape{inFeatures, outFeatures}.wide(); }

StackPass::StackPass(std::vector<StackLayer> layers, const std::vector<std::int64_t> &parameterSizes, int parts)
    : m_layers(std::move(layers)), m_parts(std::max(1, parts)), m_outputs(m_layers.size()),
      m_preActivations(m_layers.size()), m_outputGradients(m_layers.size()), m_scratch(static_cast<std::size_t>(m_parts)),
      m_partResults(static_cast<std::size_t>(m_parts))
{
    for (const std::int64_t size : parameterSizes) {
        m_sizes.push_back(size);
        m_offsets.push_back(m_parameterCount);
        m_parameterCount += size;
    }
    m_partOffsets.assign(parameterSizes.size(), 0);
    std::int64_t summed = 0;
    for (const StackLayer &layer : m_layers)
        for (const int parameter : {layer.weight, layer.bias})
            if (parameter >= 0 && !layer.splitByFeatures()) {
                m_summedParameters.push_back(parameter);
                m_partOffsets[static_cast<std::size_t>(parameter)] = summed;
                summed += parameterSizes[static_cast<std::size_t>(parameter)];
            }
    m_partGradients.assign(static_cast<std::size_t>(m_parts - 1), std::vector<float>(static_cast<std::size_t>(summed)));
    planStages();
}

/// Forward layer by layer, the loss, backward; consecutive work split by examples shares a stage (its parts need
/// nothing from each other), each layer split by features is a stage, and with several parts a last stage adds
/// up their gradients.
void StackPass::planStages()
{
    const auto byExamples = [this](Task task) {
        if (m_stages.empty() || m_stages.back().split != Stage::Split::Examples)
            m_stages.push_back({Stage::Split::Examples, {}});
        m_stages.back().tasks.push_back(task);
    };
    const auto add = [&](bool backward, int layer) {
        if (layer != kLoss && m_layers[static_cast<std::size_t>(layer)].splitByFeatures())
            m_stages.push_back({Stage::Split::Features, {{backward, layer}}});
        else
            byExamples({backward, layer});
    };
    const int layers = static_cast<int>(m_layers.size());
    for (int i = 0; i < layers; ++i)
        add(false, i);
    add(false, kLoss);
    for (int i = layers; i-- > 0;)
        add(true, i);
    if (m_parts > 1)
        m_stages.push_back({Stage::Split::Gradients, {}});
}

void StackPass::begin(const float *input, const std::int64_t *labels, std::int64_t count, double labelSmoothing,
                      const std::vector<const float *> &parameters, float *gradients)
{
    m_input = input;
    m_labels = labels;
    m_count = count;
    m_labelSmoothing = labelSmoothing;
    m_parameters = &parameters;
    m_gradients = gradients;
    // Every buffer the parts share is sized here, on one thread.
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        const StackLayer &l = m_layers[i];
        atLeast(m_outputs[i], count * l.outputSize());
        atLeast(m_outputGradients[i], count * l.outputSize());
        if (l.kind == StackLayer::Kind::Conv && l.conv.pool)
            atLeast(m_preActivations[i], count * l.conv.outChannels * l.conv.convLength());
        if (l.splitByFeatures())
            atLeast(m_transposed, count * l.outFeatures);
    }
}

void StackPass::runStage(std::size_t stage, int part)
{
    const Stage &s = m_stages[stage];
    const auto [first, end] = partRange(m_count, part, m_parts);
    for (const Task &task : s.tasks) {
        const auto layer = static_cast<std::size_t>(task.layer);
        if (task.layer == kLoss)
            lossRows(first, end, part);
        else if (s.split == Stage::Split::Features)
            task.backward ? backwardFeatures(layer, part) : forwardFeatures(layer, part);
        else
            task.backward ? backwardRows(layer, first, end, part) : forwardRows(layer, first, end, part);
    }
    if (s.split == Stage::Split::Gradients)
        gatherGradients(part);
}

StackPass::Result StackPass::result() const
{
    Result sum;
    for (const Result &part : m_partResults) {  // in part order: the same sum every run
        sum.loss += part.loss;
        sum.correct += part.correct;
    }
    return sum;
}

float *StackPass::partGradient(int parameter, int part)
{
    if (parameter < 0)
        return nullptr;
    if (part == 0)
        return m_gradients + parameterOffset(parameter);
    return m_partGradients[static_cast<std::size_t>(part - 1)].data() + m_partOffsets[static_cast<std::size_t>(parameter)];
}

void StackPass::forwardRows(std::size_t i, std::int64_t first, std::int64_t end, int part)
{
    const StackLayer &l = m_layers[i];
    const float *in = inputOf(i);
    float *out = m_outputs[i].data();
    const float *bias = l.bias >= 0 ? (*m_parameters)[static_cast<std::size_t>(l.bias)] : nullptr;
    const float *weight = l.weight >= 0 ? (*m_parameters)[static_cast<std::size_t>(l.weight)] : nullptr;
    switch (l.kind) {
    case StackLayer::Kind::Conv: {
        float *pre = l.conv.pool ? m_preActivations[i].data() : nullptr;
        convForwardRange(l.conv, in, weight, bias, first, end, convChunkOf(l, first, end), out, pre,
                         m_scratch[static_cast<std::size_t>(part)]);
        break;
    }
    case StackLayer::Kind::Relu:
        std::transform(in + first * l.features, in + end * l.features, out + first * l.features,
                       [](float v) { return std::max(v, 0.0f); });
        break;
    case StackLayer::Kind::Linear:
        linearForwardRows(linearShapeOf(l), in, weight, bias, {first, end}, out);
        break;
    }
}

void StackPass::backwardRows(std::size_t i, std::int64_t first, std::int64_t end, int part)
{
    const StackLayer &l = m_layers[i];
    const float *in = inputOf(i), *outGradient = outputGradient(i);
    float *inGradient = i > 0 ? outputGradient(i - 1) : nullptr;
    const float *weight = l.weight >= 0 ? (*m_parameters)[static_cast<std::size_t>(l.weight)] : nullptr;
    float *weightGradient = partGradient(l.weight, part), *biasGradient = partGradient(l.bias, part);
    switch (l.kind) {
    case StackLayer::Kind::Conv:  // the chunks add their gradients up
        std::fill(weightGradient, weightGradient + l.conv.outChannels * l.conv.patchSize(), 0.0f);
        if (biasGradient)
            std::fill(biasGradient, biasGradient + l.conv.outChannels, 0.0f);
        convBackwardRange(l.conv, in, weight, l.conv.pool ? m_preActivations[i].data() : nullptr, outGradient, first,
                          end, convChunkOf(l, first, end), inGradient, weightGradient, biasGradient,
                          m_scratch[static_cast<std::size_t>(part)]);
        break;
    case StackLayer::Kind::Relu: {
        const float *out = m_outputs[i].data();
        for (std::int64_t v = first * l.features; inGradient && v < end * l.features; ++v)
            inGradient[v] = out[v] > 0.0f ? outGradient[v] : 0.0f;
        break;
    }
    case StackLayer::Kind::Linear:
        linearBackwardRows(linearShapeOf(l), in, weight, outGradient, {first, end}, inGradient, weightGradient,
                           biasGradient);
        break;
    }
}

void StackPass::forwardFeatures(std::size_t i, int part)
{
    const StackLayer &l = m_layers[i];
    const float *bias = l.bias >= 0 ? (*m_parameters)[static_cast<std::size_t>(l.bias)] : nullptr;
    linearForwardFeatures(linearShapeOf(l), inputOf(i), (*m_parameters)[static_cast<std::size_t>(l.weight)], bias,
                          m_count, partRange(l.outFeatures, part, m_parts, kFeatureAlignment), m_transposed.data(),
                          m_outputs[i].data());
}

void StackPass::backwardFeatures(std::size_t i, int part)
{
    const StackLayer &l = m_layers[i];
    float *biasGradient = l.bias >= 0 ? m_gradients + parameterOffset(l.bias) : nullptr;
    linearBackwardFeatures(linearShapeOf(l), inputOf(i), (*m_parameters)[static_cast<std::size_t>(l.weight)],
                           outputGradient(i), m_count, partRange(l.outFeatures, part, m_parts, kFeatureAlignment),
                           partRange(l.inFeatures, part, m_parts, kFeatureAlignment),
                           i > 0 ? outputGradient(i - 1) : nullptr, m_gradients + parameterOffset(l.weight),
                           biasGradient);
}

void StackPass::gatherGradients(int part)
{
    const auto &sums = m_partGradients;
    const std::int64_t summed = sums.empty() ? 0 : static_cast<std::int64_t>(sums.front().size());
    const auto [begin, end] = partRange(summed, part, m_parts, kFeatureAlignment);
    for (const int parameter : m_summedParameters) {  // the values of each that fall in [begin, end)
        const std::int64_t from = m_partOffsets[static_cast<std::size_t>(parameter)];
        const std::int64_t to = from + m_sizes[static_cast<std::size_t>(parameter)];
        float *sum = m_gradients + parameterOffset(parameter) - from;
        for (const std::vector<float> &partSums : sums)
            for (std::int64_t v = std::max(begin, from); v < std::min(end, to); ++v)
                sum[v] += partSums[static_cast<std::size_t>(v)];
    }
}

/// Softmax cross-entropy with label smoothing ε over C classes, as torch::nn::functional::cross_entropy: each
/// example's loss is −(1 − ε) log p(label) − (ε / C) Σ log p(c), and its logits' gradient p(c) − (1 − ε)[c = label]
/// − ε / C; both divided by the batch size, since the loss is the batch's mean.
void StackPass::lossRows(std::int64_t first, std::int64_t end, int part)
{
    const std::int64_t classes = m_layers.back().outputSize();
    const double scale = 1.0 / static_cast<double>(m_count), smoothing = m_labelSmoothing;
    const float *logits = m_outputs.back().data();
    float *gradient = outputGradient(m_layers.size() - 1);
    Result &result = m_partResults[static_cast<std::size_t>(part)];
    result = {};
    for (std::int64_t e = first; e < end; ++e) {
        const float *row = logits + e * classes;
        const std::int64_t best = std::max_element(row, row + classes) - row;  // the first of equal maxima, as argmax
        double sumExp = 0.0, sumLogits = 0.0;
        for (std::int64_t c = 0; c < classes; ++c) {
            sumExp += std::exp(static_cast<double>(row[c] - row[best]));
            sumLogits += row[c];
        }
        const double logSumExp = row[best] + std::log(sumExp);
        const double labelLoss = logSumExp - row[m_labels[e]];
        const double meanLoss = logSumExp - sumLogits / static_cast<double>(classes);
        result.loss += scale * ((1.0 - smoothing) * labelLoss + smoothing * meanLoss);
        result.correct += best == m_labels[e];
        for (std::int64_t c = 0; c < classes; ++c) {
            const double target = (c == m_labels[e] ? 1.0 - smoothing : 0.0) + smoothing / static_cast<double>(classes);
            gradient[e * classes + c] = static_cast<float>(scale * (std::exp(row[c] - logSumExp) - target));
        }
    }
}

}  // namespace convscope
