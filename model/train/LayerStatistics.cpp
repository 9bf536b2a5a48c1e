#include "LayerStatistics.h"

#include "ProgressJson.h"

#include "network/AssignmentResidual.h"
#include "network/NetworkSpec.h"

#include <QJsonObject>



namespace convscope {

namespace {

bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

double numberOrNaN(const QJsonValue &value)
{
    return value.isDouble() ? value.toDouble() : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

bool LayerStatistics::operator==(const LayerStatistics &o) const
{
    return layer == o.layer && name == o.name && weighted == o.weighted && same(weightNorm, o.weightNorm)
           && same(gradNorm, o.gradNorm) && same(updateRatio, o.updateRatio) && same(activationMean, o.activationMean)
           && same(activationStd, o.activationStd) && same(deadFraction, o.deadFraction) && histogram == o.histogram;
}

double histogramBinStart(int bin)
{
    const int octave = bin >= 16 ? bin - 16 : 15 - bin;
    const double magnitude = octave == 0 ? 0.0 : std::ldexp(1.0, octave - 1 + LayerStatistics::kSmallestOctave);
    return bin >= 16 ? magnitude : -magnitude;
}

QJsonArray layerStatisticsToJson(const std::vector<LayerStatistics> &layers)
{
    QJsonArray array;
    for (const LayerStatistics &l : layers) {
        QJsonArray histogram;
        for (const std::int64_t count : l.histogram)
            histogram.append(static_cast<qint64>(count));
        array.append(QJsonObject{{"name", l.name},
                                 {"layer", l.layer},
                                 {"weighted", l.weighted},
                                 {"weight_norm", finiteOrNull(l.weightNorm)},
                                 {"grad_norm", finiteOrNull(l.gradNorm)},
                                 {"update_ratio", finiteOrNull(l.updateRatio)},
                                 {"activation_mean", finiteOrNull(l.activationMean)},
                                 {"activation_std", finiteOrNull(l.activationStd)},
                                 {"dead_fraction", finiteOrNull(l.deadFraction)},
                                 {"histogram", histogram}});
    }
    return array;
}

QString layerStatisticsType(const LayerSpec &layer)
{
    if (const auto residual = AssignmentResidual::of(layer))
        return "residual" + QString::number(residual->dims) + "d";
    return QString::fromStdString(layer.typeName());
}

std::optional<std::size_t> networkLayerOf(const LayerStatistics &row, const NetworkSpec &network)
{
    if (row.layer < 0 || static_cast<std::size_t>(row.layer) >= network.layers.size())
        return std::nullopt;
    const auto layer = static_cast<std::size_t>(row.layer);
    if (row.name != QString::number(layer + 1) + " " + layerStatisticsType(network.layers[layer]))
        return std::nullopt;
    return layer;
}

std::vector<LayerStatistics> layerStatisticsFromJson(const QJsonArray &array)
{
    std::vector<LayerStatistics> layers;
    for (const QJsonValue &value : array) {
        const QJsonObject o = value.toObject();
        if (!o["name"].isString())
            continue;
        LayerStatistics l;
        l.name = o["name"].toString();
        l.layer = o["layer"].toInt();
        l.weighted = o["weighted"].toBool();
        l.weightNorm = numberOrNaN(o["weight_norm"]);
        l.gradNorm = numberOrNaN(o["grad_norm"]);
        l.updateRatio = numberOrNaN(o["update_ratio"]);
        l.activationMean = numberOrNaN(o["activation_mean"]);
        l.activationStd = numberOrNaN(o["activation_std"]);
        l.deadFraction = numberOrNaN(o["dead_fraction"]);
        for (const QJsonValue &count : o["histogram"].toArray())
            l.histogram.push_back(static_cast<std::int64_t>(count.toDouble()));
        layers.push_back(std::move(l));
    }
    return layers;
}

}  // namespace convscope
