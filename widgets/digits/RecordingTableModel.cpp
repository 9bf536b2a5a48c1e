#include "digits/RecordingTableModel.h"

#include "data/DigitFormat.h"

namespace convscope {

RecordingTableModel::RecordingTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void RecordingTableModel::setDataset(const Dataset &dataset)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(dataset.items.size());
    for (const DatasetItem &item : dataset.items)
        m_rows.push_back({item.fileName, item.name, static_cast<double>(item.samples.size()) / digits::kSampleRate, {}});
    endResetModel();
}

void RecordingTableModel::setSplit(const DatasetSplit &split)
{
    for (Row &row : m_rows)
        row.part.clear();
    auto mark = [this](const std::vector<std::int64_t> &indices, const QString &part) {
        for (std::int64_t i : indices)
            if (i >= 0 && i < static_cast<std::int64_t>(m_rows.size()))
                m_rows[static_cast<std::size_t>(i)].part = part;
    };
    mark(split.train, QStringLiteral("train"));
    mark(split.test, QStringLiteral("test"));
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, SplitPart), index(rowCount() - 1, SplitPart));
}

int RecordingTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RecordingTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RecordingTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Row &row = m_rows[static_cast<std::size_t>(index.row())];
    if (role == ItemRole)
        return index.row();
    if (role == Qt::TextAlignmentRole && index.column() != File && index.column() != Speaker)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == SortRole && index.column() == Seconds)
        return row.seconds;
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (index.column()) {
    case File:
        return row.file;
    case Digit:
        return row.name.digit;
    case Speaker:
        return row.name.speaker;
    case Take:
        return row.name.take;
    case Seconds:
        return QString::number(row.seconds, 'f', 3);
    case SplitPart:
        return row.part;
    }
    return {};
}

QVariant RecordingTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {"file", "digit", "speaker", "take", "seconds", "split"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace convscope
