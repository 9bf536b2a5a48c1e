#pragma once

#include "data/FeatureCache.h"
#include "train/TrainingConfig.h"

#include <QCommandLineParser>

#include <optional>

namespace convscope::cli {

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
