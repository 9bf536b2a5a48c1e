#pragma once

#include "LayerStatistics.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace convscope {

/// One run's layers as the comparison reads them: its name and the statistics of its last measured point.
struct ComparedRun {
    QString name;
    std::vector<LayerStatistics> layers;
};

/**
 * Several runs' layers side by side, aligned by position among the layers with weights (convolutions, Linear
 * layers, blocks): position k of one run faces position k of the others. Per run and position, the gradient norm
 * and the activation spread (the standard deviation after the layer's activation: the first activation row after
 * it before the next weighted layer, or its own output). A plain value; any thread.
 */
struct LayerComparison {
    bool aligned = false;
    QStringList positions;  ///< the first run's names of the weighted layers ("1 conv1d", …)
    QStringList runs;
    std::vector<std::vector<double>> gradientNorms;  ///< [run][position]
    std::vector<std::vector<double>> spreads;        ///< [run][position]
    /// One sentence: how the first weighted layer's gradient compares with the last's in each run ("plain: the first
    /// convolution's gradient is 1/300 of the last layer's; batchnorm: 1/4."), or why the runs cannot be aligned.
    QString sentence;
};

/// Compares `runs` (two or more, each with statistics); says so in the sentence when they cannot be aligned.
LayerComparison compareLayers(const std::vector<ComparedRun> &runs);

/// "1/300", "1/4", "2.5×": a ratio as a class reads it (two significant digits).
QString ratioText(double ratio);

}  // namespace convscope
