#include "FastKernels.h"

#include "compute/BatchNormLoops.h"
#include "compute/LinearLoops.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>

namespace convscope {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

/// Function::apply takes defined tensors only: a layer without bias passes an empty one, which this undoes.
torch::Tensor biasArgument(const torch::Tensor &bias) { return bias.defined() ? bias : torch::empty({0}); }
torch::Tensor definedBias(const torch::Tensor &bias) { return bias.numel() ? bias : torch::Tensor(); }

/// Runs `rangeWork(first, end, perChunk, scratch)` on LibTorch's threads, each with its own scratch and a range of
/// whole chunks of the batch.
template <typename RangeWork>
void forEachRange(const ConvGeometry &g, std::int64_t batch, RangeWork rangeWork)
{
    const std::int64_t perChunk = examplesPerChunk(g, batch, at::get_num_threads()), chunks = (batch + perChunk - 1) / perChunk;
    at::parallel_for(0, chunks, 1, [&](std::int64_t begin, std::int64_t end) {
        thread_local ConvScratch scratch;  // grows to the largest chunk once per thread, then is reused
        rangeWork(begin * perChunk, std::min(end * perChunk, batch), perChunk, scratch);
    });
}

ConvGeometry geometryOf(const torch::Tensor &x, const torch::Tensor &weight, std::int64_t stride, std::int64_t padding,
                        std::int64_t pool)
{
    ConvGeometry g;
    g.inChannels = weight.size(1);
    g.outChannels = weight.size(0);
    g.kernel = weight.size(2);
    g.stride = stride;
    g.padding = padding;
    g.pool = pool;
    g.length = x.size(2);
    return g;
}

/// The forward pass; `preActivation`, when defined, receives what the fused backward needs.
torch::Tensor convForward(const ConvGeometry &g, const torch::Tensor &x, const torch::Tensor &weight,
                          const torch::Tensor &bias, const torch::Tensor &preActivation)
{
    const std::int64_t batch = x.size(0);
    torch::Tensor out = torch::empty({batch, g.outChannels, g.outputLength()}, x.options());
    const float *biasValues = bias.defined() ? bias.data_ptr<float>() : nullptr;
    float *pre = preActivation.defined() ? preActivation.data_ptr<float>() : nullptr;
    forEachRange(g, batch, [&](std::int64_t first, std::int64_t end, std::int64_t perChunk, ConvScratch &scratch) {
        convForwardRange(g, x.data_ptr<float>(), weight.data_ptr<float>(), biasValues, first, end, perChunk,
                         out.data_ptr<float>(), pre, scratch);
    });
    return out;
}

struct ConvFunction : public torch::autograd::Function<ConvFunction> {
    static torch::Tensor forward(AutogradContext *context, const torch::Tensor &x, const torch::Tensor &weight,
                                 const torch::Tensor &bias, std::int64_t stride, std::int64_t padding, std::int64_t pool)
    {
        const ConvGeometry g = geometryOf(x, weight, stride, padding, pool);
        const torch::Tensor pre = pool ? torch::empty({x.size(0), g.outChannels, g.convLength()}, x.options())
                                       : torch::Tensor();
        torch::Tensor out = convForward(g, x, weight, definedBias(bias), pre);
        context->save_for_backward({x, weight, pre});
        context->saved_data["stride"] = stride;
        context->saved_data["padding"] = padding;
        context->saved_data["pool"] = pool;
        context->saved_data["bias"] = bias.numel() > 0;
        return out;
    }

