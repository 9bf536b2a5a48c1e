#pragma once

#include <QByteArray>
#include <QString>
#include <QTcpServer>
#include <QUrl>

#include <map>

class QTcpSocket;

namespace convscope::test {

/// How many FSDD recordings buildFsddArchive() packs.
inline constexpr int kArchiveRecordings = 12;

/// An archive like GitHub's: free-spoken-digit-dataset-master/recordings/*.wav (the first kArchiveRecordings of
/// ../shared/fsdd) plus a README and any `extra` entries; zip or tar.gz, built with libarchive.
QByteArray buildFsddArchive(bool zip, const std::map<QString, QByteArray> &extra = {});

/// A tiny HTTP/1.0 server on 127.0.0.1 serving fixed bodies by path; "/slow" sends a little and then stalls.
/// Lives on the thread that runs its event loop.
class LocalHttpServer {
public:
    std::map<QString, QByteArray> bodies;

    LocalHttpServer();
    QUrl url(const QString &path) const;

private:
    void serve(QTcpSocket *socket);
    QTcpServer m_server;
    std::map<QTcpSocket *, QByteArray> m_requests;
};

}  // namespace convscope::test
