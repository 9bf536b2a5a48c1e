#pragma once

#include <QDialog>

class QTableWidget;

namespace convscope {

class PresetLibrary;

/**
 * The assignment's 3.3(f) table: every way of reaching a 9×9 receptive field (the 3.3 presets) with its method,
 * number of layers, parameters, output size and receptive field. Double-clicking a row opens that network.
 * GUI thread only.
 */
class PresetComparisonDialog : public QDialog {
    Q_OBJECT
public:
    PresetComparisonDialog(const PresetLibrary &presets, const QString &prefix, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    void presetChosen(const QString &id);

private:
    QTableWidget *m_table;
};

}  // namespace convscope
