#include "TrainingConfig.h"

#include "network/NetworkJson.h"

#include <QThread>

#include <algorithm>

namespace convscope {

namespace {

struct PresetDefaults {
    const char *id;
    int epochs;
    double learningRate;
    InputKind input;
};

// The assignment's hyper-parameters (sections 3.6-3.9), as in the reference script.
constexpr PresetDefaults kPresetDefaults[] = {
    {"plain", 50, 0.1, InputKind::Raw},      {"dropout", 50, 0.075, InputKind::Raw},
    {"batchnorm", 15, 0.1, InputKind::Raw},  {"resnet", 15, 0.02, InputKind::Raw},
    {"mfcc", 20, 0.05, InputKind::Mfcc},
};

}  // namespace

QString toString(InputKind kind) { return kind == InputKind::Mfcc ? "mfcc" : "raw"; }
QString toString(OptimizerKind kind) { return kind == OptimizerKind::Adam ? "adam" : "sgd"; }

std::optional<InputKind> parseInputKind(const QString &text)
{
    if (text == "raw")
        return InputKind::Raw;
    if (text == "mfcc")
        return InputKind::Mfcc;
    return std::nullopt;
}

std::optional<OptimizerKind> parseOptimizerKind(const QString &text)
{
    if (text == "sgd")
        return OptimizerKind::Sgd;
    if (text == "adam")
        return OptimizerKind::Adam;
    return std::nullopt;
}

QStringList trainablePresetIds()
{
    QStringList ids;
    for (const auto &defaults : kPresetDefaults)
        ids << QString::fromLatin1(defaults.id);
    return ids;
}

std::optional<TrainingConfig> TrainingConfig::forPreset(const QString &presetId, const NetworkSpec &network)
{
    const QString id = presetId == "build_net" ? QStringLiteral("plain") : presetId;
    for (const auto &defaults : kPresetDefaults) {
        if (id == defaults.id) {
            TrainingConfig config;
            config.network = network;
            config.epochs = defaults.epochs;
            config.learningRate = defaults.learningRate;
            config.input = defaults.input;
            return config;
        }
    }
    return std::nullopt;
}

int TrainingConfig::resolvedThreads() const
{
    return threads > 0 ? threads : std::max(1, QThread::idealThreadCount() - 1);
}

QJsonObject TrainingConfig::toJson() const
{
    return {{"network", networkToJson(network)},
            {"input", toString(input)},
            {"epochs", epochs},
            {"lr", learningRate},
            {"batch", batchSize},
            {"optimizer", toString(optimizer)},
            {"momentum", momentum},
            {"weight_decay", weightDecay},
            {"split", split.toString()},
            {"split_seed", QString::number(split.seed)},
            {"seed", QString::number(seed)},
            {"shuffle", shuffle},
            {"augment", augment},
            {"standardize_mfcc", standardizeMfcc},
            {"threads", threads}};
}

std::optional<TrainingConfig> TrainingConfig::fromJson(const QJsonObject &o, QString *error)
{
    const auto fail = [&](const QString &message) -> std::optional<TrainingConfig> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    TrainingConfig config;
    const auto network = parseNetworkJson(o.value("network").toObject());
    if (!network.spec)
        return fail("network: " + QString::fromStdString(network.error));
    config.network = *network.spec;
    const auto input = parseInputKind(o.value("input").toString());
    const auto optimizer = parseOptimizerKind(o.value("optimizer").toString("sgd"));
    if (!input)
        return fail("input: expected \"raw\" or \"mfcc\"");
    if (!optimizer)
        return fail("optimizer: expected \"sgd\" or \"adam\"");
    config.input = *input;
    config.optimizer = *optimizer;
    config.epochs = o.value("epochs").toInt(config.epochs);
    config.learningRate = o.value("lr").toDouble(config.learningRate);
    config.batchSize = o.value("batch").toInt(config.batchSize);
    config.momentum = o.value("momentum").toDouble(0.0);
    config.weightDecay = o.value("weight_decay").toDouble(0.0);
    config.seed = o.value("seed").toString("12345").toULongLong();
    QString splitError;
    const auto split = SplitSpec::parse(o.value("split").toString("random"),
                                        o.value("split_seed").toString("12345").toULongLong(), &splitError);
    if (!split)
        return fail("split: " + splitError);
    config.split = *split;
    config.shuffle = o.value("shuffle").toBool(true);
    config.augment = o.value("augment").toBool(false);
    config.standardizeMfcc = o.value("standardize_mfcc").toBool(false);
    config.threads = o.value("threads").toInt(0);
    if (config.epochs < 1 || config.batchSize < 1 || !(config.learningRate > 0.0))
        return fail("epochs, batch and lr must be positive");
    return config;
}

}  // namespace convscope
