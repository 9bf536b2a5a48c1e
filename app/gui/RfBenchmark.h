#pragma once

namespace convscope {

/**
 * `convscope --bench-rf`: times what one keystroke in the studio costs on a 10-layer 64×64 network —
 * analysis, gradient receptive field, and a redraw of the view — and prints the medians in ms on stdout.
 * Needs a QApplication; GUI thread. Returns the process exit code.
 */
int runReceptiveFieldBenchmark();

}  // namespace convscope
