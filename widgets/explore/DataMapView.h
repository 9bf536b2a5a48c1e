#pragma once

#include "explore/DataMap.h"

#include <QPoint>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QWidget>

#include <vector>

class QCPGraph;
class QCPItemText;
class QCPTextElement;
class QCustomPlot;
class QMouseEvent;

namespace convscope {

/**
 * The data map as a scatter plot: one dot per clip of a DataMapFeatures at its DataMap coordinate, coloured by
 * digit, speaker or right/wrong prediction (one QCPGraph per colour group, named in the legend), wrong predictions
 * ringed in black when colouring by digit or speaker, the last box's dots framed. Hovering a dot shows the clip in a
 * tooltip (clipHovered), a left click on a dot emits clipClicked, a left-button drag selects the dots in a box
 * (selectionChanged). A placeholder sentence when there is no map; PNG/PDF export from the context menu. Pixel
 * positions are in plot()'s coordinates, which fills the view. GUI thread only.
 */
class DataMapView : public QWidget {
    Q_OBJECT
public:
    enum class Colouring { Digit, Speaker, Correctness };

    explicit DataMapView(QWidget *parent = nullptr);

    /// Draws `map`, whose coordinates are those of `features`' clips in their order.
    void setMap(SharedDataMapFeatures features, const DataMap &map);
    /// Removes the dots and shows `placeholder`.
    void clear(const QString &placeholder = {});
    void setColouring(Colouring colouring);
    Colouring colouring() const { return m_colouring; }

    bool hasMap() const { return m_features != nullptr; }
    /// The clips drawn (nullptr without a map).
    const SharedDataMapFeatures &features() const { return m_features; }
    QString placeholder() const;
    /// The colour groups of the current colouring (graphs with a legend entry), their names and dot counts.
    int groupCount() const { return static_cast<int>(m_groups.size()); }
    QString groupName(int group) const;
    int groupSize(int group) const;
    /// The dots drawn over all groups.
    int dotCount() const;

    /// The clip whose dot is nearest to `pixel`, within kHitRadius pixels; -1 when none.
    int clipAt(QPoint pixel) const;
    /// The pixel of clip `index`'s dot.
    QPointF pixelOf(int index) const;
    /// The clips whose dots lie inside `pixelRect`, in index order.
    std::vector<int> clipsIn(const QRectF &pixelRect) const;
    /// The clips of the last box, framed on the map (empty after a new map).
    const std::vector<int> &selection() const { return m_selection; }
    QCustomPlot *plot() const { return m_plot; }

    static constexpr double kHitRadius = 8.0;

Q_SIGNALS:
    /// The mouse came over clip `index`'s dot (-1: it left the dots).
    void clipHovered(int index);
    void clipClicked(int index);
    /// A box was dragged: the clips inside it, in index order (empty when none).
    void selectionChanged(const std::vector<int> &indices);

private:
    /// The colour group of each clip under the current colouring; `names` receives the groups' names.
    std::vector<int> groupOfEachClip(std::vector<QString> &names) const;
    void rebuild();
    /// Puts the dots of `clips` into `graph`.
    void fillGraph(QCPGraph *graph, const std::vector<int> &clips);
    void addGroup(const QString &name, const QColor &colour, const std::vector<int> &clips);
    void fitRanges();
    QString tooltipText(int index) const;
    void onMouseMove(QMouseEvent *event);
    void onMouseRelease(QMouseEvent *event);
    void onBoxSelected(const QRect &rect, QMouseEvent *event);

    QCustomPlot *m_plot;
    QCPItemText *m_placeholder;
    QCPTextElement *m_legendTitle;
    QCPGraph *m_wrongRings, *m_selectionFrames;
    std::vector<QCPGraph *> m_groups;
    SharedDataMapFeatures m_features;
    Coordinates2D m_coordinates;
    std::vector<int> m_selection;
    Colouring m_colouring = Colouring::Digit;
    QPoint m_pressPosition;
    int m_hovered = -1;
};

}  // namespace convscope
