#pragma once

#include "network/LayerSpec.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace convscope {

class AxisPairEditor;
class NetworkDocument;

/**
 * Edits the network input (channels and size) and the selected layer's settings (a block's merge, with its
 * branches listed; activation function, channels,
 * groups, kernel, stride, padding at the start and the end, dilation per axis, ceil mode, output size, bias,
 * features, p) with sensible ranges and a "same padding" helper; only the fields of the layer's kind are shown. Every change
 * is an undoable edit; changes of one field in a row (dragging a spin box) merge into one step. GUI thread only.
 */
class LayerPropertiesPanel : public QWidget {
    Q_OBJECT
public:
    explicit LayerPropertiesPanel(NetworkDocument *document, QWidget *parent = nullptr);

    /// Shows the layer at `row` (-1: none).
    void setRow(int row);
    int row() const { return m_row; }

    // The editors, for keyboard focus and tests.
    QSpinBox *inputChannelsEditor() const { return m_inputChannels; }
    AxisPairEditor *inputSizeEditor() const { return m_inputSize; }
    AxisPairEditor *kernelEditor() const { return m_kernel; }
    QSpinBox *outChannelsEditor() const { return m_outChannels; }
    QPushButton *samePaddingButton() const { return m_samePadding; }
    QSpinBox *groupsEditor() const { return m_groups; }
    QCheckBox *ceilModeEditor() const { return m_ceilMode; }
    QComboBox *functionEditor() const { return m_function; }
    QDoubleSpinBox *epsEditor() const { return m_eps; }
    /// A block's branches, one line each (shown for blocks only).
    QLabel *branchesOutline() const { return m_branches; }
    QLabel *issueLabel() const { return m_issue; }

private:
    void refresh();
    void addBlockEditors();
    void addFunctionEditors();
    void addWindowEditors();
    void addOtherEditors();
    void showEditorsFor(const LayerSpec &layer);
    /// Applies `change` to a copy of the selected layer and records it under the merge key "layer/row/field".
    void editLayer(const QString &field, const std::function<void(LayerSpec &)> &change);
    void editInput();
    void applySamePadding();
    QSpinBox *addSpin(const QString &label, int minimum, int maximum, const QString &field,
                      void (*apply)(LayerSpec &, int));
    AxisPairEditor *addAxes(const QString &label, int minimum, int maximum, const QString &field,
                            std::array<std::int64_t, 2> LayerSpec::*member);

    NetworkDocument *m_document;
    int m_row = -1;
    QSpinBox *m_inputChannels;
    AxisPairEditor *m_inputSize;
    QGroupBox *m_layerBox;
    QFormLayout *m_form;
    QComboBox *m_merge = nullptr;
    QLabel *m_branches = nullptr;  ///< a block's outline, below the form
    QComboBox *m_function = nullptr;
    QDoubleSpinBox *m_negativeSlope = nullptr;
    QSpinBox *m_groups = nullptr;
    QCheckBox *m_asymmetric = nullptr;
    AxisPairEditor *m_paddingEnd = nullptr;
    QCheckBox *m_ceilMode = nullptr;
    AxisPairEditor *m_outputSize = nullptr;
    QSpinBox *m_inChannels = nullptr;
    QSpinBox *m_outChannels = nullptr;
    AxisPairEditor *m_kernel = nullptr;
    AxisPairEditor *m_stride = nullptr;
    AxisPairEditor *m_padding = nullptr;
    AxisPairEditor *m_dilation = nullptr;
    QPushButton *m_samePadding = nullptr;
    QCheckBox *m_bias = nullptr;
    QSpinBox *m_numFeatures = nullptr;
    QDoubleSpinBox *m_eps = nullptr;
    QDoubleSpinBox *m_probability = nullptr;
    QSpinBox *m_inFeatures = nullptr;
    QSpinBox *m_outFeatures = nullptr;
    QLabel *m_issue;
    QLabel *m_empty;
};

}  // namespace convscope
