#pragma once

#include <QStyledItemDelegate>

namespace convscope {

/**
 * Paints one row of the layer stack as a card: position, icon, label (wrapped onto a second line when it is
 * long), output shape and parameter count;
 * an invalid layer gets a red marker and its message with the fix. Hovering the count shows its formula.
 * GUI thread only.
 */
class LayerRowDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

private:
    struct Geometry {
        QRect card, badge, icon, label, shape, macs, count, issue;  ///< macs: empty height without any
    };
    Geometry geometry(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    int issueHeight(const QStyleOptionViewItem &option, const QString &issue, int width) const;
    static QFont labelFont(const QStyleOptionViewItem &option);
    static QFont smallFont(const QStyleOptionViewItem &option);
    /// "→ 64×112×112": the row's output shape.
    static QString shapeText(const QModelIndex &index);
};

}  // namespace convscope
