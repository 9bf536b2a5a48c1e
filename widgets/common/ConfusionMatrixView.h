#pragma once

#include "train/Trainer.h"

#include <QWidget>

#include <optional>
#include <utility>

namespace convscope {

/**
 * The 10×10 confusion matrix of an EvaluationReport as a heat map with the counts written in the cells
 * (rows: true digit, columns: predicted digit; colour: share of the row). Clicking a cell emits cellClicked;
 * clipsAt() lists the misclassified clips of an off-diagonal cell. GUI thread only.
 */
class ConfusionMatrixView : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionMatrixView(QWidget *parent = nullptr);

    void setReport(const EvaluationReport &report);
    void clear();
    bool hasReport() const { return m_hasReport; }
    const EvaluationReport &report() const { return m_report; }

    int count(int truth, int predicted) const;
    /// Sum of every cell: the test-set size.
    int total() const;
    /// The off-diagonal cell with the most clips, as (truth, predicted) (the first in row order on ties);
    /// nullopt when the model made no mistake.
    std::optional<std::pair<int, int>> largestConfusion() const;
    /// The misclassified clips (file names) with this truth and prediction; empty on the diagonal.
    QStringList clipsAt(int truth, int predicted) const;

    /// The cell under a widget position, as (truth, predicted).
    std::optional<std::pair<int, int>> cellAt(const QPoint &position) const;
    /// Where a cell is drawn, in widget coordinates.
    QRect cellRect(int truth, int predicted) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void cellClicked(int truth, int predicted);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    QRect gridRect() const;

    EvaluationReport m_report;
    bool m_hasReport = false;
    std::optional<std::pair<int, int>> m_selected;
};

}  // namespace convscope
