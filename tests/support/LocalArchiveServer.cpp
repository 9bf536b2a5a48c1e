#include "LocalArchiveServer.h"

#include "TestPaths.h"

#include <QDir>
#include <QFile>
#include <QTcpSocket>

#include <archive.h>
#include <archive_entry.h>

#include <vector>

namespace convscope::test {

QByteArray buildFsddArchive(bool zip, const std::map<QString, QByteArray> &extra)
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
    const QDir recordings(sharedDir() + "/fsdd/recordings");
    const QStringList names = recordings.entryList({"*.wav"}, QDir::Files, QDir::Name).mid(0, kArchiveRecordings);
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

LocalHttpServer::LocalHttpServer()
{
    m_server.listen(QHostAddress::LocalHost, 0);
    QObject::connect(&m_server, &QTcpServer::newConnection, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { serve(socket); });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            // A later socket may get a deleted one's address: its request must not inherit the old bytes.
            QObject::connect(socket, &QObject::destroyed, [this, socket] { m_requests.erase(socket); });
        }
    });
}

QUrl LocalHttpServer::url(const QString &path) const
{
    return QUrl(QString("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path));
}

void LocalHttpServer::serve(QTcpSocket *socket)
{
    QByteArray &request = m_requests[socket];
    request += socket->readAll();
    if (!request.contains("\r\n\r\n"))
        return;
    const QString path = QString::fromLatin1(request.split(' ').value(1));
    m_requests.erase(socket);
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

}  // namespace convscope::test
