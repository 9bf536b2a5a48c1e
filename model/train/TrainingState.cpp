#include "TrainingState.h"

namespace convscope {

QString toString(TrainingState state)
{
    switch (state) {
    case TrainingState::Idle: return "idle";
    case TrainingState::PreparingData: return "preparing data";
    case TrainingState::Opening: return "opening";
    case TrainingState::Training: return "training";
    case TrainingState::Paused: return "paused";
    case TrainingState::Stopping: return "stopping";
    case TrainingState::Evaluating: return "evaluating";
    case TrainingState::Finished: return "finished";
    case TrainingState::Stopped: return "stopped";
    case TrainingState::Diverged: return "diverged";
    case TrainingState::Failed: return "failed";
    }
    return "idle";
}

bool isRunning(TrainingState state)
{
    return state == TrainingState::Training || state == TrainingState::Paused || state == TrainingState::Stopping;
}

bool isSettled(TrainingState state)
{
    return !isRunning(state) && state != TrainingState::Opening && state != TrainingState::PreparingData
           && state != TrainingState::Evaluating;
}

}  // namespace convscope
