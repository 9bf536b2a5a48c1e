#pragma once

#include "network/LayerSpec.h"

#include <QString>

#include <optional>

class QMimeData;

namespace convscope {

/// The MIME type of a dragged layer: a JSON object {"row": n or -1 for the palette, "layer": {...}}.
inline const QString kLayerMimeType = QStringLiteral("application/x-convscope-layer");

/** A layer being dragged: the layer and the stack row it comes from (-1 when it comes from the palette). */
struct LayerDrag {
    LayerSpec layer;
    int sourceRow = -1;
};

/// Packs a layer for drag and drop (and the clipboard). The caller owns the result. GUI thread.
QMimeData *layerMimeData(const LayerDrag &drag);
/// Unpacks what layerMimeData() packed; nullopt for other or malformed data.
std::optional<LayerDrag> readLayerMime(const QMimeData *mime);

}  // namespace convscope