    static variable_list backward(AutogradContext *context, variable_list gradients)
    {
        const auto saved = context->get_saved_variables();
        const torch::Tensor &x = saved[0], &weight = saved[1], &pre = saved[2];
        const ConvGeometry g = geometryOf(x, weight, context->saved_data["stride"].toInt(),
                                          context->saved_data["padding"].toInt(), context->saved_data["pool"].toInt());
        const torch::Tensor outGradient = gradients[0].contiguous();
        const int threads = std::max(1, at::get_num_threads());
        // One weight and bias gradient per thread, summed after: the sum of the chunks' is the batch's gradient.
        torch::Tensor weightParts = torch::zeros({threads, g.outChannels, g.patchSize()}, x.options());
        torch::Tensor biasParts = torch::zeros({threads, g.outChannels}, x.options());
        torch::Tensor inputGradient = context->needs_input_grad(0) ? torch::empty_like(x) : torch::Tensor();
        forEachRange(g, x.size(0), [&](std::int64_t first, std::int64_t end, std::int64_t perChunk,
                                       ConvScratch &scratch) {
            // Pointers, not weightParts[part]: a tensor index per chunk cost 5 µs of dispatch, 768 times a step.
            const std::int64_t part = at::get_thread_num();
            convBackwardRange(g, x.data_ptr<float>(), weight.data_ptr<float>(),
                              pre.defined() ? pre.data_ptr<float>() : nullptr, outGradient.data_ptr<float>(), first,
                              end, perChunk, inputGradient.defined() ? inputGradient.data_ptr<float>() : nullptr,
                              weightParts.data_ptr<float>() + part * g.outChannels * g.patchSize(),
                              biasParts.data_ptr<float>() + part * g.outChannels, scratch);
        });
        const bool hasBias = context->saved_data["bias"].toBool();
        return {inputGradient, weightParts.sum(0).view_as(weight), hasBias ? biasParts.sum(0) : torch::Tensor(),
                torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

/// AvgPool1d(pool, stride pool) on [batch, channels, length], with ReLU before it when `relu` is set.
struct AvgPoolFunction : public torch::autograd::Function<AvgPoolFunction> {
    static torch::Tensor forward(AutogradContext *context, const torch::Tensor &x, std::int64_t pool, bool relu)
    {
        const std::int64_t rows = x.size(0) * x.size(1), length = x.size(2);
        torch::Tensor out = torch::empty({x.size(0), x.size(1), length / pool}, x.options());
        // data_ptr checks the tensor on every call, which cost as much as the arithmetic of a short row.
        const float *input = x.data_ptr<float>();
        float *output = out.data_ptr<float>();
        at::parallel_for(0, rows, 16, [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t r = begin; r < end; ++r) {
                const float *in = input + r * length;
                float *to = output + r * (length / pool);
                relu ? reluPoolRow(in, length, pool, to) : avgPoolRow(in, length, pool, to);
            }
        });
        context->save_for_backward({x});
        context->saved_data["pool"] = pool;
        context->saved_data["relu"] = relu;
        return out;
    }

    static variable_list backward(AutogradContext *context, variable_list gradients)
    {
        const torch::Tensor x = context->get_saved_variables()[0];
        const std::int64_t pool = context->saved_data["pool"].toInt();
        const bool relu = context->saved_data["relu"].toBool();
        const std::int64_t rows = x.size(0) * x.size(1), length = x.size(2);
        const torch::Tensor outGradient = gradients[0].contiguous();
        torch::Tensor inputGradient = torch::empty_like(x);
        const float *input = x.data_ptr<float>(), *pooledGradient = outGradient.data_ptr<float>();
        float *gradient = inputGradient.data_ptr<float>();
        at::parallel_for(0, rows, 16, [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t r = begin; r < end; ++r) {
                const float *from = pooledGradient + r * (length / pool);
                float *to = gradient + r * length;
                if (relu)
                    reluPoolGradientRow(input + r * length, from, length, pool, to);
                else
                    avgPoolGradientRow(from, length, pool, to);
            }
        });
        return {inputGradient, torch::Tensor(), torch::Tensor()};
    }
};

/// y = x · Wᵀ + b for x [batch, in] and W [out, in]; a wide layer's as (W · xᵀ)ᵀ, which is faster (LinearLoops).
torch::Tensor linearForward(const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &bias)
{
    const std::int64_t batch = x.size(0);
    const LinearShape shape{x.size(1), weight.size(0)};
    torch::Tensor y = torch::empty({batch, shape.outFeatures}, x.options());
    const float *b = bias.defined() ? bias.data_ptr<float>() : nullptr;
    if (shape.wide() && batch > 0) {
        torch::Tensor transposed = torch::empty({shape.outFeatures, batch}, x.options());
        linearForwardFeatures(shape, x.data_ptr<float>(), weight.data_ptr<float>(), b, batch, {0, shape.outFeatures},
                              transposed.data_ptr<float>(), y.data_ptr<float>());
    } else {
        linearForwardRows(shape, x.data_ptr<float>(), weight.data_ptr<float>(), b, {0, batch}, y.data_ptr<float>());
    }
    return y;
}

struct LinearFunction : public torch::autograd::Function<LinearFunction> {
    static torch::Tensor forward(AutogradContext *context, const torch::Tensor &x, const torch::Tensor &weight,
                                 const torch::Tensor &bias)
    {
        context->save_for_backward({x, weight});
        context->saved_data["bias"] = bias.numel() > 0;
        return linearForward(x, weight, definedBias(bias));
    }

