#include "studio/LayerMime.h"

#include "network/NetworkJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>

namespace convscope {

QMimeData *layerMimeData(const LayerDrag &drag)
{
    NetworkSpec holder;
    holder.layers = {drag.layer};
    const QJsonObject object{{"row", drag.sourceRow}, {"layer", networkToJson(holder).value("layers").toArray().at(0)}};
    auto *mime = new QMimeData;
    mime->setData(kLayerMimeType, QJsonDocument(object).toJson(QJsonDocument::Compact));
    mime->setText(QString::fromStdString(drag.layer.label()));
    return mime;
}

std::optional<LayerDrag> readLayerMime(const QMimeData *mime)
{
    if (!mime || !mime->hasFormat(kLayerMimeType))
        return std::nullopt;
    const QJsonObject object = QJsonDocument::fromJson(mime->data(kLayerMimeType)).object();
    // The layer is read by the network parser, so it is checked exactly like a layer of a file.
    const NetworkParseResult parsed = parseNetworkJson(
        QJsonObject{{"input", QJsonArray{1, 15, 15}}, {"layers", QJsonArray{object.value("layer")}}});
    if (!parsed.spec || parsed.spec->layers.size() != 1)
        return std::nullopt;
    return LayerDrag{parsed.spec->layers.front(), object.value("row").toInt(-1)};
}

}  // namespace convscope
