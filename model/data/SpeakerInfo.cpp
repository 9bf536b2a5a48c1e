#include "SpeakerInfo.h"

#include <QDir>
#include <QFile>

namespace convscope {

namespace {

/// One CSV line split into fields: commas separate, double quotes enclose, "" is a quote inside quotes.
QStringList splitCsvLine(const QString &line)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.append(field.trimmed());
            field.clear();
        } else {
            field += c;
        }
    }
    fields.append(field.trimmed());
    return fields;
}

}  // namespace

SpeakerInfo SpeakerInfo::parse(const QByteArray &csv, const QString &name)
{
    SpeakerInfo info;
    QString text = QString::fromUtf8(csv);
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    const QStringList lines = text.split('\n');
    QStringList header;
    int speakerColumn = -1;
    for (qsizetype number = 0; number < lines.size(); ++number) {
        QString line = lines[number];
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        const QStringList fields = splitCsvLine(line);
        if (header.isEmpty()) {
            for (const QString &field : fields)
                header.append(field.toLower());
            speakerColumn = static_cast<int>(header.indexOf("speaker"));
            if (speakerColumn < 0) {
                info.problems.append(QString("%1: the first line has no \"speaker\" column (expected "
                                             "speaker,gender,accent,language).").arg(name));
                return info;
            }
            continue;
        }
        const QString where = QString("%1 line %2").arg(name).arg(number + 1);
        if (fields.size() != header.size()) {
            info.problems.append(QString("%1: %2 fields, the header has %3; row skipped.")
                                     .arg(where).arg(fields.size()).arg(header.size()));
            continue;
        }
        Speaker speaker;
        speaker.name = fields[speakerColumn];
        if (speaker.name.isEmpty()) {
            info.problems.append(where + ": no speaker name; row skipped.");
            continue;
        }
        auto column = [&](const char *key) {
            const qsizetype index = header.indexOf(QLatin1String(key));
            return index < 0 ? QString() : fields[index];
        };
        speaker.gender = column("gender");
        speaker.accent = column("accent");
        speaker.language = column("language");
        info.speakers.push_back(speaker);
    }
    return info;
}

SpeakerInfo SpeakerInfo::load(const QString &recordingsFolder)
{
    const QDir folder(recordingsFolder);
    for (const QString &path : {folder.filePath(fileName), QDir(folder.filePath("..")).filePath(fileName)}) {
        QFile file(path);
        if (!file.exists())
            continue;
        if (!file.open(QIODevice::ReadOnly)) {
            SpeakerInfo info;
            info.problems.append(QString("%1: cannot read (%2).").arg(path, file.errorString()));
            return info;
        }
        SpeakerInfo info = parse(file.read(1 << 20), QDir::cleanPath(path));
        info.file = QDir::cleanPath(path);
        return info;
    }
    return {};
}

std::optional<Speaker> SpeakerInfo::find(const QString &name) const
{
    for (const Speaker &speaker : speakers)
        if (speaker.name.compare(name, Qt::CaseInsensitive) == 0)
            return speaker;
    return std::nullopt;
}

QString SpeakerInfo::describe(const QString &name) const
{
    const std::optional<Speaker> speaker = find(name);
    if (!speaker)
        return {};
    QStringList parts;
    if (!speaker->gender.isEmpty())
        parts.append(speaker->gender);
    if (!speaker->accent.isEmpty())
        parts.append(speaker->accent + " accent");
    if (!speaker->language.isEmpty())
        parts.append(speaker->language);
    return parts.join(", ");
}

}  // namespace convscope
