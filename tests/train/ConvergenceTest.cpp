// The plateau rule of assignment 3.6(g): judged on epoch-end losses over the last 20 % of the epochs.
#include "train/Convergence.h"
#include "train/ProgressJson.h"
#include "train/RunRecord.h"

#include <QJsonArray>

#include <gtest/gtest.h>

using namespace convscope;

namespace {

/// One epoch-end point per (loss, train accuracy) pair, with a noisy mid-epoch point before each.
std::vector<TrainingProgress> curve(const std::vector<std::pair<double, double>> &epochs)
{
    std::vector<TrainingProgress> points;
    for (std::size_t e = 0; e < epochs.size(); ++e) {
        TrainingProgress mid;
        mid.epoch = static_cast<int>(e);
        mid.fraction = e + 0.5;
        mid.loss = epochs[e].first * 3;  // a running mean of a few batches: must not count
        mid.trainAccuracy = 0.1;
        points.push_back(mid);
        TrainingProgress end = mid;
        end.fraction = e + 1.0;
        end.loss = epochs[e].first;
        end.trainAccuracy = epochs[e].second;
        end.testAccuracy = 0.5;
        end.epochEnd = true;
        points.push_back(end);
    }
    return points;
}

TrainingSummary ended(RunOutcome outcome, int epochsDone)
{
    TrainingSummary summary;
    summary.outcome = outcome;
    summary.epochsDone = epochsDone;
    return summary;
}

}  // namespace

TEST(Convergence, StoppedEarlyIsNotJudgedEvenWithALowLoss)
{
    // Seen by a user: a batchnorm run stopped in epoch 3 of 15 with a low, fast-falling loss was called converged.
    const auto history = curve({{1.0, 0.6}, {0.4, 0.85}});
    const ConvergenceVerdict v = judgeConvergence(history, 15, ended(RunOutcome::Stopped, 2));
    EXPECT_FALSE(v.known);
    EXPECT_FALSE(v.converged);
    EXPECT_EQ(v.reason.toStdString(), "not judged: stopped at epoch 3 of 15");
}

TEST(Convergence, StillImprovingSaysByHowMuch)
{
    // 10 epochs: the last 20 % is epochs 8 to 10, loss 0.5 -> 0.31 (-38 %).
    const auto history = curve({{2.3, 0.1}, {1.8, 0.3}, {1.4, 0.5}, {1.1, 0.6}, {0.9, 0.7}, {0.75, 0.75},
                                {0.6, 0.8}, {0.5, 0.84}, {0.4, 0.86}, {0.31, 0.87}});
    const ConvergenceVerdict v = judgeConvergence(history, 10, ended(RunOutcome::Finished, 10));
    EXPECT_TRUE(v.known);
    EXPECT_FALSE(v.converged);
    EXPECT_EQ(v.reason.toStdString(), "not yet: still improving (−38 % over the last 20 %, epochs 8–10)");
}

TEST(Convergence, PlateauConverges)
{
    const auto history = curve({{2.3, 0.1}, {1.0, 0.6}, {0.5, 0.8}, {0.42, 0.85}, {0.41, 0.86}, {0.40, 0.86},
                                {0.40, 0.87}, {0.39, 0.87}, {0.39, 0.87}, {0.38, 0.87}});
    const ConvergenceVerdict v = judgeConvergence(history, 10, ended(RunOutcome::Finished, 10));
    EXPECT_TRUE(v.known);
    EXPECT_TRUE(v.converged) << v.reason.toStdString();
    EXPECT_TRUE(v.reason.startsWith("yes: loss −3 % over the last 20 % (epochs 8–10)")) << v.reason.toStdString();
}

TEST(Convergence, TinyAbsoluteChangesNearZeroLossArePlateau)
{
    // 0.02 -> 0.015 is -25 % but only 0.005 nats: the loss has stopped improving in any sense a class sees.
    const auto history = curve({{0.5, 0.9}, {0.1, 0.97}, {0.05, 0.99}, {0.02, 1.0}, {0.015, 1.0}});
    EXPECT_TRUE(judgeConvergence(history, 5, ended(RunOutcome::Finished, 5)).converged);
}

TEST(Convergence, ARisingLossIsNeverConverged)
{
    // 0.3 -> 0.8 over the last 20 % (seen before this rule as "yes: loss +167 %").
    const auto history = curve({{2.3, 0.1}, {1.0, 0.6}, {0.5, 0.8}, {0.4, 0.85}, {0.35, 0.86}, {0.32, 0.86},
                                {0.31, 0.87}, {0.3, 0.87}, {0.5, 0.87}, {0.8, 0.87}});
    const ConvergenceVerdict v = judgeConvergence(history, 10, ended(RunOutcome::Finished, 10));
    EXPECT_TRUE(v.known);
    EXPECT_FALSE(v.converged);
    EXPECT_EQ(v.reason.toStdString(), "no: the loss rose (+167 % over the last 20 %, epochs 8–10); try a lower "
                                      "learning rate");
    // 0.001 -> 0.006 near zero: +500 %, but 0.005 nats; settled, and said in nats.
    const auto nearZero = curve({{0.5, 0.9}, {0.1, 0.97}, {0.05, 0.99}, {0.001, 1.0}, {0.006, 1.0}});
    const ConvergenceVerdict settled = judgeConvergence(nearZero, 5, ended(RunOutcome::Finished, 5));
    EXPECT_TRUE(settled.converged);
    EXPECT_EQ(settled.reason.toStdString(), "yes: loss settled near 0.006 (+0.005 over the last 20 %, epochs 4–5), "
                                            "training accuracy stable");
}

