#include "DirectStep.h"

#include "compute/SgdLoops.h"
#include "network/FastKernels.h"

#include <optional>

namespace convscope {

namespace {

/// The index in `parameters` of `module`'s own parameter `name`, or -1 when it has none.
int parameterIndex(const torch::nn::Module &module, const char *name, const std::vector<torch::Tensor> &parameters)
{
    const auto own = module.named_parameters(false);
    const torch::Tensor *parameter = own.find(name);
    for (std::size_t i = 0; parameter && i < parameters.size(); ++i)
        if (parameters[i].unsafeGetTensorImpl() == parameter->unsafeGetTensorImpl())
            return static_cast<int>(i);
    return -1;
}

/// The shape of the values between two layers, per example: [channels, length], or [features] once flat.
struct ExampleShape {
    std::int64_t channels = 0, length = 0, features = 0;
    bool flat = false;
};

/// StackPass's layer for one module of the network, updating `shape`; nothing when StackPass cannot compute the
/// module, or it does not fit the shape it receives.
std::optional<StackLayer> stackLayerOf(const std::shared_ptr<torch::nn::Module> &module, ExampleShape &shape,
                                       const std::vector<torch::Tensor> &parameters)
{
    StackLayer layer;
    layer.weight = parameterIndex(*module, "weight", parameters);
    layer.bias = parameterIndex(*module, "bias", parameters);
    if (const auto conv = std::dynamic_pointer_cast<FastConv1dImpl>(module)) {
        layer.kind = StackLayer::Kind::Conv;
        layer.conv = conv->geometry();
        layer.conv.length = shape.length;
        if (shape.flat || layer.conv.inChannels != shape.channels || layer.conv.outputLength() < 1)
            return std::nullopt;
        shape.channels = layer.conv.outChannels;
        shape.length = layer.conv.outputLength();
        return layer;
    }
    if (std::dynamic_pointer_cast<torch::nn::ReLUImpl>(module)) {
        layer.kind = StackLayer::Kind::Relu;
        layer.features = shape.flat ? shape.features : shape.channels * shape.length;
        return layer;
    }
    if (const auto linear = std::dynamic_pointer_cast<FastLinearImpl>(module)) {
        const torch::Tensor &weight = parameters[static_cast<std::size_t>(layer.weight)];
        layer.kind = StackLayer::Kind::Linear;
        layer.outFeatures = weight.size(0);
        layer.inFeatures = weight.size(1);
        if (!shape.flat || layer.inFeatures != shape.features)
            return std::nullopt;  // FastLinear on a [channels, length] input works on the last axis
        shape.features = layer.outFeatures;
        return layer;
    }
    return std::nullopt;
}

/// The StackPass layers of `net`, or nothing when it holds a module StackPass does not compute.
std::optional<std::vector<StackLayer>> stackLayersOf(const torch::nn::Sequential &net, const Shape &inputShape,
                                                     const std::vector<torch::Tensor> &parameters)
{
    if (inputShape.size() != 2)
        return std::nullopt;  // [channels, length]: StackPass's layers are 1-D
    ExampleShape shape;
    shape.channels = inputShape[0];
    shape.length = inputShape[1];
    std::vector<StackLayer> layers;
    for (const torch::nn::AnyModule &any : *net) {
        const std::shared_ptr<torch::nn::Module> module = any.ptr();
        if (std::dynamic_pointer_cast<torch::nn::IdentityImpl>(module))
            continue;  // the placeholders for the layers a fused module computes
        if (const auto flatten = std::dynamic_pointer_cast<torch::nn::FlattenImpl>(module)) {
            if (flatten->options.start_dim() != 1 || flatten->options.end_dim() != -1)
                return std::nullopt;
            if (!shape.flat)
                shape.features = shape.channels * shape.length;
            shape.flat = true;
            continue;
        }
        const std::optional<StackLayer> layer = stackLayerOf(module, shape, parameters);
        if (!layer)
            return std::nullopt;
        layers.push_back(*layer);
    }
    if (layers.empty() || layers.back().kind != StackLayer::Kind::Linear)
        return std::nullopt;  // the loss reads [batch, classes] logits
    std::size_t written = 0;  // StackPass writes only the gradients of its layers' own weights and biases
    for (const StackLayer &layer : layers) {
        if (layer.kind != StackLayer::Kind::Relu && layer.weight < 0)
            return std::nullopt;
        written += (layer.weight >= 0) + (layer.bias >= 0);
    }
    if (written != parameters.size())
        return std::nullopt;
    return layers;
}

}  // namespace

std::unique_ptr<DirectStep> DirectStep::of(const torch::nn::Sequential &net, const Shape &inputShape, int parts)
{
    std::vector<torch::Tensor> parameters = net->parameters();
    std::optional<std::vector<StackLayer>> layers = stackLayersOf(net, inputShape, parameters);
    if (!layers)
        return nullptr;
    return std::unique_ptr<DirectStep>(new DirectStep(std::move(*layers), std::move(parameters), parts));
}

namespace {

std::vector<std::int64_t> sizesOf(const std::vector<torch::Tensor> &parameters)
{
    std::vector<std::int64_t> sizes;
    for (const torch::Tensor &parameter : parameters)
        sizes.push_back(parameter.numel());
    return sizes;
}

}  // namespace

DirectStep::DirectStep(std::vector<StackLayer> layers, std::vector<torch::Tensor> parameters, int parts)
    : m_parameters(std::move(parameters)), m_parameterValues(m_parameters.size()),
      m_pass(std::move(layers), sizesOf(m_parameters), parts)
{
    m_gradient = torch::zeros({m_pass.parameterCount()});
    for (std::size_t i = 0; i < m_parameters.size(); ++i)
        m_gradientViews.push_back(m_gradient.narrow(0, m_pass.parameterOffset(static_cast<int>(i)), m_parameters[i].numel())
                                      .view(m_parameters[i].sizes()));
    linkGradients();
}

StackPass::Result DirectStep::run(const torch::Tensor &batch, const torch::Tensor &labels, double labelSmoothing,
                                  const PartRunner &runParts)
{
    const std::int64_t count = batch.dim() > 0 ? batch.size(0) : 0;
    TORCH_CHECK(count > 0 && batch.scalar_type() == torch::kFloat && batch.is_contiguous()
                    && batch.numel() == count * m_pass.inputSize() && labels.scalar_type() == torch::kLong
                    && labels.is_contiguous() && labels.numel() == count,
                "DirectStep expects contiguous float examples of ", m_pass.inputSize(),
                " values and as many int64 labels, got ", batch.sizes(), " and ", labels.sizes());
    for (std::size_t i = 0; i < m_parameters.size(); ++i)  // read every step: a parameter may get new storage
        m_parameterValues[i] = m_parameters[i].data_ptr<float>();
    m_pass.begin(batch.data_ptr<float>(), labels.data_ptr<std::int64_t>(), count, labelSmoothing, m_parameterValues,
                 m_gradient.data_ptr<float>());
    for (std::size_t stage = 0; stage < m_pass.stageCount(); ++stage)
        runParts([&](int part, int parts) {
            TORCH_CHECK(parts == m_pass.parts(), "DirectStep was made for ", m_pass.parts(), " parts, run on ", parts);
            m_pass.runStage(stage, part);
        });
    linkGradients();
    return m_pass.result();
}

void DirectStep::linkGradients()
{
    for (std::size_t i = 0; i < m_parameters.size(); ++i)
        if (!m_parameters[i].grad().is_same(m_gradientViews[i]))
            m_parameters[i].mutable_grad() = m_gradientViews[i];
}

bool sgdStepInParts(torch::optim::Optimizer &optimizer, const DirectStep::PartRunner &runParts)
{
    auto *sgd = dynamic_cast<torch::optim::SGD *>(&optimizer);
    if (!sgd || sgd->param_groups().size() != 1)
        return false;
    const auto &options = static_cast<const torch::optim::SGDOptions &>(sgd->param_groups().front().options());
    const SgdSettings settings{static_cast<float>(options.lr()), static_cast<float>(options.momentum()),
                               static_cast<float>(options.dampening()), static_cast<float>(options.weight_decay()),
                               options.nesterov()};
    std::vector<SgdValues> values;
    for (torch::Tensor &parameter : sgd->param_groups().front().params()) {
        const torch::Tensor &gradient = parameter.grad();
        if (!gradient.defined() || !gradient.is_contiguous() || !parameter.is_contiguous())
            return false;
        float *buffer = nullptr;
        if (settings.momentum != 0.0f) {
            const auto state = sgd->state().find(c10::guts::to_string(parameter.unsafeGetTensorImpl()));
            if (state == sgd->state().end())
                return false;
            const torch::Tensor &momentum = static_cast<torch::optim::SGDParamState &>(*state->second).momentum_buffer();
            if (!momentum.is_contiguous() || momentum.numel() != parameter.numel())
                return false;
            buffer = momentum.data_ptr<float>();
        }
        values.push_back({parameter.data_ptr<float>(), gradient.data_ptr<float>(), buffer, parameter.numel()});
    }
    runParts([&](int part, int parts) { sgdUpdatePart(settings, values, part, parts); });
    return true;
}

}  // namespace convscope
