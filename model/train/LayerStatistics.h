#pragma once

#include <QJsonArray>
#include <QString>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace convscope {

struct LayerSpec;
struct NetworkSpec;

/**
 * What one layer of a training network looked like at one progress point (TrainingConfig::layerStatistics): a few
 * numbers and a fixed-size histogram, measured on the trainer's thread from the batch the point ends with
 * (train/LayerProbe) and sent across threads inside TrainingProgress. NaN marks a statistic that does not apply
 * (no parameters, no ReLU). A plain value; any thread.
 */
struct LayerStatistics {
    /// Histogram bins, by sign and octave of magnitude: bin 16 + e holds the values ≥ 0 whose magnitude has octave
    /// e, bin 15 − e the negative ones, where e = floor(log2 |value|) + 8 clamped to 0…15: bins 16 and 15 hold
    /// |value| < 2⁻⁷ (zero in 16), bins 31 and 0 hold |value| ≥ 2⁷ = 128, every bin between one octave. So the
    /// counts add up to the number of values, activations of any scale show, and a bin is read off a float's exponent
    /// bits (a value costs about a nanosecond, beside the step's work on it).
    static constexpr int kHistogramBins = 32;
    static constexpr int kSmallestOctave = -7;  ///< log2 of the smallest magnitude with an octave bin of its own

    int layer = 0;      ///< index of the network's top-level layer (NetworkSpec::layers)
    QString name;       ///< "1 conv1d": the layer's position (1-based) and type
    bool weighted = false;  ///< a convolution, Linear or block: the layers runs are aligned by
    double weightNorm = std::numeric_limits<double>::quiet_NaN();   ///< ‖all the layer's parameters‖₂
    double gradNorm = std::numeric_limits<double>::quiet_NaN();     ///< ‖their gradient of the batch's mean loss‖₂
    double updateRatio = std::numeric_limits<double>::quiet_NaN();  ///< ‖the optimiser step's change‖₂ / ‖weights‖₂
    double activationMean = std::numeric_limits<double>::quiet_NaN();  ///< of the layer's output over the batch
    double activationStd = std::numeric_limits<double>::quiet_NaN();   ///< population standard deviation
    /// The fraction of the ReLU's output units (channel × position) that are zero for every example of the batch;
    /// NaN unless the layer ends in a ReLU.
    double deadFraction = std::numeric_limits<double>::quiet_NaN();
    std::vector<std::int64_t> histogram;  ///< kHistogramBins counts of the output's values (empty: no output)

    bool operator==(const LayerStatistics &other) const;
};

/// The bin of `value` in LayerStatistics' histogram, from its sign and exponent bits (inline: called per value).
inline int histogramBin(float value)
{
    std::uint32_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    const int exponent = static_cast<int>((bits >> 23) & 0xffu) - 127;  // floor(log2 |value|) for normal floats
    const int octave = std::clamp(exponent - LayerStatistics::kSmallestOctave + 1, 0, 15);
    return (bits >> 31) != 0u && (bits & 0x7fffffffu) != 0u ? 15 - octave : 16 + octave;
}
/// The magnitude where `bin` starts, signed as its values: 0 for bins 15 and 16, ±2^(e − 8) for the others.
double histogramBinStart(int bin);

/// The type a statistics row names a layer by: its JSON type name ("conv1d", "relu"), the assignment's residual
/// block by its shorthand ("residual1d").
QString layerStatisticsType(const LayerSpec &layer);
/// The index in `network.layers` of the layer that a statistics row describes: the row's `layer`, when `network` has
/// that layer and it is of the type the row's name gives ("3 relu": a ReLU); nullopt when the row came from another
/// network. How the Layers page opens a row in the studio and in Inside the network.
std::optional<std::size_t> networkLayerOf(const LayerStatistics &row, const NetworkSpec &network);

/// A layers array of progress JSON: `name`, `weight_norm`, `grad_norm`, `update_ratio`, `activation_mean`,
/// `activation_std`, `dead_fraction` (null where not applicable), `layer`, `weighted` and `histogram`.
QJsonArray layerStatisticsToJson(const std::vector<LayerStatistics> &layers);
/// Reads what layerStatisticsToJson() wrote; an entry without a name is skipped, nulls become NaN.
std::vector<LayerStatistics> layerStatisticsFromJson(const QJsonArray &array);

}  // namespace convscope
