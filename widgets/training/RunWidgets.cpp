#include "training/RunWidgets.h"

#include <QLabel>
#include <QProgressBar>

namespace convscope {

QProgressBar *makeRunProgressBar(QWidget *parent)
{
    auto *progress = new QProgressBar(parent);
    progress->setRange(0, 1000);
    progress->setValue(0);
    progress->setFormat(QObject::tr("Not started"));
    progress->setTextVisible(true);
    return progress;
}

QLabel *makeMessageLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    return label;
}

void showMessageIn(QLabel *label, const QString &text, MessageKind kind)
{
    static const char *const styles[] = {
        "QLabel { padding: 4px; }",
        "QLabel { padding: 4px; color: #664d03; background: #fff3cd; border: 1px solid #ffda6a; border-radius: 3px; }",
        "QLabel { padding: 4px; color: #842029; background: #f8d7da; border: 1px solid #f1aeb5; border-radius: 3px; }",
    };
    label->setStyleSheet(styles[static_cast<int>(kind)]);
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

}  // namespace convscope
