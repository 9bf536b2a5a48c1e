#include "LayerComparison.h"

#include <QObject>

#include <cmath>

namespace convscope {

namespace {

std::vector<const LayerStatistics *> weightedLayers(const std::vector<LayerStatistics> &layers)
{
    std::vector<const LayerStatistics *> weighted;
    for (const LayerStatistics &l : layers)
        if (l.weighted)
            weighted.push_back(&l);
    return weighted;
}

/// The spread after weighted layer `layer`: the first activation (a row without weights and without parameters)
/// after it, before the next weighted layer; else its own output's.
double spreadAfter(const std::vector<LayerStatistics> &layers, const LayerStatistics &layer)
{
    bool after = false;
    for (const LayerStatistics &l : layers) {
        if (&l == &layer) {
            after = true;
            continue;
        }
        if (!after)
            continue;
        if (l.weighted)
            break;
        if (!std::isfinite(l.weightNorm))
            return l.activationStd;
    }
    return layer.activationStd;
}

/// "convolution", "residual block", "linear layer": what the first weighted layer is, from its name.
QString kindOf(const QString &name)
{
    if (name.contains("conv"))
        return QObject::tr("convolution");
    if (name.contains("residual") || name.contains("block"))
        return QObject::tr("block");
    return QObject::tr("layer");
}

}  // namespace

QString ratioText(double ratio)
{
    if (!std::isfinite(ratio) || ratio <= 0)
        return QObject::tr("unknown");
    const auto twoDigits = [](double value) {  // 210, not 2.1e+02
        if (value < 10)
            return QString::number(value, 'g', 2);
        const double unit = std::pow(10.0, std::floor(std::log10(value)) - 1);
        return QString::number(std::round(value / unit) * unit, 'f', 0);
    };
    return ratio < 1 ? "1/" + twoDigits(1.0 / ratio) : twoDigits(ratio) + QStringLiteral("×");
}

LayerComparison compareLayers(const std::vector<ComparedRun> &runs)
{
    LayerComparison c;
    for (const ComparedRun &run : runs)
        c.runs << run.name;
    for (const ComparedRun &run : runs) {
        if (weightedLayers(run.layers).empty()) {
            c.sentence = QObject::tr("%1 has no layer statistics: train it again to measure its layers.").arg(run.name);
            return c;
        }
    }
    const std::size_t count = weightedLayers(runs.front().layers).size();
    for (const ComparedRun &run : runs) {
        if (weightedLayers(run.layers).size() != count) {
            QStringList counts;
            for (const ComparedRun &r : runs)
                counts << QObject::tr("%1 has %2").arg(r.name).arg(weightedLayers(r.layers).size());
            c.sentence = QObject::tr("These runs cannot be aligned layer by layer: they differ in the number of layers "
                                     "with weights (%1).")
                             .arg(counts.join(", "));
            return c;
        }
    }
    c.aligned = true;
    for (const LayerStatistics *l : weightedLayers(runs.front().layers))
        c.positions << l->name;
    QStringList parts;
    for (const ComparedRun &run : runs) {
        const auto weighted = weightedLayers(run.layers);
        std::vector<double> gradients, spreads;
        for (const LayerStatistics *l : weighted) {
            gradients.push_back(l->gradNorm);
            spreads.push_back(spreadAfter(run.layers, *l));
        }
        c.gradientNorms.push_back(gradients);
        c.spreads.push_back(spreads);
        const QString ratio = ratioText(gradients.front() / gradients.back());
        parts << (parts.isEmpty() ? QObject::tr("%1: the first %2's gradient is %3 of the last layer's")
                                        .arg(run.name, kindOf(weighted.front()->name), ratio)
                                  : QObject::tr("%1: %2").arg(run.name, ratio));
    }
    c.sentence = parts.join("; ") + ".";
    return c;
}

}  // namespace convscope
