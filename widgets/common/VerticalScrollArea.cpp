#include "common/VerticalScrollArea.h"

#include <QEvent>
#include <QScrollBar>

#include <algorithm>

namespace convscope {

VerticalScrollArea::VerticalScrollArea(QWidget *widget, QWidget *parent) : QScrollArea(parent)
{
    setWidget(widget);
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    widget->installEventFilter(this);
}

bool VerticalScrollArea::eventFilter(QObject *watched, QEvent *event)
{
    // QScrollArea does not pass its widget's new size hints on: a longer title or a larger font must widen it.
    if (watched == widget() && event->type() == QEvent::LayoutRequest)
        updateGeometry();
    return QScrollArea::eventFilter(watched, event);
}

QSize VerticalScrollArea::minimumSizeHint() const
{
    // The widget's own width plus room for the scroll bar, which appears when the height runs short.
    const int width = widget() ? widget()->minimumSizeHint().width() + verticalScrollBar()->sizeHint().width() : 0;
    return {std::max(width, QScrollArea::minimumSizeHint().width()), QScrollArea::minimumSizeHint().height()};
}

QSize VerticalScrollArea::sizeHint() const
{
    const QSize own = widget() ? widget()->sizeHint() : QSize();
    return {std::max(own.width() + verticalScrollBar()->sizeHint().width(), minimumSizeHint().width()),
            QScrollArea::sizeHint().height()};
}

}  // namespace convscope