TEST(Convergence, FlatLossWithMovingAccuracyIsNotYet)
{
    const auto history = curve({{2.3, 0.1}, {1.0, 0.5}, {0.9, 0.6}, {0.9, 0.7}, {0.89, 0.8}});
    const ConvergenceVerdict v = judgeConvergence(history, 5, ended(RunOutcome::Finished, 5));
    EXPECT_FALSE(v.converged);
    EXPECT_TRUE(v.reason.startsWith("not yet: training accuracy still moving (+10.0 points")) << v.reason.toStdString();
}

TEST(Convergence, DivergedShortAndEmptyRuns)
{
    const auto two = curve({{2.3, 0.1}, {2.2, 0.1}});
    EXPECT_FALSE(judgeConvergence(two, 2, ended(RunOutcome::Diverged, 2)).converged);
    EXPECT_TRUE(judgeConvergence(two, 2, ended(RunOutcome::Diverged, 2)).known);
    EXPECT_FALSE(judgeConvergence(curve({{0.3, 0.9}}), 1, ended(RunOutcome::Finished, 1)).known);
    EXPECT_EQ(judgeConvergence({}, 5, ended(RunOutcome::Finished, 0)).reason.toStdString(),
              "not judged: no complete epoch");
}

TEST(ProgressJson, OneVocabularyAndTheOldKeysStillRead)
{
    TrainingProgress p;
    p.epoch = 2;
    p.fraction = 3.0;
    p.step = 21;
    p.loss = 0.5;
    p.trainAccuracy = 0.8;
    p.testAccuracy = 0.7;
    p.examplesPerSecond = 1234;
    p.epochEnd = true;
    const QJsonObject o = progressToJson(p);
    EXPECT_EQ(o["train_accuracy"].toDouble(), 0.8);
    EXPECT_EQ(o["test_accuracy"].toDouble(), 0.7);
    EXPECT_EQ(o["examples_per_second"].toDouble(), 1234);
    EXPECT_FALSE(o.contains("train_acc"));
    const auto back = progressFromJson(o);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->step, 21);
    EXPECT_EQ(back->testAccuracy, 0.7);
    EXPECT_TRUE(back->epochEnd);

    // A checkpoint written before the shared vocabulary.
    const QJsonObject old{{"epoch", 0}, {"fraction", 1.0}, {"step", 7}, {"loss", 1.5}, {"train_acc", 0.4},
                          {"test_acc", 0.35}, {"examples_per_sec", 900.0}};
    const auto read = progressFromJson(old);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->trainAccuracy, 0.4);
    EXPECT_EQ(read->testAccuracy, 0.35);
    EXPECT_EQ(read->examplesPerSecond, 900.0);
    EXPECT_TRUE(read->epochEnd);
    EXPECT_FALSE(progressFromJson(QJsonObject{{"loss", 1.0}}));
}

TEST(Convergence, ARunAtChanceHasNotLearnedEvenWhenItsCurveIsFlat)
{
    // Seen by a teacher: mfcc at lr 1e-5 for 10 epochs stayed at loss 2.32 and 10 % and was called converged.
    const auto flat = curve({{2.33, 0.10}, {2.33, 0.10}, {2.32, 0.10}, {2.32, 0.11}, {2.32, 0.10},
                             {2.32, 0.10}, {2.32, 0.10}, {2.32, 0.10}, {2.32, 0.10}, {2.32, 0.10}});
    const ConvergenceVerdict v = judgeConvergence(flat, 10, ended(RunOutcome::Finished, 10));
    EXPECT_TRUE(v.known);
    EXPECT_FALSE(v.converged);
    EXPECT_EQ(v.reason.toStdString(), "no: it has not learned yet (loss 2.32 ≈ ln 10, accuracy 10.0 % at chance); "
                                      "try a higher learning rate or more epochs");
    // Two epochs at 9.9 % (convscope-cli train --preset plain --epochs 2) say the same.
    const ConvergenceVerdict twoEpochs =
        judgeConvergence(curve({{2.31, 0.098}, {2.30, 0.099}}), 2, ended(RunOutcome::Finished, 2));
    EXPECT_FALSE(twoEpochs.converged);
    EXPECT_TRUE(twoEpochs.reason.startsWith("no: it has not learned yet"));
    // A run that has left chance behind is judged by the plateau rule as before.
    const ConvergenceVerdict learning =
        judgeConvergence(curve({{2.3, 0.1}, {2.1, 0.3}, {2.05, 0.31}}), 3, ended(RunOutcome::Finished, 3));
    EXPECT_FALSE(learning.reason.startsWith("no: it has not learned yet")) << learning.reason.toStdString();
}
