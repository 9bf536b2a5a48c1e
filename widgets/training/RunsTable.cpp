#include "training/RunsTable.h"

#include "training/RunsModel.h"

#include <QAction>
#include <QFileDialog>
#include <QHeaderView>

namespace convscope {

RunsTable::RunsTable(QWidget *parent) : QTableView(parent), m_model(new RunsModel(this))
{
    setModel(m_model);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setAlternatingRowColors(true);
    setWordWrap(false);
    verticalHeader()->hide();
    // Every column as wide as its contents, the last one too (stretched, it was cut to "Ti" in a narrow table):
    // a narrow table scrolls sideways instead.
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    setContextMenuPolicy(Qt::ActionsContextMenu);

    auto *saveRuns = new QAction(tr("Save runs as JSON…"), this);
    connect(saveRuns, &QAction::triggered, this, &RunsTable::saveRunsAs);
    auto *saveCurve = new QAction(tr("Save selected run's curve as CSV…"), this);
    connect(saveCurve, &QAction::triggered, this, &RunsTable::saveCurveAs);
    auto *openRunsAction = new QAction(tr("Open runs…"), this);
    connect(openRunsAction, &QAction::triggered, this, &RunsTable::openRuns);
    addAction(saveRuns);
    addAction(openRunsAction);
    addAction(saveCurve);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int, int last) {
        resizeColumnsToContents();
        scrollTo(m_model->index(last, 0));
    });
}

void RunsTable::saveRunsAs()
{
    if (m_model->rowCount() == 0) {
        Q_EMIT message(tr("There are no runs to save yet."), true);
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Save runs"), "runs.json", tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    const QString error = m_model->saveJson(path);
    Q_EMIT message(error.isEmpty() ? tr("Saved %1 runs to %2.").arg(m_model->rowCount()).arg(path) : error,
                   !error.isEmpty());
}

void RunsTable::openRuns()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open runs"), {}, tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    const int before = m_model->rowCount();
    const QString error = m_model->loadJson(path);
    Q_EMIT message(error.isEmpty() ? tr("Opened %n run(s) from %1.", nullptr, m_model->rowCount() - before).arg(path)
                                   : error,
                   !error.isEmpty());
}

void RunsTable::saveCurveAs()
{
    const int row = currentIndex().isValid() ? currentIndex().row() : m_model->rowCount() - 1;
    if (row < 0) {
        Q_EMIT message(tr("There is no run to save yet."), true);
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Save curve"),
                                                      QString("run-%1.csv").arg(m_model->run(row).id),
                                                      tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    const QString error = m_model->saveCurveCsv(row, path);
    Q_EMIT message(error.isEmpty() ? tr("Saved the curve of run %1 to %2.").arg(m_model->run(row).id).arg(path)
                                   : error,
                   !error.isEmpty());
}

}  // namespace convscope
