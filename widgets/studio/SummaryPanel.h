#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;

namespace convscope {

class ReceptiveFieldTracker;

/**
 * The network at a glance: name and description, input and output shape, total parameters, multiply-accumulates
 * (convolutions and linear layers, or every operation with the switch), the receptive field (gradient pixel count
 * and analytic size, jump and start) and whether every layer is valid. GUI thread only.
 */
class SummaryPanel : public QWidget {
    Q_OBJECT
public:
    explicit SummaryPanel(ReceptiveFieldTracker *tracker, QWidget *parent = nullptr);

    QString text() const;

private:
    void refresh();

    ReceptiveFieldTracker *m_tracker;
    QLabel *m_label;
    QCheckBox *m_allOps;
};

}  // namespace convscope
