#pragma once

#include <QScrollArea>

namespace convscope {

/**
 * A frameless scroll area that scrolls only vertically and is always as wide as its widget needs: a column of
 * controls (a form, a summary) that stays whole on a short screen, such as a projector's 1280×720, instead of
 * making the window taller. GUI thread only.
 */
class VerticalScrollArea : public QScrollArea {
    Q_OBJECT
public:
    explicit VerticalScrollArea(QWidget *widget, QWidget *parent = nullptr);

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
};

}  // namespace convscope
