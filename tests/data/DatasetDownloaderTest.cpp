#include "data/ArchiveExtractor.h"
#include "data/DatasetDownloader.h"
#include "data/DatasetLocator.h"
#include "LocalArchiveServer.h"
#include "TestPaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>


#include <gtest/gtest.h>

#include <map>

using namespace convscope;

namespace {

struct Outcome {
    QString folder;
    QString error;
    int progressCalls = 0;
    bool sawExtract = false;
};

Outcome runDownload(DatasetDownloader &downloader, const QUrl &url, const QString &destination,
                    const std::function<void()> &whileRunning = {})
{
    Outcome outcome;
    QEventLoop loop;
    QObject::connect(&downloader, &DatasetDownloader::finished, &loop, [&](const QString &folder) {
        outcome.folder = folder;
        loop.quit();
    });
    QObject::connect(&downloader, &DatasetDownloader::failed, &loop, [&](const QString &error) {
        outcome.error = error;
        loop.quit();
    });
    QObject::connect(&downloader, &DatasetDownloader::progress, &loop, [&](qint64, qint64, const QString &stage) {
        ++outcome.progressCalls;
        outcome.sawExtract |= stage == "extract";
    });
    QTimer::singleShot(30000, &loop, [&] {
        outcome.error = "timeout";
        loop.quit();
    });
    downloader.start(url, destination);
    if (whileRunning)
        QTimer::singleShot(300, &loop, whileRunning);
    loop.exec();
    return outcome;
}

}  // namespace

TEST(DatasetDownloader, DownloadsExtractsVerifiesAndRemembersZipAndTarGz)
{
    test::LocalHttpServer server;
    server.bodies["/master.zip"] = test::buildFsddArchive(true);
    server.bodies["/master.tar.gz"] = test::buildFsddArchive(false);
    for (const char *path : {"/master.zip", "/master.tar.gz"}) {
        QTemporaryDir dir;
        QSettings settings(dir.filePath("settings.ini"), QSettings::IniFormat);
        DatasetDownloader downloader;
        downloader.setExpectedRecordings(test::kArchiveRecordings);
        downloader.setSettings(&settings);
        const Outcome outcome = runDownload(downloader, server.url(path), dir.filePath("fsdd"));
        ASSERT_EQ(outcome.error.toStdString(), "") << path;
        EXPECT_EQ(outcome.folder.toStdString(),
                  QDir::cleanPath(dir.filePath("fsdd/free-spoken-digit-dataset-master/recordings")).toStdString());
        EXPECT_EQ(QDir(outcome.folder).entryList({"*.wav"}).size(), test::kArchiveRecordings);
        EXPECT_FALSE(QFile::exists(dir.filePath("fsdd/download.archive")));  // the archive is removed
        EXPECT_GT(outcome.progressCalls, 1);
        EXPECT_TRUE(outcome.sawExtract);
        EXPECT_EQ(settings.value(DatasetLocator::settingsKey).toString().toStdString(), outcome.folder.toStdString());
        const DatasetLocation location = DatasetLocator::resolve({}, &settings);
        if (qEnvironmentVariableIsEmpty(DatasetLocator::environmentVariable)) {
            EXPECT_EQ(location.source, DatasetSource::Settings);
            EXPECT_EQ(location.folder.toStdString(), outcome.folder.toStdString());
        }
    }
}

TEST(DatasetDownloader, FailuresAreReportedNotCrashed)
{
    test::LocalHttpServer server;
    server.bodies["/junk.zip"] = QByteArray(5000, 'j');
    server.bodies["/few.zip"] = test::buildFsddArchive(true);
    server.bodies["/evil.tar.gz"] = test::buildFsddArchive(false, {{"../escape.txt", "x"}});
    QTemporaryDir dir;
    DatasetDownloader downloader;
    downloader.setExpectedRecordings(test::kArchiveRecordings);

    Outcome missing = runDownload(downloader, server.url("/nothing.zip"), dir.filePath("a"));
    EXPECT_NE(missing.error.indexOf("/nothing.zip"), -1) << missing.error.toStdString();
    EXPECT_NE(missing.error.indexOf("Not Found", 0, Qt::CaseInsensitive), -1) << missing.error.toStdString();

    Outcome junk = runDownload(downloader, server.url("/junk.zip"), dir.filePath("b"));
    EXPECT_NE(junk.error.indexOf("libarchive"), -1) << junk.error.toStdString();

    Outcome evil = runDownload(downloader, server.url("/evil.tar.gz"), dir.filePath("c"));
    EXPECT_NE(evil.error.indexOf("unsafe path"), -1) << evil.error.toStdString();
    EXPECT_FALSE(QFile::exists(dir.filePath("escape.txt")));

    downloader.setExpectedRecordings(3000);
    Outcome few = runDownload(downloader, server.url("/few.zip"), dir.filePath("d"));
    EXPECT_NE(few.error.indexOf("only 12 of the expected 3000"), -1) << few.error.toStdString();

    Outcome cancelled = runDownload(downloader, server.url("/slow"), dir.filePath("e"), [&] { downloader.cancel(); });
    EXPECT_EQ(cancelled.error.toStdString(), "Download cancelled.");
    EXPECT_FALSE(downloader.isRunning());
}

TEST(DatasetLocator, FlagBeatsEnvironmentBeatsSettings)
{
    QTemporaryDir dir;
    QDir(dir.path()).mkpath("flag");
    QDir(dir.path()).mkpath("env");
    QDir(dir.path()).mkpath("repo/recordings");
    QSettings settings(dir.filePath("s.ini"), QSettings::IniFormat);
    DatasetLocator::remember(settings, dir.filePath("repo"));
    qputenv(DatasetLocator::environmentVariable, dir.filePath("env").toLocal8Bit());
    EXPECT_EQ(DatasetLocator::resolve(dir.filePath("flag"), &settings).source, DatasetSource::Flag);
    EXPECT_EQ(DatasetLocator::resolve({}, &settings).source, DatasetSource::Environment);
    qunsetenv(DatasetLocator::environmentVariable);
    const DatasetLocation fromSettings = DatasetLocator::resolve({}, &settings);
    EXPECT_EQ(fromSettings.source, DatasetSource::Settings);
    EXPECT_EQ(fromSettings.folder.toStdString(), QDir::cleanPath(dir.filePath("repo/recordings")).toStdString());
    const DatasetLocation wrong = DatasetLocator::resolve("/nonexistent", &settings);
    EXPECT_TRUE(wrong.folder.isEmpty());
    EXPECT_NE(wrong.error.indexOf("/nonexistent (from --data)"), -1) << wrong.error.toStdString();
    EXPECT_FALSE(DatasetLocator::resolve({}, nullptr).error.isEmpty());
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
