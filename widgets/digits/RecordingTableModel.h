#pragma once

#include "data/Dataset.h"
#include "data/Split.h"

#include <QAbstractTableModel>

#include <vector>

namespace convscope {

/**
 * The recordings of a Dataset as a table: file, digit, speaker, take, seconds and split ("train"/"test").
 * SortRole gives numbers as numbers (for QSortFilterProxyModel::setSortRole); ItemRole gives the item's index in
 * the dataset. Holds a copy of the names only, not the samples. GUI thread only.
 */
class RecordingTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { File, Digit, Speaker, Take, Seconds, SplitPart, ColumnCount };
    static constexpr int ItemRole = Qt::UserRole;
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit RecordingTableModel(QObject *parent = nullptr);

    void setDataset(const Dataset &dataset);
    /// Marks each item train or test (indices into the dataset); an empty split clears the column.
    void setSplit(const DatasetSplit &split);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString file;
        RecordingName name;
        double seconds = 0.0;
        QString part;
    };
    std::vector<Row> m_rows;
};

}  // namespace convscope
