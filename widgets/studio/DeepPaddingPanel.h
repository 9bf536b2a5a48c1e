#pragma once

#include <QWidget>

#include <vector>

class QLabel;
class QLineEdit;
class QSlider;
class QSpinBox;

namespace convscope {

class FeatureMapGrid;

/**
 * The assignment's 3.4 demo: N layers (1–50) of 3×3 averaging with zero padding applied to an all-ones image,
 * shown at several depths on one shared colour scale so the border darkening is visible. GUI thread only.
 */
class DeepPaddingPanel : public QWidget {
    Q_OBJECT
public:
    explicit DeepPaddingPanel(QWidget *parent = nullptr);

    FeatureMapGrid *grid() const { return m_grid; }
    QSpinBox *sizeBox() const { return m_size; }
    /// The depths shown: those typed (clamped to 1..N), or five evenly spaced ones.
    std::vector<int> shownDepths() const;

private:
    void recompute();

    QSlider *m_depth;
    QLabel *m_depthLabel;
    QSpinBox *m_size;
    QLineEdit *m_depths;
    FeatureMapGrid *m_grid;
    QLabel *m_info;
};

}  // namespace convscope
