#pragma once

#include <QTableView>

namespace convscope {

class RunsModel;

/**
 * The table of finished runs over its own RunsModel. Tick a run to overlay its curves; the context menu saves
 * every run as JSON, opens saved runs or the selected run's curve as CSV (file dialogs). GUI thread only.
 */
class RunsTable : public QTableView {
    Q_OBJECT
public:
    explicit RunsTable(QWidget *parent = nullptr);

    RunsModel *runsModel() const { return m_model; }

public Q_SLOTS:
    /// Asks for a file name and saves every run as JSON.
    void saveRunsAs();
    /// Asks for a runs JSON file and appends its runs.
    void openRuns();
    /// Asks for a file name and saves the current row's curve as CSV.
    void saveCurveAs();

Q_SIGNALS:
    /// A save failed (the text names the file and the reason) or succeeded ("Saved ...").
    void message(const QString &text, bool isError);

private:
    RunsModel *m_model;
};

}  // namespace convscope
