#pragma once

#include <QRect>
#include <QSize>

#include <vector>

namespace convscope {

/**
 * Where a FeatureMapGrid draws its panels in a given area: panels in the number of columns that makes the
 * maps largest, square cells of a whole number of pixels, and how often to label rows and columns.
 * A value computed by a pure function; any thread.
 */
struct MapGridLayout {
    struct Panel {
        QRect title;
        QRect grid;          ///< exactly cell × (width, height) pixels
        int cell = 1;        ///< side of one map cell in pixels
        int labelStep = 1;   ///< label every labelStep-th row and column (0: no labels)
        int lineStep = 1;    ///< draw every lineStep-th grid line
    };
    std::vector<Panel> panels;
    QRect colorBar;  ///< empty when there is none

    /// `mapSizes` are (width, height) in cells.
    static MapGridLayout compute(const QRect &area, const std::vector<QSize> &mapSizes, bool withColorBar,
                                 int titleHeight, int labelSpace);
};

}  // namespace convscope
