#include "studio/LayerPaletteModel.h"

#include "studio/LayerIcon.h"
#include "studio/LayerMime.h"

namespace convscope {

LayerPaletteModel::LayerPaletteModel(QObject *parent) : QAbstractListModel(parent)
{
    for (const int dims : {2, 1}) {
        const QString d = QString::number(dims) + "d";
        m_entries.push_back({LayerSpec::conv(dims, 1, 1, 3), "Conv" + d,
                             tr("Convolution: every output sees a kernel-sized window of every input channel.")});
        m_entries.push_back({LayerSpec::pool(LayerKind::AvgPool, dims, 2, 2), "AvgPool" + d,
                             tr("Average pooling: the mean of each window; doubles the jump with stride 2.")});
        m_entries.push_back({LayerSpec::pool(LayerKind::MaxPool, dims, 2, 2), "MaxPool" + d,
                             tr("Max pooling: the largest value of each window.")});
        m_entries.push_back({LayerSpec::batchNorm(dims), "BatchNorm" + d,
                             tr("Batch normalisation per channel; keeps the shape.")});
        m_entries.push_back({LayerSpec::residual(dims, 1, 1, 3), "Residual" + d,
                             tr("The assignment's residual block: two convolutions with batch-norm and a shortcut.")});
    }
    m_entries.push_back({LayerSpec::relu(), "ReLU", tr("max(0, x), element-wise; keeps the shape.")});
    m_entries.push_back({LayerSpec::dropout(0.5), "Dropout", tr("Zeroes random elements while training.")});
    m_entries.push_back({LayerSpec::flatten(), "Flatten", tr("Turns C×H×W into one long vector.")});
    m_entries.push_back({LayerSpec::linear(kAuto, 10), "Linear", tr("Fully connected layer; input size is inferred.")});
}

int LayerPaletteModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

QVariant LayerPaletteModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Entry &entry = m_entries[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return entry.name;
    case Qt::DecorationRole:
        return layerIcon(entry.layer.kind, entry.layer.dims);
    case Qt::ToolTipRole:
        return entry.tip + "\n" + tr("Drag into the stack, or double-click to insert after the selected layer.");
    default:
        return {};
    }
}

Qt::ItemFlags LayerPaletteModel::flags(const QModelIndex &index) const
{
    return QAbstractListModel::flags(index) | Qt::ItemIsDragEnabled;
}

QStringList LayerPaletteModel::mimeTypes() const { return {kLayerMimeType}; }

QMimeData *LayerPaletteModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.isEmpty() || !indexes.front().isValid())
        return nullptr;
    return layerMimeData({layerAt(indexes.front().row()), -1});
}

Qt::DropActions LayerPaletteModel::supportedDragActions() const { return Qt::CopyAction; }

}  // namespace convscope
