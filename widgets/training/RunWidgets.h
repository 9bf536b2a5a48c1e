#pragma once

#include "train/TrainingState.h"

class QLabel;
class QProgressBar;
class QString;
class QWidget;

namespace convscope {

/// The progress bar of a run (or a study): 0..1000 per epoch, "Not started", its text shown. GUI thread only.
QProgressBar *makeRunProgressBar(QWidget *parent);
/// The label a panel says what happens in: wrapped, selectable. GUI thread only.
QLabel *makeMessageLabel(QWidget *parent);
/// Shows `text` in a message label: plain, or boxed in yellow (warning) or red (error); hidden when empty.
void showMessageIn(QLabel *label, const QString &text, MessageKind kind);

}  // namespace convscope
