#pragma once

#include "train/RunRecord.h"

#include <QAbstractTableModel>

#include <vector>

namespace convscope {

/**
 * The finished training runs, one row each: network, input, epochs, learning rate, train and test accuracy,
 * whether the loss converged (RunRecord::convergence) and the time taken. The first column is checkable: ticked
 * runs are overlaid on the live curves. Saves the runs as JSON and one run's curve as CSV (atomically).
 * GUI thread only.
 */
class RunsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NetworkColumn, InputColumn, EpochsColumn, LearningRateColumn, TrainAccuracyColumn,
                  TestAccuracyColumn, ConvergedColumn, TimeColumn, ColumnCount };

    explicit RunsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    /// Appends a run (its id is set to the next number) and returns its row.
    int addRun(RunRecord run);
    void clear();
    const RunRecord &run(int row) const { return m_runs.at(static_cast<std::size_t>(row)); }
    const std::vector<RunRecord> &runs() const { return m_runs; }

    bool isChecked(int row) const;
    void setChecked(int row, bool checked);
    /// The ticked runs, in row order.
    std::vector<RunRecord> checkedRuns() const;

    /// Writes {"runs": [...]} with every run (config, summary, history); empty string on success, else the error.
    QString saveJson(const QString &path) const;
    /// Appends the runs of a file written by saveJson() (renumbered after the current ones); empty string on
    /// success, else the error naming the file. Nothing is added when any run in it is unreadable.
    QString loadJson(const QString &path);
    /// Writes one run's curve as CSV; empty string on success, else the error.
    QString saveCurveCsv(int row, const QString &path) const;

Q_SIGNALS:
    /// The set of ticked runs changed.
    void checkedRunsChanged();

private:
    std::vector<RunRecord> m_runs;
    std::vector<bool> m_checked;
    int m_nextId = 1;
};

}  // namespace convscope