    static variable_list backward(AutogradContext *context, variable_list gradients)
    {
        const auto saved = context->get_saved_variables();
        const torch::Tensor &x = saved[0], &weight = saved[1];
        const torch::Tensor g = gradients[0].contiguous();
        const torch::Tensor inputGradient = context->needs_input_grad(0) ? torch::empty_like(x) : torch::Tensor();
        const torch::Tensor weightGradient = torch::empty_like(weight);
        const torch::Tensor biasGradient =
            context->saved_data["bias"].toBool() ? torch::empty({weight.size(0)}, weight.options()) : torch::Tensor();
        linearBackwardRows({x.size(1), weight.size(0)}, x.data_ptr<float>(), weight.data_ptr<float>(),
                           g.data_ptr<float>(), {0, x.size(0)},
                           inputGradient.defined() ? inputGradient.data_ptr<float>() : nullptr,
                           weightGradient.data_ptr<float>(),
                           biasGradient.defined() ? biasGradient.data_ptr<float>() : nullptr);
        return {inputGradient, weightGradient, biasGradient};
    }
};

/// Batch norm's layout: [batch, channels, length], or [batch, features] as length 1.
ChannelBatch channelBatchOf(const torch::Tensor &x)
{
    ChannelBatch b;
    b.batch = x.size(0);
    b.channels = x.size(1);
    b.length = x.dim() == 3 ? x.size(2) : 1;
    return b;
}

/// What the batch-norm forward reads and fills per channel, each array indexed by channel, whole.
struct ChannelStatistics {
    double *mean, *variance, *invStd;
    float *runningMean, *runningVar;
    float *scale, *shift;  ///< y = x · scale + shift
    const float *gamma, *beta;
};

/// Training (batch statistics, which move the running ones) or evaluation (the running ones).
struct Normalisation {
    bool training;
    double momentum, eps, valuesPerChannel;
};

/// Moves the running statistics by the batch's (training) or takes them (evaluation), as torch::nn::BatchNorm1d does
/// (momentum, unbiased variance), and sets each channel's scale and shift.
void setScaleAndShift(const ChannelStatistics &s, ChannelRange block, const Normalisation &how)
{
    const double count = how.valuesPerChannel;
    for (std::int64_t c = block.first; c < block.end; ++c) {
        if (how.training) {
            s.runningMean[c] = static_cast<float>((1 - how.momentum) * s.runningMean[c] + how.momentum * s.mean[c]);
            s.runningVar[c] = static_cast<float>((1 - how.momentum) * s.runningVar[c]
                                                 + how.momentum * s.variance[c] * count / (count - 1));
        } else {
            s.mean[c] = s.runningMean[c];
            s.variance[c] = s.runningVar[c];
        }
        s.invStd[c] = 1.0 / std::sqrt(s.variance[c] + how.eps);
        const double gain = s.gamma[c] * s.invStd[c];
        s.scale[c] = static_cast<float>(gain);
        s.shift[c] = static_cast<float>(s.beta[c] - s.mean[c] * gain);
    }
}

/**
 * Batch norm, then the residual added (an empty tensor for none), then ReLU when asked, then AvgPool1d(pool) when
 * pool > 0 (after ReLU, without residual). In training it normalises by the batch's statistics and moves the running
 * ones as torch::nn::BatchNorm1d does (momentum, unbiased variance).
 */
struct BatchNormFunction : public torch::autograd::Function<BatchNormFunction> {
    static torch::Tensor forward(AutogradContext *context, const torch::Tensor &x, const torch::Tensor &residual,
                                 const torch::Tensor &weight, const torch::Tensor &bias, torch::Tensor runningMean,
                                 torch::Tensor runningVar, bool training, bool relu, std::int64_t pool,
                                 double momentum, double eps)
    {
        const ChannelBatch b = channelBatchOf(x);
        torch::Tensor out =
            pool ? torch::empty({b.batch, b.channels, b.length / pool}, x.options()) : torch::empty_like(x);
        torch::Tensor mean = torch::empty({b.channels}, x.options().dtype(torch::kDouble));
        torch::Tensor invStd = torch::empty_like(mean), variance = torch::empty_like(mean);
        torch::Tensor scale = torch::empty({b.channels}, x.options()), shift = torch::empty_like(scale);
        const ChannelStatistics statistics{
            mean.data_ptr<double>(),      variance.data_ptr<double>(), invStd.data_ptr<double>(),
            runningMean.data_ptr<float>(), runningVar.data_ptr<float>(), scale.data_ptr<float>(),
            shift.data_ptr<float>(),      weight.data_ptr<float>(),    bias.data_ptr<float>()};
        const Normalisation how{training, momentum, eps, static_cast<double>(b.valuesPerChannel())};
        at::parallel_for(0, b.channels, 1, [&](std::int64_t begin, std::int64_t end) {
            for (const ChannelRange block : cachedBlocks(b, {begin, end})) {
                if (training)
                    channelMoments(x.data_ptr<float>(), b, block, statistics.mean, statistics.variance);
                setScaleAndShift(statistics, block, how);
                if (pool)
                    normaliseReluPoolChannels(x.data_ptr<float>(), b, block, statistics.scale, statistics.shift, pool,
                                              out.data_ptr<float>());
                else
                    normaliseChannels(x.data_ptr<float>(), residual.numel() ? residual.data_ptr<float>() : nullptr, b,
                                      block, statistics.scale, statistics.shift, relu, out.data_ptr<float>());
            }
        });
        // After a pool, the backward pass computes ReLU's mask again from scale and shift instead of the output.
        context->save_for_backward({x, pool ? torch::Tensor() : out, weight, mean, invStd, scale, shift});
        context->saved_data["training"] = training;
        context->saved_data["relu"] = relu;
        context->saved_data["pool"] = pool;
        context->saved_data["residual"] = residual.numel() > 0;
        return out;
    }

