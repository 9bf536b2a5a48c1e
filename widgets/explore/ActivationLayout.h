#pragma once

#include "explore/ActivationSnapshot.h"

#include <QRect>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace convscope {

/** One value the activation view shows: a cell of a layer's map, a dense unit, or one of the ten outputs. */
struct ActivationCell {
    int entry = -1;              ///< activation entry: 0 the input, i + 1 the output of network layer i
    std::int64_t channel = 0;    ///< a map's channel, a dense layer's unit, an output's digit
    std::int64_t position = 0;   ///< a map's position along time (0 for dense layers and the outputs)
    bool operator==(const ActivationCell &other) const
    {
        return entry == other.entry && channel == other.channel && position == other.position;
    }
    bool operator!=(const ActivationCell &other) const { return !(*this == other); }
};

/** One row of the activation view: what it draws and where. */
struct ActivationRow {
    enum class Kind { Waveform, Mfcc, Map, Dense, Outputs };
    Kind kind = Kind::Map;
    int entry = -1;               ///< the activation entry drawn (Map, Dense, Outputs); -1 for the input rows
    QString title;                ///< "2 · Conv1d 80" (the network layer's number from 1 and its label)
    QString detail;               ///< "16 × 1481"
    QRect labelArea, area;        ///< the label column's part and where the values are drawn
    std::int64_t channels = 1;    ///< rows of cells (Map), units (Dense), 10 (Outputs)
    std::int64_t length = 1;      ///< cells along time (Map), 1 otherwise
    /// Map rows: the window samples where the first cell starts and the last cell ends; the cells are evenly spaced
    /// between (each cell is centred on its receptive field, so every map is aligned in time with the input).
    double firstSample = 0.0, lastSample = 0.0;
};

/**
 * Where the activation view draws what, for one snapshot and width, with no painting: the waveform and MFCC rows,
 * one heat-map row per layer before Flatten (channels × time), a row of bars per dense layer, and the ten outputs.
 * Every row's x axis is the window's time in samples, so a unit sits above the part of the input it hears.
 * Answers which cell is under a point and where a cell is. A value; GUI thread (it uses QString and QRect).
 */
class ActivationLayout {
public:
    static constexpr int kLabelWidth = 170;
    static constexpr int kMargin = 6;

    ActivationLayout() = default;
    ActivationLayout(const ActivationSnapshot &snapshot, int width);

    const std::vector<ActivationRow> &rows() const { return m_rows; }
    int height() const { return m_height; }
    /// The x pixel of window sample `sample` (0 at the plot's left edge, the window's end at its right).
    double xOfSample(double sample) const;
    /// The cell under `point`, or nullopt (label column, input rows, gaps).
    std::optional<ActivationCell> cellAt(QPoint point) const;
    /// The pixels a cell covers (empty for a cell that is not shown).
    QRect cellRect(const ActivationCell &cell) const;
    /// The row drawing `entry`, or nullptr.
    const ActivationRow *rowOf(int entry) const;
    /// The row of `kind` (the first one), or nullptr.
    const ActivationRow *rowOf(ActivationRow::Kind kind) const;

private:
    void addRow(ActivationRow row, int height);
    int plotWidth() const;

    std::vector<ActivationRow> m_rows;
    int m_width = 0, m_height = 0;
    double m_windowSamples = 1.0;
};

/// Whether the view draws network layer `layer` at all: Dropout (the identity in evaluation) and Flatten (the
/// previous map, reshaped) are left out.
bool showsLayer(const NetworkSpec &network, std::size_t layer);

}  // namespace convscope

Q_DECLARE_METATYPE(convscope::ActivationCell)
