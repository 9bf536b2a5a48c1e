#include "studio/LayerStackView.h"

#include "studio/LayerRowDelegate.h"
#include "studio/LayerStackModel.h"
#include "services/NetworkDocument.h"

#include <QDrag>
#include <QDropEvent>
#include <QMimeData>
#include <QScrollBar>

#include <algorithm>

namespace convscope {

LayerStackView::LayerStackView(NetworkDocument *document, QWidget *parent)
    : QListView(parent), m_model(new LayerStackModel(document, this))
{
    setModel(m_model);
    setItemDelegate(new LayerRowDelegate(this));
    setSelectionMode(QAbstractItemView::SingleSelection);
    setDragDropMode(QAbstractItemView::DragDrop);
    setDefaultDropAction(Qt::MoveAction);
    setDropIndicatorShown(true);
    setDragEnabled(true);
    setAcceptDrops(true);
    setMouseTracking(true);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setUniformItemSizes(false);
    setResizeMode(QListView::Adjust);
    setFrameShape(QFrame::NoFrame);
    viewport()->setAutoFillBackground(false);

    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { Q_EMIT currentRowChanged(current.isValid() ? current.row() : -1); });
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_rowBeforeReset = currentRow(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        selectRow(std::min(m_rowBeforeReset, m_model->rowCount() - 1));
        if (!currentIndex().isValid())
            Q_EMIT currentRowChanged(-1);
    });
    connect(document, &NetworkDocument::layerFocusRequested, this, &LayerStackView::selectRow);
}

QSize LayerStackView::minimumSizeHint() const
{
    QFont bold = font(), small = font();
    bold.setBold(true);
    small.setPointSizeF(small.pointSizeF() * 0.9);
    // As LayerRowDelegate lays a card out: badge and icon (75 px), the name, the "params" column and the card's
    // paddings, then the scroll bar.
    const int width = 75 + QFontMetrics(bold).horizontalAdvance("BatchNorm2d") + 4
                      + std::max(48, QFontMetrics(small).horizontalAdvance(tr("params"))) + 2 + 11
                      + verticalScrollBar()->sizeHint().width();
    return {std::max(230, width), QListView::minimumSizeHint().height()};
}

int LayerStackView::currentRow() const { return currentIndex().isValid() ? currentIndex().row() : -1; }

void LayerStackView::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    setCurrentIndex(m_model->index(row));
    scrollTo(currentIndex());
}

void LayerStackView::startDrag(Qt::DropActions)
{
    const QModelIndexList rows = selectedIndexes();
    if (rows.isEmpty())
        return;
    auto *drag = new QDrag(this);
    drag->setMimeData(m_model->mimeData(rows));
    const QRect rect = visualRect(rows.front());
    drag->setPixmap(viewport()->grab(rect));
    drag->setHotSpot(viewport()->mapFromGlobal(QCursor::pos()) - rect.topLeft());
    // The model moved the row on drop (one undo step); nothing to remove here.
    drag->exec(Qt::MoveAction);
}

void LayerStackView::dropEvent(QDropEvent *event)
{
    // Handled here rather than by QListView, whose internal-move path would also try to move or remove rows.
    const Qt::DropAction action = event->source() == this ? Qt::MoveAction : Qt::CopyAction;
    if (m_model->dropMimeData(event->mimeData(), action, dropRow(event->position().toPoint()), 0, {})) {
        event->setDropAction(action);
        event->accept();
    } else {
        event->ignore();
    }
    stopAutoScroll();
    setState(NoState);
    viewport()->update();
}

int LayerStackView::dropRow(const QPoint &pos) const
{
    const QModelIndex index = indexAt(pos);
    if (!index.isValid())
        return m_model->rowCount();
    return pos.y() < visualRect(index).center().y() ? index.row() : index.row() + 1;
}

void LayerStackView::resizeEvent(QResizeEvent *event)
{
    QListView::resizeEvent(event);
    scheduleDelayedItemsLayout();  // row heights depend on the width (wrapped messages)
}

}  // namespace convscope
