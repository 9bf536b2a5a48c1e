#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace convscope {

/** One row of speakers.csv: who a speaker is. Empty fields when the file has no such column. */
struct Speaker {
    QString name;
    QString gender;
    QString accent;
    QString language;
};

/**
 * The speakers of an FSDD folder, from the dataset metadata `speakers.csv` (header
 * `speaker,gender,accent,language`; the columns may come in any order, only `speaker` is required; quoted fields,
 * CRLF and a UTF-8 BOM are accepted). Rows that cannot be read are left out and listed in `problems`.
 * A value; any thread.
 */
class SpeakerInfo {
public:
    static constexpr const char *fileName = "speakers.csv";

    QString file;             ///< where it was read from, or empty
    std::vector<Speaker> speakers;
    QStringList problems;     ///< "speakers.csv line 4: 2 fields, the header has 4; row skipped."

    /// Parses the file's bytes; `name` prefixes the problems.
    static SpeakerInfo parse(const QByteArray &csv, const QString &name = fileName);
    /// Reads speakers.csv from the recordings folder or its parent; none there gives an empty value, no problem.
    static SpeakerInfo load(const QString &recordingsFolder);

    bool isEmpty() const { return speakers.empty(); }
    /// The speaker of that name (case-insensitive), or nullopt.
    std::optional<Speaker> find(const QString &name) const;
    /// "male, USA/neutral accent, english"; empty for an unknown speaker.
    QString describe(const QString &name) const;
};

}  // namespace convscope
