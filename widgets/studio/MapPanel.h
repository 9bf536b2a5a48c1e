#pragma once

#include "common/ColorMap.h"
#include "receptive/GradientReceptiveField.h"

#include <QRect>
#include <QString>

#include <optional>

namespace convscope {

/** One map to show in a FeatureMapGrid: a titled channel of a feature map, with optional marks. A value. */
struct MapPanel {
    QString title;
    QString shortTitle;  ///< shown when `title` does not fit even on two lines ("layer 10"); empty: none
    FeatureMap map;
    std::int64_t channel = 0;
    std::optional<QPoint> marked;  ///< a cell to ring (x = column, y = row), e.g. the chosen output pixel
    std::optional<QRect> outline;  ///< cells to outline (x = column, y = row); may extend past the map
};

/** How values become colours in a FeatureMapGrid. A value. */
struct MapScale {
    bool continuous = false;     ///< false: non-zero cells are filled, zero cells empty (the assignment's binary plot)
    ColorMap colorMap;
    bool shared = false;         ///< true: every panel uses [minimum, maximum]; false: each panel [0, its maximum]
    float minimum = 0.0f;
    float maximum = 1.0f;
};

}  // namespace convscope
