#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace convscope::cli {

// The figures bench derives from its measurements (torch-free; BenchCommand.cpp measures).

/// ConvScope's own presets, which the assignment's Python reference does not have: bench times them against Python
/// PyTorch training the same network (resources/bench/network_reference.py), and gives their ratio to mfcc's speed.
extern const QStringList kPresetsWithoutReference;

/// FLOP per training example of a trainable preset: 3 × the forward FLOPs (forward pass, input gradient, weight
/// gradient), the forward FLOPs being 2 × the network's multiply-accumulates (NetworkAnalysis::totalMacs).
double flopPerExample(const QString &model);

/**
 * Completes one thread mode's report (preset → {"convscope", "python", "speedup"}): each preset gets its
 * flop_per_example, and its ConvScope figures gflops_per_second (examples_per_second × FLOP per example / 1e9)
 * and gemm_fraction (that / `sgemmGflops`, the oneDNN GEMM's speed at the same threads); the presets without a
 * reference get relative_to_mfcc (their speed / ConvScope's mfcc speed) when mfcc ran too.
 */
void addDerivedFigures(QJsonObject &modeReport, double sgemmGflops);

/// Per preset, ConvScope's examples per second at all cores / at one thread.
QJsonObject scalingOf(const QJsonObject &oneThread, const QJsonObject &allCores);

}  // namespace convscope::cli
