#include "studio/LayerStackModel.h"

#include "studio/LayerIcon.h"
#include "studio/LayerMime.h"
#include "studio/NetworkDocument.h"

#include <QLocale>

namespace convscope {

LayerStackModel::LayerStackModel(NetworkDocument *document, QObject *parent)
    : QAbstractListModel(parent), m_document(document), m_rowCount(static_cast<int>(document->spec().layers.size()))
{
    connect(m_document, &NetworkDocument::changed, this, &LayerStackModel::documentChanged);
}

void LayerStackModel::documentChanged()
{
    const int count = static_cast<int>(m_document->spec().layers.size());
    if (count != m_rowCount) {
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
    const LayerSpec &layer = m_document->spec().layers[row];
    const LayerAnalysis &analysis = m_document->analysis().layers[row];
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
    return layerMimeData({m_document->spec().layers[static_cast<std::size_t>(row)], row});
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
    if (layer.kind == LayerKind::Conv || layer.kind == LayerKind::Residual) {
        // A new convolution takes the channels that arrive and keeps their number: valid at once.
        if (const std::int64_t channels = channelsBefore(target); channels > 0)
            layer.inChannels = layer.outChannels = channels;
    }
    m_document->insertLayer(target, layer);
    return true;
}

std::int64_t LayerStackModel::channelsBefore(int row) const
{
    const Shape &shape = row == 0 ? m_document->spec().input
                                  : m_document->analysis().layers[static_cast<std::size_t>(row - 1)].output;
    return shape.size() >= 2 ? shape.front() : 0;
}

Qt::DropActions LayerStackModel::supportedDropActions() const { return Qt::CopyAction | Qt::MoveAction; }

Qt::DropActions LayerStackModel::supportedDragActions() const { return Qt::MoveAction; }

}  // namespace convscope
