#pragma once

// qcustomplot.h uses Qt's `signals`, `slots`, `emit` and `foreach` keywords, which QT_NO_KEYWORDS removes
// (docs/architecture.md, "Qt and LibTorch together"). Include QCustomPlot through this header only.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
