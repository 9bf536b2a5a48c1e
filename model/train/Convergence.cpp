#include "Convergence.h"

#include <QObject>

#include <cmath>

namespace convscope {

namespace {

constexpr double kWindow = 0.2;              // the last 20 % of the epochs
constexpr double kRelativeImprovement = 0.10;
constexpr double kAbsoluteImprovement = 0.01;
constexpr double kAccuracyChange = 0.02;
// A run at chance: ten classes give a loss of ln 10 ≈ 2.30 and 10 % accuracy. A flat curve there is not a plateau
// of learning but no learning at all.
constexpr double kChanceLoss = 2.0;
constexpr double kChanceAccuracy = 0.15;

ConvergenceVerdict verdict(bool known, bool converged, const QString &reason) { return {known, converged, reason}; }

QString percent(double fraction) { return QString::number(100.0 * fraction, 'f', 0); }

}  // namespace

QString convergenceRule()
{
    return QObject::tr("Converged when, over the last 20 % of the epochs, the epoch loss improved by less than 10 % "
                       "(or by less than 0.01) and the training accuracy moved by at most 2 points; a loss that "
                       "rose by as much has not converged, and neither has a run still at chance (loss near ln 10, "
                       "training accuracy at most 15 %). Runs stopped early or shorter than two epochs are not "
                       "judged.");
}

ConvergenceVerdict judgeConvergence(const std::vector<TrainingProgress> &history, int epochsTarget,
                                    const TrainingSummary &summary)
{
    std::vector<const TrainingProgress *> ends;
    for (const TrainingProgress &point : history)
        if (point.epochEnd)
            ends.push_back(&point);
    if (summary.outcome == RunOutcome::Failed)
        return verdict(false, false, QObject::tr("not judged: the run failed"));
    if (summary.outcome == RunOutcome::Diverged)
        return verdict(true, false, QObject::tr("no: the run diverged"));
    if (summary.outcome == RunOutcome::Stopped && summary.epochsDone < epochsTarget)
        return verdict(false, false, QObject::tr("not judged: stopped at epoch %1 of %2")
                                         .arg(summary.epochsDone + 1).arg(epochsTarget));
    if (!ends.empty() && ends.back()->loss >= kChanceLoss && ends.back()->trainAccuracy <= kChanceAccuracy)
        return verdict(true, false, QObject::tr("no: it has not learned yet (loss %1 ≈ ln 10, accuracy %2 % at "
                                                "chance); try a higher learning rate or more epochs")
                                        .arg(ends.back()->loss, 0, 'f', 2)
                                        .arg(100.0 * ends.back()->trainAccuracy, 0, 'f', 1));
    if (ends.size() < 2)
        return verdict(false, false, ends.empty() ? QObject::tr("not judged: no complete epoch")
                                                  : QObject::tr("not judged: one epoch shows no plateau"));
    const auto window = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(kWindow * ends.size())));
    const TrainingProgress &first = *ends[ends.size() - 1 - window];
    const TrainingProgress &last = *ends.back();
    const double improvement = first.loss - last.loss;
    const double relative = first.loss > 0 ? improvement / first.loss : 0.0;
    const double accuracyChange = last.trainAccuracy - first.trainAccuracy;
    const QString span = QObject::tr("epochs %1–%2").arg(first.epoch + 1).arg(last.epoch + 1);
    if (relative >= kRelativeImprovement && improvement >= kAbsoluteImprovement)
        return verdict(true, false, QObject::tr("not yet: still improving (−%1 % over the last 20 %, %2)")
                                        .arg(percent(relative), span));
    if (-relative >= kRelativeImprovement && -improvement >= kAbsoluteImprovement)
        return verdict(true, false, QObject::tr("no: the loss rose (+%1 % over the last 20 %, %2); try a lower "
                                                "learning rate")
                                        .arg(percent(-relative), span));
    if (std::abs(accuracyChange) > kAccuracyChange)
        return verdict(true, false, QObject::tr("not yet: training accuracy still moving (%1%2 points, %3)")
                                        .arg(accuracyChange > 0 ? "+" : "−")
                                        .arg(100.0 * std::abs(accuracyChange), 0, 'f', 1)
                                        .arg(span));
    // Near zero a large relative change is a tiny absolute one (seen: "yes: loss +555 %"): say it in nats.
    if (std::abs(relative) >= kRelativeImprovement)
        return verdict(true, true, QObject::tr("yes: loss settled near %1 (%2%3 over the last 20 %, %4), training "
                                               "accuracy stable")
                                       .arg(last.loss, 0, 'f', 3)
                                       .arg(improvement >= 0 ? "−" : "+")
                                       .arg(std::abs(improvement), 0, 'f', 3)
                                       .arg(span));
    return verdict(true, true, QObject::tr("yes: loss %1%2 % over the last 20 % (%3), training accuracy stable")
                                   .arg(improvement >= 0 ? "−" : "+")
                                   .arg(percent(std::abs(relative)))
                                   .arg(span));
}

}  // namespace convscope
