#pragma once

#include <QString>

class QSettings;

namespace convscope {

/** Where the dataset folder came from. */
enum class DatasetSource { None, Flag, Environment, Settings };

struct DatasetLocation {
    QString folder;  ///< the recordings folder (holding the *.wav files), or empty
    DatasetSource source = DatasetSource::None;
    QString error;   ///< why nothing usable was found, with what to do
};

/**
 * Finds the FSDD recordings: the --data flag, else the CONVSCOPE_DATA environment variable, else the folder
 * remembered in QSettings ("data/folder"). A folder that holds recordings/ (a checkout of the dataset
 * repository) resolves to that subfolder. The first source that is set wins: a wrong flag is an error, not a
 * reason to look further. Any thread (QSettings objects are not shared between threads).
 */
class DatasetLocator {
public:
    static constexpr const char *environmentVariable = "CONVSCOPE_DATA";
    static constexpr const char *settingsKey = "data/folder";

    static DatasetLocation resolve(const QString &flagValue, const QSettings *settings = nullptr);
    static void remember(QSettings &settings, const QString &folder);
    /// `folder`, or folder/recordings when that exists and folder itself has no .wav files.
    static QString recordingsFolder(const QString &folder);
    /// Where downloads go: QStandardPaths::AppDataLocation + "/fsdd".
    static QString defaultDownloadFolder();
    static QString toString(DatasetSource source);
};

}  // namespace convscope
