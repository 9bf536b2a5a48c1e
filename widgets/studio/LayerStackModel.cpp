#include "studio/LayerStackModel.h"

#include "studio/LayerIcon.h"
#include "studio/LayerMime.h"

#include "network/AssignmentResidual.h"
#include "services/NetworkDocument.h"

#include <QLocale>

namespace convscope {

LayerStackModel::LayerStackModel(NetworkDocument *document, QObject *parent)
    : QAbstractListModel(parent), m_document(document), m_rowCount(static_cast<int>(document->scopeLayers().size()))
{
    connect(m_document, &NetworkDocument::changed, this, &LayerStackModel::documentChanged);
    connect(m_document, &NetworkDocument::scopeChanged, this, [this] { m_scopeChanged = true; });
}

void LayerStackModel::documentChanged()
{
    const int count = static_cast<int>(m_document->scopeLayers().size());
    if (count != m_rowCount || m_scopeChanged) {
        m_scopeChanged = false;
        beginResetModel();
        m_rowCount = count;
        endResetModel();
    } else if (count > 0) {
        Q_EMIT dataChanged(index(0), index(count - 1));
    }
}

int LayerStackModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : m_rowCount; }

QVariant LayerStackModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rowCount)
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    const LayerSpec &layer = m_document->scopeLayers()[row];
    const LayerAnalysis &analysis = m_document->scopeAnalyses()[row];
    const QString issue = analysis.issues.empty() ? QString() : QString::fromStdString(analysis.issues.front().text());
    switch (role) {
    case Qt::DisplayRole:
        return QString::fromStdString(layer.label());
    case Qt::DecorationRole:
        return layerIcon(layer.kind, layer.dims);
    case Qt::ToolTipRole:
        return issue.isEmpty() ? QString::fromStdString(analysis.parameters.formula) : issue;
    case OutputShapeRole:
        return analysis.output.empty() ? QStringLiteral("?") : QString::fromStdString(shapeToString(analysis.output));
    case ParametersRole:
        return QLocale().toString(static_cast<qlonglong>(analysis.parameters.count));
    case FormulaRole:
        return QString::fromStdString(analysis.parameters.formula);
    case IssueRole:
        return issue;
    case MacsRole:
        return analysis.macs.count == 0 ? QString()
                                        : tr("%1 MACs").arg(QString::fromStdString(shortCount(analysis.macs.count)));
    case MacsFormulaRole:
        return analysis.macs.count == 0 && analysis.macs.auxiliary == 0 ? QString()
                                        : tr("Multiply-accumulates: %1 (FLOPs = 2 × MACs)")
                                              .arg(QString::fromStdString(analysis.macs.formula));
    default:
        return {};
    }
}

Qt::ItemFlags LayerStackModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags base = QAbstractListModel::flags(index);
    return index.isValid() ? base | Qt::ItemIsDragEnabled : base | Qt::ItemIsDropEnabled;
}

QStringList LayerStackModel::mimeTypes() const { return {kLayerMimeType}; }

QMimeData *LayerStackModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.isEmpty() || !indexes.front().isValid())
        return nullptr;
    const int row = indexes.front().row();
    return layerMimeData({m_document->scopeLayers()[static_cast<std::size_t>(row)], row});
}

bool LayerStackModel::canDropMimeData(const QMimeData *data, Qt::DropAction, int, int, const QModelIndex &) const
{
    return readLayerMime(data).has_value();
}

bool LayerStackModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int, const QModelIndex &parent)
{
    const std::optional<LayerDrag> drag = readLayerMime(data);
    if (!drag || action == Qt::IgnoreAction)
        return false;
    // Dropped between rows: `row`; onto a row: before it; on empty space: at the end.
    int target = row >= 0 ? row : parent.isValid() ? parent.row() : m_rowCount;
    if (drag->sourceRow >= 0 && drag->sourceRow < m_rowCount) {
        if (target > drag->sourceRow)
            --target;
        m_document->moveLayer(drag->sourceRow, std::min(target, m_rowCount - 1));
        return true;
    }
    LayerSpec layer = drag->layer;
    // A new convolution (or a block's) takes the channels that arrive and keeps their number: valid at once.
    if (const std::int64_t channels = channelsBefore(target); channels > 0)
        keepChannels(layer, channels);
    m_document->insertLayer(target, layer);
    return true;
}

void LayerStackModel::keepChannels(LayerSpec &layer, std::int64_t channels)
{
    if (auto residual = AssignmentResidual::of(layer)) {
        residual->inChannels = residual->outChannels = channels;
        layer = residual->block();
        return;
    }
    if (layer.kind == LayerKind::Conv)
        layer.inChannels = layer.outChannels = channels;
    for (auto &branch : layer.branches)
        for (auto &inner : branch)
            keepChannels(inner, channels);
}

std::int64_t LayerStackModel::channelsBefore(int row) const
{
    const Shape shape = row == 0 ? m_document->scopeInput()
                                 : m_document->scopeAnalyses()[static_cast<std::size_t>(row - 1)].output;
    return shape.size() >= 2 ? shape.front() : 0;
}

Qt::DropActions LayerStackModel::supportedDropActions() const { return Qt::CopyAction | Qt::MoveAction; }

Qt::DropActions LayerStackModel::supportedDragActions() const { return Qt::MoveAction; }

}  // namespace convscope
