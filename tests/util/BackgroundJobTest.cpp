// BackgroundJob: the one way to run work off the GUI thread, with cancellation and owner lifetime handled once.
#include "util/BackgroundJob.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <gtest/gtest.h>

#include <optional>
#include <vector>

using namespace convscope;

namespace {

QCoreApplication &app()
{
    static int argc = 1;
    static char name[] = "test_background_job";
    static char *argv[] = {name, nullptr};
    static QCoreApplication instance(argc, argv);
    return instance;
}

/// Runs the event loop until `ready` or `ms` pass.
template <typename Ready>
bool spinUntil(Ready ready, int ms = 10000)
{
    QElapsedTimer clock;
    clock.start();
    while (!ready() && clock.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return ready();
}

/// Work that counts until cancelled (or 20 s), returning how far it got and whether it saw the flag.
int countUntilCancelled(const std::atomic<bool> *cancel)
{
    int steps = 0;
    while (!cancel->load() && steps < 20000) {
        QThread::msleep(1);
        ++steps;
    }
    return cancel->load() ? -steps : steps;
}

}  // namespace

TEST(BackgroundJob, DeliversTheResultOnTheOwnersThread)
{
    app();
    QObject owner;
    BackgroundJob<int> job(&owner);
    std::optional<int> result;
    Qt::HANDLE thread = nullptr;
    job.start([](const std::atomic<bool> *) { return 42; }, [&](int value) {
        result = value;
        thread = QThread::currentThreadId();
    });
    EXPECT_TRUE(job.isRunning());
    ASSERT_TRUE(spinUntil([&] { return result.has_value(); }));
    EXPECT_EQ(*result, 42);
    EXPECT_EQ(thread, QThread::currentThreadId());
    EXPECT_FALSE(job.isRunning());
}

TEST(BackgroundJob, RequestCancelStillDeliversTheCancelledResult)
{
    app();
    QObject owner;
    BackgroundJob<int> job(&owner);
    std::optional<int> result;
    job.start(countUntilCancelled, [&](int value) { result = value; });
    QThread::msleep(20);
    job.requestCancel();
    ASSERT_TRUE(spinUntil([&] { return result.has_value(); }, 5000));
    EXPECT_LT(*result, 0);  // the work saw the flag
}

TEST(BackgroundJob, StartingAgainDropsTheOldResult)
{
    app();
    QObject owner;
    BackgroundJob<int> job(&owner);
    std::vector<int> results;
    job.start(countUntilCancelled, [&](int value) { results.push_back(value); });
    QElapsedTimer clock;
    clock.start();
    job.start([](const std::atomic<bool> *) { return 7; }, [&](int value) { results.push_back(value); });
    EXPECT_LT(clock.elapsed(), 5000);  // the old work was cancelled, not waited out
    ASSERT_TRUE(spinUntil([&] { return !results.empty(); }));
    QCoreApplication::processEvents();
    EXPECT_EQ(results, std::vector<int>{7});
}

TEST(BackgroundJob, DestroyingTheOwnerCancelsWaitsAndNeverCallsBack)
{
    app();
    bool called = false;
    QElapsedTimer clock;
    {
        QObject owner;
        BackgroundJob<int> job(&owner);
        job.start(countUntilCancelled, [&](int) { called = true; });
        QThread::msleep(20);
        clock.start();
    }
    EXPECT_LT(clock.elapsed(), 5000);
    for (int i = 0; i < 10; ++i)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    EXPECT_FALSE(called);
}
