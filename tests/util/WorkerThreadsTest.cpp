// The batch workers: every part runs once per run, on its own thread, and a part's exception reaches the caller.
#include "util/WorkerThreads.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <stdexcept>

using namespace convscope;

TEST(WorkerThreads, RunsEveryPartOncePerRunOnItsOwnThread)
{
    std::atomic<int> setups{0};
    WorkerThreads workers(3, [&] { ++setups; });
    EXPECT_EQ(workers.count(), 3);
    for (int round = 0; round < 200; ++round) {
        std::vector<int> calls(3, 0);
        std::vector<std::thread::id> threads(3);
        workers.run([&](int part) {
            ++calls[static_cast<std::size_t>(part)];
            threads[static_cast<std::size_t>(part)] = std::this_thread::get_id();
        });
        ASSERT_EQ(calls, (std::vector<int>{1, 1, 1})) << "round " << round;
        EXPECT_EQ(threads[0], std::this_thread::get_id());  // part 0 is the caller's
        EXPECT_EQ(std::set<std::thread::id>(threads.begin(), threads.end()).size(), 3u);
    }
    EXPECT_EQ(setups.load(), 2);
}

TEST(WorkerThreads, APartsExceptionReachesTheCallerAfterEveryPartEnded)
{
    WorkerThreads workers(2, {});
    std::atomic<int> finished{0};
    EXPECT_THROW(workers.run([&](int part) {
        if (part == 1)
            throw std::runtime_error("part 1 failed");
        ++finished;
    }),
                 std::runtime_error);
    EXPECT_EQ(finished.load(), 1);
    workers.run([&](int) { ++finished; });  // still usable
    EXPECT_EQ(finished.load(), 3);
}
