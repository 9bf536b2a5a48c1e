#pragma once

#include "network/LayerSpec.h"

#include <QColor>
#include <QIcon>

namespace convscope {

/// The colour of a layer family (convolutions blue, pooling green...), shared by icons and the stack rows.
QColor layerColor(LayerKind kind);
/// A small drawn icon for a layer kind in 1-D or 2-D, sharp on high-DPI screens. GUI thread.
QIcon layerIcon(LayerKind kind, int dims);

}  // namespace convscope
