#include "LayerProbe.h"

#include "TrainerState.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>

namespace convscope {

namespace {

/// Whether a layer's output is a ReLU's: a ReLU, or a block whose merge goes through one.
bool endsInRelu(const LayerSpec &layer)
{
    if (layer.kind == LayerKind::Block)
        return !layer.after.empty() && layer.after.back().isActivation(ActivationFunction::ReLU);
    return layer.isActivation(ActivationFunction::ReLU);
}

bool isWeighted(const LayerSpec &layer)
{
    return layer.kind == LayerKind::Conv || layer.kind == LayerKind::Linear || layer.kind == LayerKind::Block;
}

/// Σ term(k) over k < n: blocks of 256 terms added in eight float lanes, which the compiler turns into vector
/// additions, and the blocks' sums in double (so 1.5 M squares keep nine digits). The statistics must cost little
/// beside the step (README, "Layer statistics").
template <typename Term>
double blockSum(std::int64_t n, Term term)
{
    constexpr std::int64_t lanes = 8, block = 256;
    double sum = 0.0;
    std::int64_t k = 0;
    for (; k + block <= n; k += block) {
        std::array<float, lanes> partial{};
        for (std::int64_t i = k; i < k + block; i += lanes)
            for (std::int64_t lane = 0; lane < lanes; ++lane)
                partial[static_cast<std::size_t>(lane)] += term(i + lane);
        for (const float p : partial)
            sum += p;
    }
    for (; k < n; ++k)
        sum += term(k);
    return sum;
}

/// ‖tensors‖₂ as one vector: the root of their summed squares (undefined tensors count as none).
double normOf(const std::vector<torch::Tensor> &tensors)
{
    double squares = 0.0;
    for (const torch::Tensor &tensor : tensors) {
        if (!tensor.defined())
            continue;
        const torch::Tensor t = tensor.contiguous();
        const float *v = t.data_ptr<float>();
        squares += blockSum(t.numel(), [v](std::int64_t k) { return v[k] * v[k]; });
    }
    return std::sqrt(squares);
}

/// ‖after − before‖₂ over a layer's parameters.
double distanceOf(const std::vector<torch::Tensor> &after, const std::vector<torch::Tensor> &before)
{
    double squares = 0.0;
    for (std::size_t k = 0; k < after.size(); ++k) {
        const torch::Tensor a = after[k].contiguous(), b = before[k].contiguous();
        const float *x = a.data_ptr<float>(), *y = b.data_ptr<float>();
        squares += blockSum(a.numel(), [x, y](std::int64_t i) { return (x[i] - y[i]) * (x[i] - y[i]); });
    }
    return std::sqrt(squares);
}

/// One pass's sums over a layer's output: of the values and their squares, and of their positive parts (what a
/// ReLU after the layer makes of them).
struct Sums {
    double values = 0, squares = 0, positives = 0, positiveSquares = 0;
};

/// The sums of `n` floats: blocks of 256 values summed in eight float lanes, which the compiler turns into vector
/// additions, and the blocks' sums added in double.
Sums sumsOf(const float *v, std::int64_t n)
{
    constexpr std::int64_t lanes = 8, block = 256;
    Sums sums;
    std::int64_t k = 0;
    for (; k + block <= n; k += block) {
        std::array<float, lanes> s{}, q{}, p{}, pq{};
        for (std::int64_t i = k; i < k + block; i += lanes)
            for (std::size_t lane = 0; lane < lanes; ++lane) {
                const float x = v[i + static_cast<std::int64_t>(lane)], positive = std::max(x, 0.0f);
                s[lane] += x;
                q[lane] += x * x;
                p[lane] += positive;
                pq[lane] += positive * positive;
            }
        for (std::size_t lane = 0; lane < lanes; ++lane) {
            sums.values += s[lane];
            sums.squares += q[lane];
            sums.positives += p[lane];
            sums.positiveSquares += pq[lane];
        }
    }
    for (; k < n; ++k) {
        const double x = v[k], positive = std::max(x, 0.0);
        sums.values += x;
        sums.squares += x * x;
        sums.positives += positive;
        sums.positiveSquares += positive * positive;
    }
    return sums;
}

/// Mean and population standard deviation from a sum and a sum of squares. The variance is E[x²] − E[x]²:
/// activations have means near their spread, where that loses nothing that matters at float precision.
void setMoments(double sum, double squares, std::int64_t n, LayerStatistics &into)
{
    const double mean = sum / static_cast<double>(n);
    into.activationMean = mean;
    into.activationStd = std::sqrt(std::max(0.0, squares / static_cast<double>(n) - mean * mean));
}

/// The histogram of `n` floats: each value counted under its top nine bits (sign and exponent, all a bin depends
/// on) in one of four tables in turn, so that no count waits for the one before it; the tables are then folded
/// into the bins.
std::vector<std::int64_t> histogramOf(const float *v, std::int64_t n)
{
    constexpr std::size_t lanes = 4, tops = 512;
    std::vector<std::uint32_t> counts(lanes * tops, 0);
    std::int64_t k = 0;
    for (; k + static_cast<std::int64_t>(lanes) <= n; k += lanes) {
        for (std::size_t lane = 0; lane < lanes; ++lane) {
            std::uint32_t bits = 0;
            std::memcpy(&bits, v + k + static_cast<std::int64_t>(lane), sizeof bits);
            bits = bits == 0x80000000u ? 0u : bits;  // a negative zero is a zero
            ++counts[lane * tops + (bits >> 23)];
        }
    }
    std::vector<std::int64_t> histogram(LayerStatistics::kHistogramBins, 0);
    for (; k < n; ++k)
        ++histogram[static_cast<std::size_t>(histogramBin(v[k]))];
    for (std::size_t top = 0; top < tops; ++top) {
        std::int64_t count = 0;
        for (std::size_t lane = 0; lane < lanes; ++lane)
            count += counts[lane * tops + top];
        if (count == 0)
            continue;
        // A float with these top bits (and the smallest nonzero mantissa): its bin is every such float's.
        const std::uint32_t bits = static_cast<std::uint32_t>(top) << 23 | 1u;
        float value = 0.0f;
        std::memcpy(&value, &bits, sizeof value);
        histogram[static_cast<std::size_t>(histogramBin(value))] += count;
    }
    return histogram;
}

/// The histogram of relu(values) from that of the values: every value at or below zero becomes zero (bin 16),
/// the positive ones keep their bins.
std::vector<std::int64_t> reluHistogram(std::vector<std::int64_t> histogram)
{
    constexpr std::size_t zeroBin = LayerStatistics::kHistogramBins / 2;
    for (std::size_t bin = 0; bin < zeroBin; ++bin) {
        histogram[zeroBin] += histogram[bin];
        histogram[bin] = 0;
    }
    return histogram;
}

/// The fraction of the units (columns; rows are examples) of relu(values) that are zero in every row: whose value
/// is at most zero in every example.
double deadFractionOf(const float *values, std::int64_t rows, std::int64_t columns)
{
    std::vector<char> alive(static_cast<std::size_t>(columns), 0);
    for (std::int64_t r = 0; r < rows; ++r)
        for (std::int64_t c = 0; c < columns; ++c)
            alive[static_cast<std::size_t>(c)] |= values[r * columns + c] > 0.0f;
    const auto living = std::count(alive.begin(), alive.end(), 1);
    return 1.0 - static_cast<double>(living) / static_cast<double>(columns);
}

}  // namespace

LayerProbe::LayerProbe(const NetworkSpec &spec, KernelChoice kernels)
    : m_layers(spec.layers), m_layerwise(buildCopyOfNetwork(spec, kernels))
{
    if (kernels == KernelChoice::Fast)
        throw std::invalid_argument("LayerProbe needs one module per layer: Standard or FastLayerwise kernels");
    for (std::size_t i = 0; i < m_layers.size(); ++i)
        if (m_layers[i].kind == LayerKind::Dropout)
            m_layerwise->ptr(i)->eval();  // passes values unchanged and draws nothing
    for (auto &parameter : m_layerwise->parameters())
        parameter.set_requires_grad(false);
}

std::vector<std::vector<torch::Tensor>> LayerProbe::parametersByLayer(const torch::nn::Sequential &net) const
{
    std::vector<std::vector<torch::Tensor>> byLayer(m_layers.size());
    for (const auto &item : net->named_parameters()) {
        const std::size_t layer = std::stoul(item.key().substr(0, item.key().find('.')));
        if (layer < byLayer.size())
            byLayer[layer].push_back(item.value());
    }
    return byLayer;
}

void LayerProbe::beforeStep(const torch::nn::Sequential &net, const torch::Tensor &batch)
{
    torch::NoGradGuard noGrad;
    const auto parameters = parametersByLayer(net);
    const auto own = parametersByLayer(m_layerwise);  // the same names in the same order
    m_statistics.assign(m_layers.size(), LayerStatistics{});
    m_before.resize(m_layers.size());
    torch::Tensor x = batch;
    std::size_t i = 0;
    for (auto &module : *m_layerwise) {
        LayerStatistics &s = m_statistics[i];
        s.layer = static_cast<int>(i);
        s.name = QString::number(i + 1) + " " + layerStatisticsType(m_layers[i]);
        s.weighted = isWeighted(m_layers[i]);
        m_before[i].resize(parameters[i].size());
        std::vector<torch::Tensor> gradients;
        for (std::size_t k = 0; k < parameters[i].size(); ++k) {
            const torch::Tensor &p = parameters[i][k];
            gradients.push_back(p.grad());
            if (!m_before[i][k].defined() || !m_before[i][k].sizes().equals(p.sizes()))
                m_before[i][k] = torch::empty_like(p);  // kept from step to step: no allocation, no page faults
            m_before[i][k].copy_(p);
            own[i][k].set_data(p);  // reads the network's own weights, copying nothing
        }
        if (!parameters[i].empty()) {
            s.weightNorm = normOf(parameters[i]);
            s.gradNorm = normOf(gradients);
        }
        x = module.forward(x);
        measureLayer(i, x, !parameters[i].empty());
        ++i;
    }
}

void LayerProbe::measureLayer(std::size_t i, const torch::Tensor &output, bool hasParameters)
{
    LayerStatistics &s = m_statistics[i];
    if (!s.histogram.empty() || (!hasParameters && m_layers[i].kind != LayerKind::Activation))
        return;  // measured with the layer before it, or no row
    const bool reluNext = i + 1 < m_layers.size() && m_layers[i + 1].isActivation(ActivationFunction::ReLU);
    if (!endsInRelu(m_layers[i])) {
        measureOutput(output, &s, reluNext ? &m_statistics[i + 1] : nullptr);
        return;
    }
    measureOutput(output, nullptr, &s);  // the output is its own ReLU's
    if (reluNext) {  // and a ReLU after it changes nothing
        LayerStatistics &next = m_statistics[i + 1];
        next.activationMean = s.activationMean;
        next.activationStd = s.activationStd;
        next.deadFraction = s.deadFraction;
        next.histogram = s.histogram;
    }
}

std::vector<LayerStatistics> LayerProbe::afterStep(const torch::nn::Sequential &net)
{
    torch::NoGradGuard noGrad;
    const auto parameters = parametersByLayer(net);
    std::vector<LayerStatistics> rows;
    for (std::size_t i = 0; i < m_layers.size() && i < m_statistics.size(); ++i) {
        LayerStatistics &s = m_statistics[i];
        if (!parameters[i].empty())
            s.updateRatio = s.weightNorm > 0 ? distanceOf(parameters[i], m_before[i]) / s.weightNorm : std::nan("");
        if (!parameters[i].empty() || m_layers[i].kind == LayerKind::Activation)
            rows.push_back(std::move(s));
    }
    m_statistics.clear();
    return rows;
}

void LayerProbe::measureOutput(const torch::Tensor &output, LayerStatistics *own, LayerStatistics *relu)
{
    const torch::Tensor values = output.detach().to(torch::kFloat).contiguous();
    const float *v = values.data_ptr<float>();
    const std::int64_t n = values.numel();
    if (n == 0)
        return;
    const Sums sums = sumsOf(v, n);
    std::vector<std::int64_t> histogram = histogramOf(v, n);
    if (relu) {
        setMoments(sums.positives, sums.positiveSquares, n, *relu);
        relu->histogram = reluHistogram(histogram);
        relu->deadFraction = deadFractionOf(v, values.size(0), n / values.size(0));
    }
    if (own) {
        setMoments(sums.values, sums.squares, n, *own);
        own->histogram = std::move(histogram);
    }
}

}  // namespace convscope