    static variable_list backward(AutogradContext *context, variable_list gradients)
    {
        const auto saved = context->get_saved_variables();
        const torch::Tensor &x = saved[0], &out = saved[1], &weight = saved[2], &mean = saved[3], &invStd = saved[4];
        const torch::Tensor &scale = saved[5], &shift = saved[6];
        const ChannelBatch b = channelBatchOf(x);
        const torch::Tensor outGradient = gradients[0].contiguous();
        torch::Tensor inputGradient = context->needs_input_grad(0) ? torch::empty_like(x) : torch::Tensor();
        const bool residual = context->saved_data["residual"].toBool() && context->needs_input_grad(1);
        torch::Tensor residualGradient = residual ? torch::empty_like(x) : torch::Tensor();
        torch::Tensor weightGradient = torch::empty_like(weight), biasGradient = torch::empty_like(weight);
        NormalisedChannels channels;
        channels.input = x.data_ptr<float>();
        channels.output = out.defined() ? out.data_ptr<float>() : nullptr;
        channels.scale = scale.data_ptr<float>();
        channels.shift = shift.data_ptr<float>();
        channels.pool = context->saved_data["pool"].toInt();
        channels.mean = mean.data_ptr<double>();
        channels.invStd = invStd.data_ptr<double>();
        channels.gamma = weight.data_ptr<float>();
        channels.relu = context->saved_data["relu"].toBool();
        channels.batchStatistics = context->saved_data["training"].toBool();
        at::parallel_for(0, b.channels, 1, [&](std::int64_t begin, std::int64_t end) {
            normaliseChannelsBackward(channels, outGradient.data_ptr<float>(), b, {begin, end},
                                      inputGradient.defined() ? inputGradient.data_ptr<float>() : nullptr,
                                      residual ? residualGradient.data_ptr<float>() : nullptr,
                                      weightGradient.data_ptr<float>(), biasGradient.data_ptr<float>());
        });
        return {inputGradient,   residualGradient, weightGradient,  biasGradient,    torch::Tensor(), torch::Tensor(),
                torch::Tensor(), torch::Tensor(),  torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

/// Whether a call records a graph (training); otherwise the kernels run without saving anything for backward.
bool recordsGradient(const torch::Tensor &x, const torch::Tensor &weight)
{
    return torch::GradMode::is_enabled() && (x.requires_grad() || weight.requires_grad());
}

bool isFloatBatch(const torch::Tensor &x, std::int64_t rank)
{
    return x.dim() == rank && x.scalar_type() == torch::kFloat && x.device().is_cpu();
}

}  // namespace

torch::Tensor StridedAvgPool1dImpl::forward(const torch::Tensor &x)
{
    // like AvgPool1d, a partial last window is dropped
    if (isFloatBatch(x, 3))
        return AvgPoolFunction::apply(x.contiguous(), m_kernel, false);
    const std::int64_t windows = x.size(-1) / m_kernel;
    return x.narrow(-1, 0, windows * m_kernel).reshape({x.size(0), x.size(1), windows, m_kernel}).mean(-1);
}

FastConv1dImpl::FastConv1dImpl(std::int64_t inChannels, std::int64_t outChannels, std::int64_t kernel,
                               std::int64_t stride, std::int64_t padding, bool bias, std::int64_t pool)
{
    // Initialise through a real Conv1d so that the same seed gives the same weights as the standard build.
    torch::nn::Conv1d reference(
        torch::nn::Conv1dOptions(inChannels, outChannels, kernel).stride(stride).padding(padding).bias(bias));
    m_weight = register_parameter("weight", reference->weight);
    if (bias)
        m_bias = register_parameter("bias", reference->bias);
    m_geometry.inChannels = inChannels;
    m_geometry.outChannels = outChannels;
    m_geometry.kernel = kernel;
    m_geometry.stride = stride;
    m_geometry.padding = padding;
    m_geometry.pool = pool;
}

torch::Tensor FastConv1dImpl::forward(const torch::Tensor &x)
{
    TORCH_CHECK(isFloatBatch(x, 3) && x.size(1) == m_geometry.inChannels, "FastConv1d expects a float [batch, ",
                m_geometry.inChannels, ", length] input, got ", x.sizes());
    const torch::Tensor input = x.contiguous();
    if (recordsGradient(input, m_weight))
        return ConvFunction::apply(input, m_weight, biasArgument(m_bias), m_geometry.stride, m_geometry.padding,
                                   m_geometry.pool);
    torch::NoGradGuard noGrad;
    return convForward(geometryOf(input, m_weight, m_geometry.stride, m_geometry.padding, m_geometry.pool), input,
                       m_weight, m_bias, torch::Tensor());
}

torch::Tensor ReluAvgPool1dImpl::forward(const torch::Tensor &x)
{
    TORCH_CHECK(isFloatBatch(x, 3), "ReluAvgPool1d expects a float [batch, channels, length] input, got ", x.sizes());
    return AvgPoolFunction::apply(x.contiguous(), m_pool, true);
}

FastLinearImpl::FastLinearImpl(std::int64_t inFeatures, std::int64_t outFeatures, bool bias)
{
    torch::nn::Linear reference(torch::nn::LinearOptions(inFeatures, outFeatures).bias(bias));
    m_weight = register_parameter("weight", reference->weight);
    if (bias)
        m_bias = register_parameter("bias", reference->bias);
}

torch::Tensor FastLinearImpl::forward(const torch::Tensor &x)
{
    if (!isFloatBatch(x, 2))
        return torch::linear(x, m_weight, m_bias);
    const torch::Tensor input = x.contiguous();
    if (recordsGradient(input, m_weight))
        return LinearFunction::apply(input, m_weight, biasArgument(m_bias));
    torch::NoGradGuard noGrad;
    return linearForward(input, m_weight, m_bias);
}

FastBatchNorm1dImpl::FastBatchNorm1dImpl(std::int64_t features, bool relu, std::int64_t pool, double eps)
    : m_relu(relu || pool > 0), m_pool(pool)
{
    torch::nn::BatchNorm1d reference(torch::nn::BatchNormOptions(features).eps(eps));
    m_momentum = reference->options.momentum().value();
    m_eps = reference->options.eps();
    m_weight = register_parameter("weight", reference->weight);
    m_bias = register_parameter("bias", reference->bias);
    m_runningMean = register_buffer("running_mean", reference->running_mean);
    m_runningVar = register_buffer("running_var", reference->running_var);
    m_batchesTracked = register_buffer("num_batches_tracked", reference->num_batches_tracked);
}

torch::Tensor FastBatchNorm1dImpl::forward(const torch::Tensor &x, const torch::Tensor &residual)
{
    const bool fits = (isFloatBatch(x, 2) || isFloatBatch(x, 3)) && x.size(1) == m_weight.size(0)
                      && (!residual.defined() || residual.sizes() == x.sizes())
                      && (!m_pool || (isFloatBatch(x, 3) && !residual.defined()));
    // One value per channel in training is an error; the standard path reports it as PyTorch does.
    if (!fits || (is_training() && channelBatchOf(x).valuesPerChannel() < 2))
        return standardForward(x, residual);
    if (is_training()) {
        torch::NoGradGuard noGrad;
        m_batchesTracked += 1;
    }
    return BatchNormFunction::apply(x.contiguous(), residual.defined() ? residual.contiguous() : torch::empty({0}),
                                    m_weight, m_bias, m_runningMean, m_runningVar, is_training(), m_relu, m_pool,
                                    m_momentum, m_eps);
}

torch::Tensor FastBatchNorm1dImpl::standardForward(const torch::Tensor &x, const torch::Tensor &residual)
{
    namespace F = torch::nn::functional;
    torch::Tensor y = F::batch_norm(x, m_runningMean, m_runningVar,
                                    F::BatchNormFuncOptions().weight(m_weight).bias(m_bias).training(is_training())
                                        .momentum(m_momentum).eps(m_eps));
    if (residual.defined())
        y = y + residual;
    if (m_relu)
        y = torch::relu(y);
    return m_pool ? torch::avg_pool1d(y, m_pool, m_pool) : y;
}

bool isStridedAvgPool1d(const LayerSpec &layer)
{
    return layer.kind == LayerKind::AvgPool && layer.dims == 1 && layer.stride[0] == layer.kernel[0]
           && layer.padding[0] == 0 && layer.endPadding()[0] == 0 && !layer.ceilMode;
}

bool isFastConv1d(const LayerSpec &layer)
{
    return layer.kind == LayerKind::Conv && layer.dims == 1 && layer.dilation[0] == 1 && layer.groups == 1
           && !layer.hasAsymmetricPadding();
}

bool isBatchNorm1d(const LayerSpec &layer) { return layer.kind == LayerKind::BatchNorm && layer.dims == 1; }

bool isRelu(const LayerSpec &layer)
{
    return layer.kind == LayerKind::Activation && layer.activation == ActivationFunction::ReLU;
}

}  // namespace convscope
