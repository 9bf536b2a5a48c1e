#pragma once

#include "CliCommon.h"

#include "data/FeatureCache.h"
#include "train/TrainingConfig.h"

#include <QCommandLineParser>

#include <optional>

namespace convscope::cli {

/// Reads option `name` into `target` when given; false after printing why not (not a number, below `minimum`).
template <typename Number>
bool readNumber(const QCommandLineParser &parser, const char *name, Number &target, Number minimum)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const double value = parser.value(name).toDouble(&ok);
    if (!ok || value < static_cast<double>(minimum)) {
        printError(QString("--%1: \"%2\" is not a number of at least %3.").arg(name, parser.value(name)).arg(minimum));
        return false;
    }
    target = static_cast<Number>(value);
    return true;
}

/** A training request read from the command line. */
struct TrainingRequest {
    TrainingConfig config;
    bool leaveOneSpeakerOut = false;
};

/// Adds --preset, --net, --data, --input, --epochs, --lr, --batch, --optimizer, --momentum, --weight-decay,
/// --split, --augment, --standardize, --no-shuffle, --seed, --threads and --limit.
void addTrainingOptions(QCommandLineParser &parser);
/// Reads them (preset defaults first, then flags); prints what is wrong and returns nullopt on bad values.
std::optional<TrainingRequest> readTrainingOptions(const QCommandLineParser &parser);
/// Loads --data (or CONVSCOPE_DATA / the saved folder), keeps --limit evenly spaced clips, builds features.
std::optional<FeatureCache> loadFeatures(const QCommandLineParser &parser, InputKind input);

}  // namespace convscope::cli
