#include "digits/RecordingFilterModel.h"

#include "digits/RecordingTableModel.h"

namespace convscope {

RecordingFilterModel::RecordingFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(RecordingTableModel::SortRole);
}

bool RecordingFilterModel::naturalLess(const QString &a, const QString &b)
{
    // Runs of digits compare as numbers, the rest as text. (QCollator's numeric mode needs ICU, which the
    // POSIX collator of some Qt builds lacks.)
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            qsizetype ei = i, ej = j;
            while (ei < a.size() && a[ei].isDigit())
                ++ei;
            while (ej < b.size() && b[ej].isDigit())
                ++ej;
            const qulonglong x = a.mid(i, ei - i).toULongLong(), y = b.mid(j, ej - j).toULongLong();
            if (x != y)
                return x < y;
            i = ei;
            j = ej;
        } else {
            if (a[i] != b[j])
                return a[i] < b[j];
            ++i;
            ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

bool RecordingFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant a = left.data(sortRole()), b = right.data(sortRole());
    if (a.typeId() == QMetaType::QString && b.typeId() == QMetaType::QString)
        return naturalLess(a.toString(), b.toString());
    return QSortFilterProxyModel::lessThan(left, right);
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
