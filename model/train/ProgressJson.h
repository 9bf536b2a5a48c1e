#pragma once

#include "TrainingProgress.h"

#include <QJsonObject>
#include <QJsonValue>

#include <optional>

namespace convscope {

/**
 * The one JSON vocabulary for training progress, written by the CLI, checkpoints and runs files alike:
 * `epoch` (0-based), `fraction`, `step`, `loss`, `train_accuracy`, `test_accuracy` (null except at epoch ends),
 * `examples_per_second`, `epoch_end` and, with layer statistics, `layers` (layerStatisticsToJson). The reader also accepts files saved before this vocabulary, whose keys were
 * `train_acc`, `test_acc` and `examples_per_sec`. Plain functions; any thread.
 */
/// A number as JSON, or null when it is NaN or infinite (no test set, nothing evaluated).
QJsonValue finiteOrNull(double value);
QJsonObject progressToJson(const TrainingProgress &point);
/// nullopt when `object` has no numeric `fraction`.
std::optional<TrainingProgress> progressFromJson(const QJsonObject &object);

/// A run's end: `outcome`, `epochs_done`, `loss`, `train_accuracy`, `test_accuracy`, `examples_per_second`,
/// `seconds` and, when there is one, `message`.
QJsonObject summaryToJson(const TrainingSummary &summary);
/// Reads what summaryToJson() wrote (also the older `train_acc`/`test_acc`/`examples_per_sec` keys).
TrainingSummary summaryFromJson(const QJsonObject &object);

}  // namespace convscope
