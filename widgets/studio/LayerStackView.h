#pragma once

#include <QListView>

namespace convscope {

class NetworkDocument;
class LayerStackModel;

/**
 * The layer stack: a list of layer cards that accepts layers dragged from the palette and reorders by drag.
 * The model performs every drop as one undoable edit, so the view never removes the dragged row itself.
 * Follows the document's focus requests and keeps a sensible selection across edits. GUI thread only.
 */
class LayerStackView : public QListView {
    Q_OBJECT
public:
    LayerStackView(NetworkDocument *document, QWidget *parent = nullptr);

    LayerStackModel *stackModel() const { return m_model; }
    /// The selected row, or -1.
    int currentRow() const;
    void selectRow(int row);
    /// Wide enough for the longest layer name ("BatchNorm2d") beside its icon and a count, in the current font, so
    /// that no name is cut, at any text scale.
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void currentRowChanged(int row);

protected:
    void startDrag(Qt::DropActions supportedActions) override;
    void dropEvent(QDropEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    /// The row a drop at `pos` inserts before: above or below the middle of the row under it.
    int dropRow(const QPoint &pos) const;

    LayerStackModel *m_model;
    int m_rowBeforeReset = -1;
};

}  // namespace convscope
