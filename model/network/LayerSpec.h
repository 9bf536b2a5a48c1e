#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace convscope {

/**
 * The kinds of layer a network may contain. Conv, the pools, ZeroPad and BatchNorm exist in 1-D and 2-D.
 * Activation is any element-wise function (see ActivationFunction). A Block holds parallel branches of layers
 * (the assignment's residual block is one: see AssignmentResidual).
 */
enum class LayerKind {
    Conv,
    AvgPool,
    MaxPool,
    AdaptiveAvgPool,
    AdaptiveMaxPool,
    ZeroPad,
    BatchNorm,
    Activation,
    Dropout,
    Flatten,
    Linear,
    Block
};

/// The element-wise functions of an Activation layer, with PyTorch's definitions.
enum class ActivationFunction { ReLU, ReLU6, LeakyReLU, GELU, Sigmoid, Tanh, Hardswish };

/// How a Block combines its branches: element-wise sum (ResNet) or concatenation along channels (Inception).
enum class BlockMerge { Add, Concat };

/// PyTorch's default batch-norm eps, which JSON files and generated code leave out.
inline constexpr double kBatchNormEps = 1e-5;

/** A value marking "infer this number from the previous layer's shape" (Linear in_features, BatchNorm num_features). */
inline constexpr std::int64_t kAuto = -1;

/**
 * One layer of a network, as a plain value: everything PyTorch needs to build it.
 * Spatial settings are per axis; 1-D layers use only the first entry of each pair.
 * Usable from any thread.
 */
struct LayerSpec {
    LayerKind kind = LayerKind::Conv;
    int dims = 2;  ///< 1 or 2 for Conv, pools, ZeroPad and BatchNorm; ignored by the others.

    // Conv
    std::int64_t inChannels = 1;
    std::int64_t outChannels = 1;
    bool bias = true;
    std::int64_t groups = 1;  ///< Conv: channel groups; depthwise when it equals inChannels
    // Conv and pools
    std::array<std::int64_t, 2> kernel{3, 3};
    std::array<std::int64_t, 2> stride{1, 1};
    /// Padding before the first element of each axis (left, or top); also after it unless paddingEnd says otherwise.
    std::array<std::int64_t, 2> padding{0, 0};
    /// Padding after the last element (right, or bottom); kAuto: the same as `padding`. Conv, pools and ZeroPad.
    std::array<std::int64_t, 2> paddingEnd{kAuto, kAuto};
    std::array<std::int64_t, 2> dilation{1, 1};
    bool ceilMode = false;  ///< AvgPool and MaxPool: PyTorch's ceil_mode
    // AdaptiveAvgPool and AdaptiveMaxPool
    std::array<std::int64_t, 2> outputSize{1, 1};
    // Activation
    ActivationFunction activation = ActivationFunction::ReLU;
    double negativeSlope = 0.01;  ///< LeakyReLU
    // BatchNorm
    std::int64_t numFeatures = kAuto;
    /// BatchNorm: added to the variance before its square root; PyTorch's default (torchvision's GoogLeNet: 0.001)
    double eps = kBatchNormEps;
    // Dropout
    double probability = 0.5;
    // Linear
    std::int64_t inFeatures = kAuto;
    std::int64_t outFeatures = 10;
    // Block: every branch runs on the block's input; an empty branch is the identity (a shortcut). The merged
    // result goes through `after` (at most one layer, such as the ReLU after a ResNet unit).
    std::vector<std::vector<LayerSpec>> branches;
    BlockMerge merge = BlockMerge::Add;
    std::vector<LayerSpec> after;

    bool operator==(const LayerSpec &other) const;
    bool operator!=(const LayerSpec &other) const { return !(*this == other); }

    /// Whether the kind has a 1-D and a 2-D variant.
    bool hasDims() const;
    /// Whether the kind has kernel/stride/padding/dilation.
    bool isSpatial() const;
    /// Whether the layer changes the spatial axes at all (spatial kinds, adaptive pools and ZeroPad).
    bool changesSpatialAxes() const;
    /// Whether the layer pads its input (Conv, AvgPool, MaxPool, ZeroPad).
    bool hasPadding() const;
    /// The padding after the last element of each axis, with kAuto resolved.
    std::array<std::int64_t, 2> endPadding() const;
    /// Whether the end padding differs from the start padding on an axis the layer uses.
    bool hasAsymmetricPadding() const;
    /// Whether this is an Activation layer computing `function`.
    bool isActivation(ActivationFunction function) const;
    /// The PyTorch-style type name used in JSON, e.g. "conv2d", "avgpool1d", "relu".
    std::string typeName() const;
    /// A short human label, e.g. "Conv2d 5x5", "AvgPool1d 2", "Linear 11872→128".
    std::string label() const;

    static LayerSpec conv(int dims, std::int64_t in, std::int64_t out, std::int64_t kernel,
                          std::int64_t stride = 1, std::int64_t padding = 0, std::int64_t dilation = 1);
    static LayerSpec pool(LayerKind kind, int dims, std::int64_t kernel, std::int64_t stride,
                          std::int64_t padding = 0);
    static LayerSpec batchNorm(int dims, std::int64_t features = kAuto);
    static LayerSpec relu();
    static LayerSpec activationLayer(ActivationFunction function);
    static LayerSpec adaptivePool(LayerKind kind, int dims, std::int64_t outputSize);
    static LayerSpec zeroPad(int dims, const std::array<std::int64_t, 2> &start, const std::array<std::int64_t, 2> &end);
    static LayerSpec dropout(double p);
    static LayerSpec flatten();
    static LayerSpec linear(std::int64_t in, std::int64_t out);
    static LayerSpec block(BlockMerge merge, std::vector<std::vector<LayerSpec>> branches,
                           std::vector<LayerSpec> after = {});
};

/// The JSON type name of an activation function: "relu", "relu6", "leakyrelu", "gelu", "sigmoid", "tanh"...
std::string activationTypeName(ActivationFunction function);
/// Parses a JSON type name into the layer's kind, dims and (for activations) function; false when it is unknown.
bool parseLayerTypeName(const std::string &name, LayerSpec &layer);
/// Every JSON type name the format accepts, for error messages and palettes.
std::vector<std::string> allLayerTypeNames();

}  // namespace convscope
