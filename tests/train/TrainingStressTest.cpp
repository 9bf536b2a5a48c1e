// Start a real run, then stop, pause/resume, step or close the session at a random moment, 100 times (seeded):
// every run ends with a summary within a deadline, nothing hangs, nothing crashes.
#include "RunWaiter.h"
#include "SmallFeatureCache.h"
#include "data/FeatureCache.h"
#include "network/PresetLibrary.h"
#include "train/TrainingSession.h"
#include "train/TrainingWorker.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <thread>

using namespace convscope;

namespace {

constexpr int kDeadlineMs = 60000;  // a run of this size takes well under a second; a minute means a hang

TrainingConfig shortRun()
{
    const PresetLibrary presets;
    auto config = *TrainingConfig::forPreset("mfcc", *presets.find("mfcc"));
    config.epochs = 20;
    config.threads = 1;
    return config;
}

enum class Action { Stop, PauseResume, PauseStop, StepThenStop, Close, Count };

const char *name(Action action)
{
    static const char *names[] = {"stop", "pause+resume", "pause+stop", "step+stop", "close"};
    return names[static_cast<int>(action)];
}

}  // namespace

TEST(TrainingStress, HundredRunsInterruptedAtRandomMomentsAllEndWithASummary)
{
    QString error;
    const auto data = test::smallFeatureCache(200, &error);
    ASSERT_TRUE(data) << error.toStdString();
    const TrainingConfig config = shortRun();
    std::mt19937 random(20240611);
    std::uniform_int_distribution<int> pickAction(0, static_cast<int>(Action::Count) - 1);
    std::uniform_int_distribution<int> pickDelayMs(0, 60);
    const auto sleepRandomly = [&] { std::this_thread::sleep_for(std::chrono::milliseconds(pickDelayMs(random))); };

    auto session = std::make_unique<TrainingSession>(data);
    auto waiter = std::make_unique<test::RunWaiter>(*session->worker());
    int outcomes[4] = {};
    qint64 slowestCloseMs = 0;
    for (int run = 0; run < 100; ++run) {
        const auto action = static_cast<Action>(pickAction(random));
        SCOPED_TRACE(std::string("run ") + std::to_string(run) + ", " + name(action));
        TrainingWorker &worker = *session->worker();
        worker.requestTraining(config);
        ASSERT_TRUE(waiter->waitStarted(kDeadlineMs)) << waiter->failures().toStdString();
        sleepRandomly();
        TrainingControl &control = worker.control();
        switch (action) {
        case Action::Stop:
            control.requestStop();
            break;
        case Action::PauseResume:
            control.pause();
            sleepRandomly();
            control.resume();
            break;
        case Action::PauseStop:
            control.pause();
            sleepRandomly();
            control.requestStop();
            break;
        case Action::StepThenStop:
            control.pause();
            for (int i = 0; i < 3; ++i)
                control.step();
            sleepRandomly();
            control.requestStop();
            break;
        case Action::Close: {
            QElapsedTimer closing;
            closing.start();
            session.reset();  // stops the run at the next batch, then joins the thread
            slowestCloseMs = std::max(slowestCloseMs, closing.elapsed());
            break;
        }
        case Action::Count:
            break;
        }
        const auto summary = waiter->waitFinished(kDeadlineMs);
        ASSERT_TRUE(summary) << "no summary within " << kDeadlineMs << " ms";
        ASSERT_NE(summary->outcome, RunOutcome::Failed) << summary->message.toStdString();
        ASSERT_NE(summary->outcome, RunOutcome::Diverged) << summary->message.toStdString();
        if (action == Action::PauseResume) {
            EXPECT_EQ(summary->outcome, RunOutcome::Finished);
        }
        if (summary->outcome == RunOutcome::Finished) {
            EXPECT_EQ(summary->epochsDone, config.epochs);
        } else {
            EXPECT_LT(summary->epochsDone, config.epochs);
        }
        ++outcomes[static_cast<int>(summary->outcome)];
        if (!session) {
            waiter.reset();
            session = std::make_unique<TrainingSession>(data);
            waiter = std::make_unique<test::RunWaiter>(*session->worker());
        }
    }
    EXPECT_EQ(waiter->failures(), "");
    std::printf("[ stress ] finished %d, stopped %d; slowest close %lld ms\n", outcomes[0], outcomes[1],
                static_cast<long long>(slowestCloseMs));
    session.reset();
}

TEST(TrainingStress, StopThenTrainStillStopsTheRunningRun)
{
    QString error;
    const auto data = test::smallFeatureCache(200, &error);
    ASSERT_TRUE(data) << error.toStdString();
    TrainingSession session(data);
    test::RunWaiter waiter(*session.worker());
    TrainingConfig longRun = shortRun();
    longRun.epochs = 200;
    session.worker()->requestTraining(longRun);
    ASSERT_TRUE(waiter.waitStarted(kDeadlineMs));
    ASSERT_TRUE(waiter.waitProgress(3, kDeadlineMs));
    // Stop and at once ask for a new run: the stop belongs to the run that is going.
    session.worker()->control().requestStop();
    TrainingConfig next = shortRun();
    next.epochs = 1;
    session.worker()->requestTraining(next);
    const auto first = waiter.waitFinished(kDeadlineMs);
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->outcome, RunOutcome::Stopped);
    EXPECT_LT(first->epochsDone, 200);
    const auto second = waiter.waitFinished(kDeadlineMs);
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->outcome, RunOutcome::Finished);
    EXPECT_EQ(second->epochsDone, 1);
}

TEST(TrainingStress, StopRightAfterAskingForARunEndsThatRun)
{
    // Seen under a slow (sanitizer) build: Train, then Stop before the worker thread had started the run; the run
    // cleared the Stop when it began and went on for all its epochs. The worker is kept busy first, so the Stop
    // always comes between the request and the run's start.
    QString error;
    const auto data = test::smallFeatureCache(200, &error);
    ASSERT_TRUE(data) << error.toStdString();
    TrainingSession session(data);
    test::RunWaiter waiter(*session.worker());
    QMetaObject::invokeMethod(session.worker(), [] { std::this_thread::sleep_for(std::chrono::milliseconds(300)); },
                              Qt::QueuedConnection);
    TrainingConfig longRun = shortRun();
    longRun.epochs = 200;
    session.worker()->requestTraining(longRun);
    session.worker()->control().requestStop();
    const auto summary = waiter.waitFinished(kDeadlineMs);
    ASSERT_TRUE(summary.has_value());
    EXPECT_EQ(summary->outcome, RunOutcome::Stopped);
    EXPECT_EQ(summary->epochsDone, 0);
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
