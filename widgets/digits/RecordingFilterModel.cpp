#include "digits/RecordingFilterModel.h"

#include "digits/RecordingTableModel.h"

namespace convscope {

RecordingFilterModel::RecordingFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(RecordingTableModel::SortRole);
}

void RecordingFilterModel::setFilters(int digit, const QString &speaker, const QString &part)
{
    m_digit = digit;
    m_speaker = speaker;
    m_part = part;
    invalidateFilter();
}

bool RecordingFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *source = sourceModel();
    auto value = [&](int column) { return source->index(sourceRow, column, sourceParent).data(); };
    return (m_digit < 0 || value(RecordingTableModel::Digit).toInt() == m_digit)
        && (m_speaker.isEmpty() || value(RecordingTableModel::Speaker).toString() == m_speaker)
        && (m_part.isEmpty() || value(RecordingTableModel::SplitPart).toString() == m_part);
}

}  // namespace convscope
