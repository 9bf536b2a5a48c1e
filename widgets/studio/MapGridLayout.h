#pragma once

#include <QRect>
#include <QSize>

#include <vector>

namespace convscope {

/**
 * Where a FeatureMapGrid draws its panels in a given area: panels in the number of columns that makes the
 * maps largest, square cells (a whole number of pixels from 4 pixels up, so that small maps stay crisp; fractional
 * below, so that large maps still fill their panel), and how often to label rows and columns.
 * A value computed by a pure function; any thread.
 */
struct MapGridLayout {
    struct Panel {
        QRect title;
        QRect grid;          ///< the cells, edge(width) × edge(height) pixels
        double cell = 1;     ///< side of one map cell in pixels
        int labelStep = 1;   ///< label every labelStep-th row and column (0: no labels)
        int lineStep = 1;    ///< draw every lineStep-th grid line

        /// The pixel offset (from the grid's corner) of the boundary before cell `index`.
        int edge(int index) const { return static_cast<int>(index * cell + 0.5); }
        /// The cell containing pixel offset `offset`.
        int cellAt(int offset) const { return static_cast<int>(offset / cell); }
    };
    std::vector<Panel> panels;
    QRect colorBar;  ///< empty when there is none

    /// `mapSizes` are (width, height) in cells.
    static MapGridLayout compute(const QRect &area, const std::vector<QSize> &mapSizes, bool withColorBar,
                                 int titleHeight, int labelSpace);
};

}  // namespace convscope
