#pragma once

#include "network/LayerSpec.h"

#include <QAbstractListModel>

#include <vector>

namespace convscope {

/**
 * The layer kinds a network can use (2-D, then 1-D, then the dimensionless ones), each with a sensible
 * default layer, a name, an icon and a tooltip. Items drag out as application/x-convscope-layer. GUI thread only.
 */
class LayerPaletteModel : public QAbstractListModel {
    Q_OBJECT
public:
    explicit LayerPaletteModel(QObject *parent = nullptr);

    const LayerSpec &layerAt(int row) const { return m_entries.at(static_cast<std::size_t>(row)).layer; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override;

private:
    struct Entry {
        LayerSpec layer;
        QString name;
        QString tip;
    };
    std::vector<Entry> m_entries;
};

}  // namespace convscope
