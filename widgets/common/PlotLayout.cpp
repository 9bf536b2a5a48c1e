#include "common/PlotLayout.h"

#include "common/QCustomPlotShim.h"

#include <QFontMetrics>

#include <algorithm>

namespace convscope {

const char *const PlotLayout::kReadableProperty = "convscope_keepValueAxisReadable";

void PlotLayout::keepValueAxisReadable(QCustomPlot *plot)
{
    plot->setProperty(kReadableProperty, true);  // measured again when the presentation scale changes its fonts
    const QFontMetrics label(plot->yAxis->labelFont()), ticks(plot->xAxis->tickLabelFont());
    const int axis = std::max(80, label.horizontalAdvance(plot->yAxis->label()) + 8);
    // Below the axis: the tick labels, the time axis's label and QCustomPlot's paddings around them.
    const int below = ticks.height() + QFontMetrics(plot->xAxis->labelFont()).height() + 24;
    plot->setMinimumHeight(axis + below + 8);  // and a little room above
    plot->axisRect()->setMinimumMargins(QMargins(ticks.horizontalAdvance("-0.000") + label.height() + 20, 0, 0, 0));
}

}  // namespace convscope
