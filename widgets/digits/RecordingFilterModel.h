#pragma once

#include <QSortFilterProxyModel>

namespace convscope {

/**
 * Filters a RecordingTableModel by digit, speaker and split part ("train"/"test"); an unset filter (-1 or an
 * empty string) lets everything through. Sorting uses RecordingTableModel::SortRole; text sorts naturally
 * (0_george_2 before 0_george_10). GUI thread only.
 */
class RecordingFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit RecordingFilterModel(QObject *parent = nullptr);

    void setFilters(int digit, const QString &speaker, const QString &part);
    /// Natural order: "0_george_2" before "0_george_10".
    static bool naturalLess(const QString &a, const QString &b);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    int m_digit = -1;
    QString m_speaker;
    QString m_part;
};

}  // namespace convscope
