#pragma once

#include "studio/MapGridLayout.h"
#include "studio/MapPanel.h"

#include <QImage>
#include <QStringList>
#include <QWidget>

#include <vector>

namespace convscope {

/**
 * Draws feature maps side by side, the way the assignment's plot_receptive_field does: square cells, grid lines,
 * row and column numbers (sparser on large maps), a title per panel, and a colour bar in continuous mode.
 * Reports clicked and hovered cells, and exports what it shows as PNG or SVG. GUI thread only.
 */
class FeatureMapGrid : public QWidget {
    Q_OBJECT
public:
    explicit FeatureMapGrid(QWidget *parent = nullptr);

    void setPanels(std::vector<MapPanel> panels);
    const std::vector<MapPanel> &panels() const { return m_panels; }
    void setScale(const MapScale &scale);
    const MapScale &scale() const { return m_scale; }

    /// The on-screen rectangle of one cell (for tests and tooltips); empty if there is no such cell.
    QRect cellRect(int panel, int row, int column) const;
    /// Draws everything into `painter` on an area of `size` (used for painting and export).
    void render(QPainter &painter, const QSize &size) const;
    /// Writes a .png or .svg (by suffix) of the current view; returns an empty string or the error.
    QString exportTo(const QString &path) const;

    /// The titles that do not fit whole in their panels at the current size, even on two lines or in their short
    /// form (empty when all fit).
    QStringList cutTitles() const;

    QSize minimumSizeHint() const override { return {240, 180}; }

Q_SIGNALS:
    void cellClicked(int panel, int row, int column);
    /// panel -1: the pointer left every map.
    void cellHovered(int panel, int row, int column);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    MapGridLayout layoutFor(const QSize &size) const;
    QFont titleFont() const;
    QStringList cutTitles(const MapGridLayout &layout) const;
    bool fits(const QString &text, const QRect &title) const;
    /// The panel's title, or its short title when the full one does not fit.
    QString shownTitle(const MapPanel &panel, const QRect &title) const;
    /// (panel, row, column) under a point, or panel -1.
    std::array<int, 3> hitTest(const QPoint &pos) const;
    void paintPanel(QPainter &painter, const MapPanel &panel, const MapGridLayout::Panel &geometry) const;
    void paintColorBar(QPainter &painter, const QRect &bar) const;
    float valueToUnit(const MapPanel &panel, float value) const;
    /// Turns each panel's values into one pixel per cell; painting then only scales these images.
    void rebuildImages();

    std::vector<MapPanel> m_panels;
    std::vector<float> m_panelMaxima;
    std::vector<QImage> m_images;
    mutable std::vector<QImage> m_scaledImages;  ///< m_images at their on-screen size, made when first painted
    MapScale m_scale;
    int m_hoverPanel = -1;
    QPoint m_hoverCell;
};

}  // namespace convscope
