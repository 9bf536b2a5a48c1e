#include "common/PaddingHatch.h"

#include "common/QCustomPlotShim.h"

#include <limits>

namespace convscope {

QBrush PaddingHatch::brush() { return QBrush(QColor(170, 170, 170), Qt::BDiagPattern); }

std::int64_t PaddingHatch::apply(QCPColorMap *map, const std::array<std::int64_t, 2> &sound)
{
    QCPColorMapData *data = map->data();
    std::int64_t padding = 0;
    for (int key = 0; key < data->keySize(); ++key) {
        if (key >= sound[0] && key <= sound[1])
            continue;
        ++padding;
        for (int value = 0; value < data->valueSize(); ++value)
            data->setCell(key, value, std::numeric_limits<double>::quiet_NaN());
    }
    QCPColorGradient gradient = map->gradient();
    gradient.setNanHandling(QCPColorGradient::nhTransparent);
    map->setGradient(gradient);
    map->keyAxis()->axisRect()->setBackground(padding > 0 ? brush() : QBrush());
    return padding;
}

}  // namespace convscope
