#pragma once

#include <QString>

namespace convscope {

/**
 * `convscope --bench-training-lag`: loads the dataset in `folder`, then for the mfcc, plain and resnet presets starts
 * training in a shown TrainingPanel and measures the GUI event loop's lag with a 5 ms timer (lag = actual interval
 * − 5 ms) for `seconds` seconds of training, plus an idle baseline. Prints JSON with p50/p99/max in ms on stdout.
 * Needs a QApplication; GUI thread. Returns the process exit code.
 */
int runTrainingLagBenchmark(const QString &folder, double seconds);

}  // namespace convscope
