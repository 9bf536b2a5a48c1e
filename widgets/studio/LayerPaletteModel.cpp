#include "studio/LayerPaletteModel.h"

#include "studio/LayerIcon.h"
#include "studio/LayerMime.h"

#include "network/AssignmentResidual.h"

#include <utility>

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
        m_entries.push_back({LayerSpec::adaptivePool(LayerKind::AdaptiveAvgPool, dims, 1), "AdaptiveAvg" + d,
                             tr("AdaptiveAvgPool: averages each channel down to a fixed output size whatever the input size; "
                                "output 1 is global average pooling (ResNet, MobileNet).")});
        m_entries.push_back({LayerSpec::adaptivePool(LayerKind::AdaptiveMaxPool, dims, 1), "AdaptiveMax" + d,
                             tr("AdaptiveMaxPool: the largest value of each channel over windows that give a fixed output size.")});
        m_entries.push_back({LayerSpec::zeroPad(dims, {1, 1}, {1, 1}), "ZeroPad" + d,
                             tr("Adds zeros around the input, with a different amount at each end if you like.")});
        m_entries.push_back({LayerSpec::batchNorm(dims), "BatchNorm" + d,
                             tr("Batch normalisation per channel; keeps the shape.")});
        const LayerSpec conv3 = LayerSpec::conv(dims, 1, 1, 3, 1, 1), conv1 = LayerSpec::conv(dims, 1, 1, 1);
        m_entries.push_back({LayerSpec::block(BlockMerge::Add,
                                              {{conv3, LayerSpec::batchNorm(dims), LayerSpec::relu(), conv3,
                                                LayerSpec::batchNorm(dims)},
                                               {}},
                                              {LayerSpec::relu()}),
                             "Block (add)" + QString(dims == 1 ? " 1d" : ""),
                             tr("Branches added together: a ResNet unit (two 3×3 convolutions and an identity "
                                "shortcut, then ReLU). Double-click it in the stack to open and edit its branches.")});
        m_entries.push_back({LayerSpec::block(BlockMerge::Concat, {{conv1}, {conv3}}),
                             "Block (concat)" + QString(dims == 1 ? " 1d" : ""),
                             tr("Branches whose channels are concatenated: an Inception module (here a 1×1 and a "
                                "3×3 convolution). Double-click it in the stack to open and edit its branches.")});
        AssignmentResidual residual;
        residual.dims = dims;
        m_entries.push_back({residual.block(), "Residual" + d,
                             tr("The assignment's residual block: two convolutions with batch-norm and a convolution "
                                "shortcut, added, then ReLU. Double-click it in the stack to open its branches.")});
    }
    m_entries.push_back({LayerSpec::relu(), "ReLU", tr("max(0, x), element-wise; keeps the shape.")});
    const std::pair<ActivationFunction, const char *> functions[] = {
        {ActivationFunction::ReLU6, QT_TR_NOOP("min(max(0, x), 6), element-wise (MobileNet v2).")},
        {ActivationFunction::LeakyReLU, QT_TR_NOOP("x above 0, a small slope times x below; element-wise.")},
        {ActivationFunction::GELU, QT_TR_NOOP("x·Φ(x), a smooth ReLU (transformers, ConvNeXt); element-wise.")},
        {ActivationFunction::Sigmoid, QT_TR_NOOP("1 / (1 + e^−x), squashes to (0, 1); element-wise.")},
        {ActivationFunction::Tanh, QT_TR_NOOP("Squashes to (−1, 1); element-wise.")},
        {ActivationFunction::Hardswish, QT_TR_NOOP("x·ReLU6(x + 3) / 6 (MobileNet v3); element-wise.")},
    };
    for (const auto &[function, tip] : functions) {
        const LayerSpec layer = LayerSpec::activationLayer(function);
        m_entries.push_back({layer, QString::fromStdString(layer.label()), tr(tip)});
    }
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
