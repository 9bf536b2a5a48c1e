#pragma once

#include <QString>

namespace convscope {

/**
 * `convscope --bench-listen-lag FILE`: opens a shown ListenPanel with the ready voice model, replays FILE through it
 * at real time and measures the GUI event loop's lag with a 5 ms timer (lag = actual interval − 5 ms) until the
 * replay ends, plus an idle baseline. Prints JSON with p50/p99/max in ms on stdout. Needs a QApplication; GUI thread.
 * Returns the process exit code.
 */
int runListenLagBenchmark(const QString &file);

}  // namespace convscope
