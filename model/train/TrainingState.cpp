#include "TrainingState.h"

#include <cmath>

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

QString clockText(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return QStringLiteral("–");
    const int s = static_cast<int>(std::lround(seconds));
    return s >= 3600 ? QString("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QChar('0')).arg(s % 60, 2, 10, QChar('0'))
                     : QString("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

}  // namespace convscope
