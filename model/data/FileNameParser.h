#pragma once

#include <QString>

#include <optional>

namespace convscope {

/** What an FSDD file name says: `7_jackson_32.wav` is digit 7, speaker "jackson", take 32. */
struct RecordingName {
    int digit = 0;
    QString speaker;
    int take = 0;
    /// A recording added only to train on (a synthetic voice, `convscope-cli train --voices`): every split puts it
    /// in the training set and never in a test set, and it is nobody to leave out. Not part of the name.
    bool trainOnly = false;

    bool operator==(const RecordingName &other) const
    {
        return digit == other.digit && speaker == other.speaker && take == other.take;
    }
};

/**
 * Parses FSDD names `{digit}_{speaker}_{take}.wav`: one digit 0-9, a speaker of letters, digits or '-',
 * a take of up to 4 digits, extension .wav (any case). Anything else is rejected with a reason, never guessed.
 * Pure functions; any thread.
 */
class FileNameParser {
public:
    /// The parsed name, or nullopt with `reason` saying what does not match.
    static std::optional<RecordingName> parse(const QString &fileName, QString *reason = nullptr);
    static QString pattern() { return QStringLiteral("{digit}_{speaker}_{take}.wav"); }
};

}  // namespace convscope
