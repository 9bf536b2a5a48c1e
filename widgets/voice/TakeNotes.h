#pragma once

#include "audio/WordWindow.h"
#include "train/TrainingConfig.h"

#include <QStringList>

namespace convscope {

/**
 * What Test your voice says under a take: which part of it the model hears (`heardSeconds` of the take, in its
 * `windowSeconds` window, as `config` prepares a recording) and how, then one warning per problem `check` found (too
 * quiet, clipped, noisy, several words, longer than the window), each with what to do. Pure.
 */
QStringList takeNotes(const TrainingConfig &config, const TakeCheck &check, double heardSeconds, double windowSeconds);

}  // namespace convscope
