#pragma once

#include <QMetaType>
#include <QString>

namespace convscope {

/**
 * The one state of the training controller (see docs/architecture.md for the transitions):
 * Idle (no run; there may be a model), PreparingData (features are being built), Opening (a checkpoint is
 * being read), Training, Paused, Stopping (Stop was pressed; the batch in flight ends), Evaluating (the run has
 * ended and its test set is being evaluated), then Finished, Stopped, Diverged or Failed until the next run.
 */
enum class TrainingState { Idle, PreparingData, Opening, Training, Paused, Stopping, Evaluating, Finished, Stopped,
                           Diverged, Failed };

/// "idle", "preparing data", "opening", "training", "paused", "stopping", "evaluating", "finished", …
QString toString(TrainingState state);
/// A run holds the worker: Training, Paused or Stopping. The form is locked and the model is busy.
bool isRunning(TrainingState state);
/// The controller accepts a new run, an open or a save: no run, no checkpoint being read, data ready.
bool isSettled(TrainingState state);

/// A duration as a clock: "1:23", "1:02:03"; "–" when it is unknown (NaN or negative).
QString clockText(double seconds);

/** How a controller message is shown: plain, as a warning, or as an error. */
enum class MessageKind { Info, Warning, Error };

}  // namespace convscope

Q_DECLARE_METATYPE(convscope::TrainingState)
Q_DECLARE_METATYPE(convscope::MessageKind)
