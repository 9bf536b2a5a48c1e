#pragma once

#include "network/LayerSpec.h"

#include <QAbstractListModel>

namespace convscope {

class NetworkDocument;

/**
 * The layers of the NetworkDocument's scope (its layers, or an opened block's branch) as a list: label, icon,
 * output shape, parameter count and multiply-accumulates (their formulas as tooltips) and validation message per row. Accepts application/x-convscope-layer drops (a new layer from
 * the palette, or a row moved within the stack); every drop is one undoable edit. GUI thread only.
 */
class LayerStackModel : public QAbstractListModel {
    Q_OBJECT
public:
    /// MacsRole: "118.0 M MACs" for convolutions and linear layers, empty for the others; the formulas of the
    /// parameters and of the MACs are in FormulaRole and MacsFormulaRole.
    enum Role { OutputShapeRole = Qt::UserRole + 1, ParametersRole, FormulaRole, IssueRole, MacsRole, MacsFormulaRole };

    explicit LayerStackModel(NetworkDocument *document, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;
    Qt::DropActions supportedDropActions() const override;
    Qt::DropActions supportedDragActions() const override;

private:
    void documentChanged();
    /// Sets a new layer's convolutions (a block's too) to `channels` in and out.
    static void keepChannels(LayerSpec &layer, std::int64_t channels);
    /// The channels that reach row `row` (the input of that layer), or 0 when unknown.
    std::int64_t channelsBefore(int row) const;

    NetworkDocument *m_document;
    int m_rowCount = 0;
    bool m_scopeChanged = false;  ///< the next change shows another stack: reset, do not just refresh
};

}  // namespace convscope
