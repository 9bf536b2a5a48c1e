#pragma once

#include "receptive/GradientReceptiveField.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;

namespace convscope {

class FeatureMapGrid;
class ReceptiveFieldTracker;

/**
 * The receptive-field view: one map per layer input plus the output (the assignment's plot_receptive_field),
 * with all-one or random weights (theoretical or effective field), binary or continuous colouring, a channel
 * selector, the analytic field as an outline, a click to choose the output pixel and a readout of the hovered cell.
 * While a block is open in the stack, it shows that branch's maps instead. GUI thread only.
 */
class ReceptiveFieldPanel : public QWidget {
    Q_OBJECT
public:
    explicit ReceptiveFieldPanel(ReceptiveFieldTracker *tracker, QWidget *parent = nullptr);

    FeatureMapGrid *grid() const { return m_grid; }
    /// Asks for a file name and writes the view as PNG or SVG.
    void exportView();

Q_SIGNALS:
    /// A one-line description of the hovered cell, for the status bar.
    void hoverMessage(const QString &message);

private:
    void rebuild();
    /// The maps of the block branch the stack has open (ReceptiveFieldMaps::branchGradients).
    void showBranch(const ReceptiveFieldMaps &maps);
    void updateScale();
    void cellClicked(int panel, int row, int column);
    void cellHovered(int panel, int row, int column);

    ReceptiveFieldTracker *m_tracker;
    FeatureMapGrid *m_grid;
    QComboBox *m_mode;
    QComboBox *m_colorMap;
    QSpinBox *m_channel;
    QSpinBox *m_outputChannel;
    QCheckBox *m_outline;
    QComboBox *m_weights;
    QLabel *m_info;
    QLabel *m_error;
};

}  // namespace convscope
