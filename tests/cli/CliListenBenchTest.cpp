// convscope-cli bench-listen: streams made of the recordings of a folder, or of the folders in it (as
// tools/make-test-voices writes voices the ready model has not heard), listened to and scored as one JSON line.
#include "SmallFeatureCache.h"
#include "TestPaths.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace convscope;

namespace {

/// Copies the ten digits of `speaker`'s take `take` from FSDD into `folder`.
void copyDigits(const QString &folder, const QString &speaker, int take)
{
    ASSERT_TRUE(QDir().mkpath(folder));
    for (int digit = 0; digit < 10; ++digit) {
        const QString name = QString("%1_%2_%3.wav").arg(digit).arg(speaker).arg(take);
        ASSERT_TRUE(QFile::copy(test::fsddFolder() + "/" + name, folder + "/" + name)) << name.toStdString();
    }
}

}  // namespace

TEST(CliListenBench, ReadsTheRecordingsOfTheFoldersInTheFolderItIsGiven)
{
    QTemporaryDir voices;
    copyDigits(voices.filePath("first"), "theo", 4);
    copyDigits(voices.filePath("second"), "george", 7);
    const test::ProcessResult run = test::runCli(
        {"bench-listen", "--data", voices.path(), "--streams", "1", "--noise-minutes", "0.1"}, 300000);
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const QJsonObject result = QJsonDocument::fromJson(run.out).object();
    EXPECT_EQ(result["speakers"].toInt(), 2);
    EXPECT_EQ(result["words"].toInt(), 20);  // one stream of ten recordings per speaker
    EXPECT_EQ(result["missed"].toInt(), 0);
    EXPECT_EQ(result["doubled"].toInt(), 0);
    EXPECT_GE(result["stream_accuracy"].toDouble(), 0.85);
    EXPECT_GT(result["real_time_factor"].toDouble(), 0.0);
}

TEST(CliListenBench, AFolderWithoutRecordingsIsNamed)
{
    QTemporaryDir empty;
    const test::ProcessResult run = test::runCli({"bench-listen", "--data", empty.path()});
    EXPECT_NE(run.exitCode, 0);
    EXPECT_TRUE(run.err.contains(empty.path().toUtf8())) << run.err.toStdString();
}
