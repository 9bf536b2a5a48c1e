#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace convscope {

/** The kinds of layer a network may contain. Conv, pools, BatchNorm and Residual exist in 1-D and 2-D. */
enum class LayerKind { Conv, AvgPool, MaxPool, BatchNorm, ReLU, Dropout, Flatten, Linear, Residual };

/** A value marking "infer this number from the previous layer's shape" (Linear in_features, BatchNorm num_features). */
inline constexpr std::int64_t kAuto = -1;

/**
 * One layer of a network, as a plain value: everything PyTorch needs to build it.
 * Spatial settings are per axis; 1-D layers use only the first entry of each pair.
 * Usable from any thread.
 */
struct LayerSpec {
    LayerKind kind = LayerKind::Conv;
    int dims = 2;  ///< 1 or 2 for Conv, pools, BatchNorm and Residual; ignored by the others.

    // Conv and Residual
    std::int64_t inChannels = 1;
    std::int64_t outChannels = 1;
    bool bias = true;
    // Conv, pools and Residual (Residual uses only kernel)
    std::array<std::int64_t, 2> kernel{3, 3};
    std::array<std::int64_t, 2> stride{1, 1};
    std::array<std::int64_t, 2> padding{0, 0};
    std::array<std::int64_t, 2> dilation{1, 1};
    // BatchNorm
    std::int64_t numFeatures = kAuto;
    // Dropout
    double probability = 0.5;
    // Linear
    std::int64_t inFeatures = kAuto;
    std::int64_t outFeatures = 10;

    bool operator==(const LayerSpec &other) const;
    bool operator!=(const LayerSpec &other) const { return !(*this == other); }

    /// Whether the kind has a 1-D and a 2-D variant.
    bool hasDims() const;
    /// Whether the kind has kernel/stride/padding/dilation.
    bool isSpatial() const;
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
    static LayerSpec dropout(double p);
    static LayerSpec flatten();
    static LayerSpec linear(std::int64_t in, std::int64_t out);
    static LayerSpec residual(int dims, std::int64_t in, std::int64_t out, std::int64_t kernel);
};

/// The JSON type name of a kind in a dimension ("conv" + "2d"...), and its inverse.
std::string layerTypeName(LayerKind kind, int dims);
/// Parses a JSON type name; returns false when the name is unknown.
bool parseLayerTypeName(const std::string &name, LayerKind &kind, int &dims);
/// Every JSON type name the format accepts, for error messages and palettes.
std::vector<std::string> allLayerTypeNames();

}  // namespace convscope
