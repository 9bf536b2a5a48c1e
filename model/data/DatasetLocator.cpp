#include "DatasetLocator.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace convscope {

QString DatasetLocator::recordingsFolder(const QString &folder)
{
    const QDir dir(folder);
    if (dir.entryList({QStringLiteral("*.wav")}, QDir::Files).isEmpty() && dir.exists(QStringLiteral("recordings")))
        return QDir::cleanPath(dir.filePath(QStringLiteral("recordings")));
    return QDir::cleanPath(folder);
}

DatasetLocation DatasetLocator::resolve(const QString &flagValue, const QSettings *settings)
{
    DatasetLocation location;
    const QString environment = qEnvironmentVariable(environmentVariable);
    const QString remembered = settings ? settings->value(settingsKey).toString() : QString();
    QString chosen;
    if (!flagValue.isEmpty()) {
        chosen = flagValue;
        location.source = DatasetSource::Flag;
    } else if (!environment.isEmpty()) {
        chosen = environment;
        location.source = DatasetSource::Environment;
    } else if (!remembered.isEmpty()) {
        chosen = remembered;
        location.source = DatasetSource::Settings;
    } else {
        location.error = QStringLiteral("No dataset folder: pass --data DIR, set CONVSCOPE_DATA, or download the "
                                        "Free Spoken Digit Dataset from the Dataset menu.");
        return location;
    }
    if (!QFileInfo(chosen).isDir()) {
        location.error = chosen + " (from " + toString(location.source)
                         + ") is not a folder; point it at the dataset's recordings/ folder.";
        return location;
    }
    location.folder = recordingsFolder(chosen);
    return location;
}

void DatasetLocator::remember(QSettings &settings, const QString &folder)
{
    settings.setValue(settingsKey, QDir::cleanPath(QFileInfo(folder).absoluteFilePath()));
}

QString DatasetLocator::defaultDownloadFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/fsdd");
}

QString DatasetLocator::toString(DatasetSource source)
{
    switch (source) {
    case DatasetSource::None:
        return QStringLiteral("nowhere");
    case DatasetSource::Flag:
        return QStringLiteral("--data");
    case DatasetSource::Environment:
        return QStringLiteral("CONVSCOPE_DATA");
    case DatasetSource::Settings:
        return QStringLiteral("the saved settings");
    }
    return {};
}

}  // namespace convscope
