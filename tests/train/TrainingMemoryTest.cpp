// 20 short training runs in one process, each on its own session (thread, worker, trainer): resident memory
// settles after the first runs instead of growing with every run.
#include "RunWaiter.h"
#include "SmallFeatureCache.h"
#include "data/FeatureCache.h"
#include "network/PresetLibrary.h"
#include "train/TrainingSession.h"
#include "train/TrainingWorker.h"

#include <QCoreApplication>
#include <QFile>

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

using namespace convscope;

namespace {

/// A "VmRSS:" or "VmHWM:" line of /proc/self/status, in MiB.
double statusMiB(const char *field)
{
    QFile status("/proc/self/status");
    if (!status.open(QIODevice::ReadOnly))
        return -1.0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(static_cast<int>(qstrlen(field))).trimmed().split(' ').front().toDouble() / 1024.0;
    return -1.0;
}

}  // namespace

TEST(TrainingMemory, TwentyRunsDoNotGrowResidentMemory)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    GTEST_SKIP() << "sanitizers keep freed memory in quarantine; the numbers mean nothing under them";
#endif
    QString error;
    const auto data = test::smallFeatureCache(200, &error);
    ASSERT_TRUE(data) << error.toStdString();
    const PresetLibrary presets;
    constexpr int kRuns = 20, kWindow = 5, kSettled = 5;
    // The lowest VmRSS of runs 6-10 and of runs 16-20: the floor memory returns to after a run.
    double early = 1e300, late = 1e300, settledPeak = 0.0;
    for (int run = 1; run <= kRuns; ++run) {
        // Alternate the big raw-waveform net (1.5 M parameters) and the MFCC net.
        const char *preset = run % 2 ? "plain" : "mfcc";
        auto config = *TrainingConfig::forPreset(preset, *presets.find(preset));
        config.epochs = 1;
        config.threads = 1;
        {
            TrainingSession session(data);
            test::RunWaiter waiter(*session.worker());
            session.worker()->requestTraining(config);
            session.worker()->requestEvaluation();
            const auto summary = waiter.waitFinished(120000);
            ASSERT_TRUE(summary) << "run " << run << " did not finish";
            ASSERT_EQ(summary->outcome, RunOutcome::Finished) << summary->message.toStdString();
        }
        const double rss = statusMiB("VmRSS:"), peak = statusMiB("VmHWM:");
        std::printf("[ memory ] run %2d (%-5s): VmRSS %7.1f MiB, VmHWM %7.1f MiB\n", run, preset, rss, peak);
        if (run == kSettled)
            settledPeak = peak;
        if (run > kSettled && run <= kSettled + kWindow)
            early = std::min(early, rss);
        if (run > kRuns - kWindow)
            late = std::min(late, rss);
    }
    // After the first runs (allocator pools, LibTorch's and Qt's one-time set-up) memory stays flat. Single runs
    // swing by up to ~65 MiB (a raw-waveform run's batch tensors and a new thread's arena, kept or returned at
    // random), so a mean over five runs moves by whole swings (seen: +25 MiB with no leak). A leak raises the
    // floor every run, so compare the floors of two five-run windows, and let the peak rise by at most one swing.
    EXPECT_LT(late - early, 16.0) << "resident memory grows from run to run";
    EXPECT_LT(statusMiB("VmHWM:") - settledPeak, 96.0);
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
