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
 * with all-one, random or a trained model's weights (theoretical or effective field), binary or continuous
 * colouring, a channel selector, the analytic field as an outline, a click to choose the output pixel and a
 * readout of the hovered cell.
 * While a block is open in the stack, it shows that branch's maps instead. GUI thread only.
 */
class ReceptiveFieldPanel : public QWidget {
    Q_OBJECT
public:
    explicit ReceptiveFieldPanel(ReceptiveFieldTracker *tracker, QWidget *parent = nullptr);

    FeatureMapGrid *grid() const { return m_grid; }
    /// The weights switch: all ones, random, trained (item data: ProbeWeights).
    QComboBox *weightsBox() const { return m_weights; }
    /// The line under the maps: the traced unit, its field and the weights; or what is being traced.
    QLabel *infoLine() const { return m_info; }
    /// The problem shown above the maps (an invalid layer, no trained model…), hidden when there is none.
    QLabel *errorLine() const { return m_error; }
    /// Asks for a file name and writes the view as PNG or SVG.
    void exportView();

Q_SIGNALS:
    /// A one-line description of the hovered cell, for the status bar.
    void hoverMessage(const QString &message);

private:
    void rebuild();
    /// The maps of the block branch the stack has open (ReceptiveFieldMaps::branchGradients).
    void showBranch(const ReceptiveFieldMaps &maps);
    /// Which weights the maps were traced with, for the info line ("random weights, 8 draws: the effective field").
    QString weightsText(const ReceptiveFieldMaps &maps) const;
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
