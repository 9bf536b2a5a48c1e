#pragma once

#include "explore/ActivationLayout.h"

#include <QColor>
#include <QImage>
#include <QWidget>

#include <optional>
#include <vector>

class QPainter;

namespace convscope {

/**
 * What one recording does inside a trained network, drawn from an ActivationSnapshot (see ActivationLayout for the
 * rows): the waveform and MFCC (frames of padding hatched), a channels × time heat map per layer before Flatten (viridis for non-negative maps,
 * blue–white–red around zero for signed ones, each scaled to its own largest value), bars for the dense layers and
 * the ten probabilities (the predicted one in answerColour()). Hovering a cell outlines it, shades its receptive
 * field on the waveform and the MFCC and reports it (cellHovered); a click reports it too (cellClicked). In a
 * comparison each row's label can carry how differently another clip drives that layer. Paints into any QPainter
 * for export. GUI thread only.
 */
class ActivationView : public QWidget {
    Q_OBJECT
public:
    explicit ActivationView(QWidget *parent = nullptr);

    void setSnapshot(SharedActivations snapshot);
    SharedActivations snapshot() const { return m_snapshot; }
    /// The layout at the current width (empty before a snapshot).
    const ActivationLayout &layout() const { return m_layout; }
    /// Outlines `cell` and shades its field, as hovering does (the other side of a comparison follows this way).
    void setHoveredCell(const std::optional<ActivationCell> &cell);
    std::optional<ActivationCell> hoveredCell() const { return m_hovered; }
    /// The shaded receptive field of the hovered cell, or nullopt.
    std::optional<InputSpan> shadedSpan() const;
    /// Marks the clicked channel's row.
    void setSelectedCell(const std::optional<ActivationCell> &cell);
    /// Marks the row drawing activation entry `entry` (its label shaded), kept across snapshots; -1: none.
    void setMarkedEntry(int entry);
    int markedEntry() const { return m_marked; }
    /// Per activation entry, how differently the other clip drives it (activationDifferences); empty: none shown.
    void setDifferences(std::vector<double> differences);
    /// The value of a cell (a probability for the outputs); NaN for a cell that is not shown.
    double value(const ActivationCell &cell) const;
    /// "2 · Conv1d 80, channel 5, time 120 of 1481: 0.734 (hears samples 480–559, 60–70 ms)".
    QString describe(const ActivationCell &cell) const;

    /// The colour of a snapshot's answer, for its predicted bar and the panel's header alike: red when it contradicts
    /// the clip's known digit, green otherwise.
    static QColor answerColour(const ActivationSnapshot &snapshot);

    /// Draws everything on an area of `size` (painting and export).
    void render(QPainter &painter, const QSize &size) const;
    QSize sizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

Q_SIGNALS:
    void cellHovered(const convscope::ActivationCell &cell);
    void hoverLeft();
    void cellClicked(const convscope::ActivationCell &cell);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    void relayout();
    void buildImages();
    void paintLabel(QPainter &painter, const ActivationRow &row) const;
    void paintWaveform(QPainter &painter, const ActivationLayout &layout, const ActivationRow &row) const;
    void paintMap(QPainter &painter, const ActivationLayout &layout, const ActivationRow &row) const;
    void paintMfccPadding(QPainter &painter, const ActivationLayout &layout, const ActivationRow &row) const;
    void paintBars(QPainter &painter, const ActivationLayout &layout, const ActivationRow &row) const;
    void paintOutputs(QPainter &painter, const ActivationLayout &layout, const ActivationRow &row) const;
    void paintSpan(QPainter &painter, const ActivationLayout &layout) const;

    SharedActivations m_snapshot;
    ActivationLayout m_layout;
    QImage m_mfccImage;
    std::vector<QImage> m_maps;  ///< per activation entry: the heat map of a Map row, else null
    std::optional<ActivationCell> m_hovered, m_selected;
    std::vector<double> m_differences;
    int m_marked = -1;
};

}  // namespace convscope
