#include "BenchReport.h"

#include "network/NetworkAnalysis.h"
#include "network/PresetLibrary.h"
#include "train/TrainingConfig.h"

namespace convscope::cli {

const QStringList kPresetsWithoutReference{"voice"};

namespace {

double examplesPerSecond(const QJsonObject &modeReport, const QString &model)
{
    return modeReport[model].toObject()["convscope"].toObject()["examples_per_second"].toDouble();
}

}  // namespace

double flopPerExample(const QString &model)
{
    const PresetLibrary presets;
    const NetworkSpec *spec = presets.find(model.toStdString());
    const auto config = spec ? TrainingConfig::forPreset(model, *spec) : std::nullopt;
    if (!config)
        return 0.0;
    return 3.0 * 2.0 * static_cast<double>(analyzeNetwork(config->network).totalMacs);
}

void addDerivedFigures(QJsonObject &modeReport, double sgemmGflops)
{
    const double mfccSpeed = examplesPerSecond(modeReport, "mfcc");
    for (const QString &model : modeReport.keys()) {
        QJsonObject entry = modeReport[model].toObject();
        QJsonObject ours = entry["convscope"].toObject();
        const double flop = flopPerExample(model);
        const double gflops = ours["examples_per_second"].toDouble() * flop / 1e9;
        entry["flop_per_example"] = flop;
        ours["gflops_per_second"] = gflops;
        ours["gemm_fraction"] = sgemmGflops > 0 ? gflops / sgemmGflops : 0.0;
        entry["convscope"] = ours;
        if (kPresetsWithoutReference.contains(model) && mfccSpeed > 0)
            entry["relative_to_mfcc"] = examplesPerSecond(modeReport, model) / mfccSpeed;
        modeReport[model] = entry;
    }
}

QJsonObject scalingOf(const QJsonObject &oneThread, const QJsonObject &allCores)
{
    QJsonObject scaling;
    for (const QString &model : oneThread.keys()) {
        const double one = examplesPerSecond(oneThread, model);
        scaling[model] = one > 0 ? examplesPerSecond(allCores, model) / one : 0.0;
    }
    return scaling;
}

}  // namespace convscope::cli
