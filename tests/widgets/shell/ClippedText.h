#pragma once

#include <QString>
#include <QStringList>

class QWidget;

namespace convscope {

/**
 * Every visible piece of text under `root` that its widget cuts off: a QLabel without word wrap, a button's or a
 * check box's text, a group box's title, a tab's text, a combo box's current item, a spin box's value and a
 * header's section. Each entry names the widget, the text and the pixels it needs and has, e.g.
 * "QSpinBox 'seed': '12345' needs 38 px, has 30". Empty when nothing is cut. GUI thread only.
 */
QStringList findClippedText(QWidget *root);

}  // namespace convscope
