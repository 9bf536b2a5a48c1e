#pragma once

// LibTorch header, private to model/train: how Trainer measures LayerStatistics.
#include "LayerStatistics.h"
#include "network/NetworkSpec.h"
#include "network/TorchNetworkBuilder.h"

#include <torch/torch.h>

#include <vector>

namespace convscope {

/**
 * Measures every layer's statistics (LayerStatistics) at a progress point, on the batch the point ends with: a row
 * for each top-level layer that has parameters or is an activation. Weights, gradients and the optimiser's update
 * come from the training network itself, whichever kernels it was built with. The fused kernels (Conv → ReLU →
 * AvgPool, BatchNorm → ReLU → AvgPool) never write the activations between their layers, so the activations come
 * from one more forward pass of the same batch through a copy of the network built with one module per layer
 * (KernelChoice::FastLayerwise: the same fast kernels, unfused) reading the network's own weights: in training mode (batch statistics, as the step saw them), with dropout passing
 * values unchanged so that the run draws no extra random numbers and trains exactly as without statistics. Made
 * for one network; used on the trainer's thread only.
 */
class LayerProbe {
public:
    /// `kernels`: what the copy's layers are built with (the trainer's fast kernels, or the standard modules).
    explicit LayerProbe(const NetworkSpec &spec, KernelChoice kernels = KernelChoice::FastLayerwise);

    /// After the batch's backward pass, before the optimiser step: weight and gradient norms of `net`, the
    /// activations of `batch`, and a copy of the weights to measure the step by.
    void beforeStep(const torch::nn::Sequential &net, const torch::Tensor &batch);
    /// After the optimiser step: each layer's update ratio. Returns the point's statistics.
    std::vector<LayerStatistics> afterStep(const torch::nn::Sequential &net);

    /// One pass over a layer's output ([batch, …]): with `own`, its mean, standard deviation (population) and
    /// histogram; with `relu`, the same of relu(output) and the dead fraction (units at or below zero for every
    /// example), so that a ReLU after a layer costs no pass of its own.
    static void measureOutput(const torch::Tensor &output, LayerStatistics *own, LayerStatistics *relu);

private:
    /// `net`'s parameters grouped by top-level layer (their names start with the layer's index).
    std::vector<std::vector<torch::Tensor>> parametersByLayer(const torch::nn::Sequential &net) const;
    /// The statistics of layer i's output (and of the ReLU after it, if there is one) into m_statistics, unless
    /// measured already or the layer has no row.
    void measureLayer(std::size_t i, const torch::Tensor &output, bool hasParameters);

    std::vector<LayerSpec> m_layers;
    torch::nn::Sequential m_layerwise{nullptr};        ///< one module per layer, parameters named as the network's
    std::vector<std::vector<torch::Tensor>> m_before;  ///< per layer, its parameters before the step (reused)
    std::vector<LayerStatistics> m_statistics;         ///< per layer; only those with a row are returned
};

}  // namespace convscope
