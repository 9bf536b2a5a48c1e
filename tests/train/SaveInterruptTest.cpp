// SIGKILL a process while it saves a network file or a training checkpoint over and over to the same path: the
// file left behind is always one complete version, byte for byte, and it loads.
#include "SmallFeatureCache.h"
#include "data/FeatureCache.h"
#include "network/NetworkJson.h"
#include "train/Trainer.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <random>
#include <thread>

using namespace convscope;

namespace {

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// Runs the helper `kills` times, killing it at a random moment of its save loop, and checks the file each time.
/// `loads` says whether the file reads back (with an error message otherwise).
template <typename Loads>
void killWhileSaving(const QString &kind, int kills, Loads loads)
{
    QTemporaryDir dir;
    const QString path = dir.filePath("saved." + kind);
    std::mt19937 random(7);
    std::uniform_int_distribution<int> pickDelayMs(0, 40);
    int first = 0, second = 0;
    for (int kill = 0; kill < kills; ++kill) {
        SCOPED_TRACE(kind.toStdString() + " kill " + std::to_string(kill));
        QProcess helper;
        helper.start(QStringLiteral(CONVSCOPE_SAVE_LOOP_HELPER), {kind, path});
        ASSERT_TRUE(helper.waitForStarted(30000));
        while (!helper.canReadLine())
            ASSERT_TRUE(helper.waitForReadyRead(60000)) << helper.readAllStandardError().toStdString();
        ASSERT_EQ(helper.readLine(), "ready\n");
        std::this_thread::sleep_for(std::chrono::milliseconds(pickDelayMs(random)));
        helper.kill();  // SIGKILL
        ASSERT_TRUE(helper.waitForFinished(30000));
        ASSERT_EQ(helper.exitStatus(), QProcess::CrashExit) << "the helper stopped by itself: "
                                                             << helper.readAllStandardError().toStdString();
        const QByteArray saved = contents(path);
        const bool isFirst = saved == contents(path + ".a"), isSecond = saved == contents(path + ".b");
        ASSERT_TRUE(isFirst || isSecond) << "a mix or a partial file of " << saved.size() << " bytes";
        first += isFirst;
        second += isSecond;
        const QString error = loads(path);
        ASSERT_EQ(error.toStdString(), "");
    }
    // QSaveFile's temporary files of interrupted saves stay behind; the saved file never is one.
    const int leftovers = static_cast<int>(QDir(dir.path()).entryList(QDir::Files).size()) - 3;
    std::printf("[ kill ] %s: %d kills, left the first version %d times, the second %d times; %d temporary files "
                "left behind\n", qPrintable(kind), kills, first, second, leftovers);
}

}  // namespace

TEST(SaveInterrupt, NetworkFileIsAlwaysOneCompleteVersion)
{
    killWhileSaving("network", 25, [](const QString &path) {
        return QString::fromStdString(loadNetworkFile(path).error);
    });
}

TEST(SaveInterrupt, CheckpointIsAlwaysOneCompleteVersion)
{
    QString error;
    const auto data = test::smallFeatureCache(100, &error);  // the helper's data, to load its checkpoints
    ASSERT_TRUE(data) << error.toStdString();
    killWhileSaving("checkpoint", 25, [&](const QString &path) {
        return Trainer::loadCheckpoint(path, *data, &error) ? QString() : error;
    });
}
