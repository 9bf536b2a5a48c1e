#include "data/ArchiveExtractor.h"
#include "data/DatasetDownloader.h"
#include "data/DatasetLocator.h"
#include "TestPaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QSettings>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <archive.h>
#include <archive_entry.h>

#include <gtest/gtest.h>

#include <map>

using namespace convscope;

namespace {

constexpr int kFiles = 12;

/// An archive like GitHub's: free-spoken-digit-dataset-master/recordings/*.wav plus a README, from ../shared/fsdd.
QByteArray buildArchive(bool zip, const std::map<QString, QByteArray> &extra = {})
{
    archive *writer = archive_write_new();
    if (zip) {
        archive_write_set_format_zip(writer);
    } else {
        archive_write_set_format_pax_restricted(writer);
        archive_write_add_filter_gzip(writer);
    }
    std::vector<char> buffer(8 << 20);
    size_t used = 0;
    archive_write_open_memory(writer, buffer.data(), buffer.size(), &used);
    std::map<QString, QByteArray> files = extra;
    files["free-spoken-digit-dataset-master/README.md"] = "FSDD\n";
    const QDir recordings(test::sharedDir() + "/fsdd/recordings");
    const QStringList names = recordings.entryList({"*.wav"}, QDir::Files, QDir::Name).mid(0, kFiles);
    for (const QString &name : names) {
        QFile file(recordings.filePath(name));
        file.open(QIODevice::ReadOnly);
        files["free-spoken-digit-dataset-master/recordings/" + name] = file.readAll();
    }
    for (const auto &[path, bytes] : files) {
        archive_entry *entry = archive_entry_new();
        archive_entry_set_pathname(entry, path.toUtf8().constData());
        archive_entry_set_size(entry, bytes.size());
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_write_header(writer, entry);
        archive_write_data(writer, bytes.constData(), static_cast<size_t>(bytes.size()));
        archive_entry_free(entry);
    }
    archive_write_close(writer);
    archive_write_free(writer);
    return QByteArray(buffer.data(), static_cast<qsizetype>(used));
}

/// A tiny HTTP/1.0 server on 127.0.0.1 serving fixed bodies by path; "/slow" sends a little and then stalls.
class LocalHttpServer {
public:
    std::map<QString, QByteArray> bodies;

    LocalHttpServer()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { serve(socket); });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    QUrl url(const QString &path) const { return QUrl(QString("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path)); }

private:
    void serve(QTcpSocket *socket)
    {
        QByteArray &request = m_requests[socket];
        request += socket->readAll();
        if (!request.contains("\r\n\r\n"))
            return;
        const QString path = QString::fromLatin1(request.split(' ').value(1));
        if (path == "/slow") {
            socket->write("HTTP/1.0 200 OK\r\nContent-Length: 100000000\r\n\r\n");
            socket->write(QByteArray(1000, 'x'));
            return;
        }
        const auto found = bodies.find(path);
        if (found == bodies.end()) {
            socket->write("HTTP/1.0 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found");
        } else {
            socket->write("HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                          + QByteArray::number(found->second.size()) + "\r\n\r\n");
            socket->write(found->second);
        }
        socket->disconnectFromHost();
    }
    QTcpServer m_server;
    std::map<QTcpSocket *, QByteArray> m_requests;
};

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
    LocalHttpServer server;
    server.bodies["/master.zip"] = buildArchive(true);
    server.bodies["/master.tar.gz"] = buildArchive(false);
    for (const char *path : {"/master.zip", "/master.tar.gz"}) {
        QTemporaryDir dir;
        QSettings settings(dir.filePath("settings.ini"), QSettings::IniFormat);
        DatasetDownloader downloader;
        downloader.setExpectedRecordings(kFiles);
        downloader.setSettings(&settings);
        const Outcome outcome = runDownload(downloader, server.url(path), dir.filePath("fsdd"));
        ASSERT_EQ(outcome.error.toStdString(), "") << path;
        EXPECT_EQ(outcome.folder.toStdString(),
                  QDir::cleanPath(dir.filePath("fsdd/free-spoken-digit-dataset-master/recordings")).toStdString());
        EXPECT_EQ(QDir(outcome.folder).entryList({"*.wav"}).size(), kFiles);
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
    LocalHttpServer server;
    server.bodies["/junk.zip"] = QByteArray(5000, 'j');
    server.bodies["/few.zip"] = buildArchive(true);
    server.bodies["/evil.tar.gz"] = buildArchive(false, {{"../escape.txt", "x"}});
    QTemporaryDir dir;
    DatasetDownloader downloader;
    downloader.setExpectedRecordings(kFiles);

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
