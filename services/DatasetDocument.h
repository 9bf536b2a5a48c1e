#pragma once

#include "data/Dataset.h"
#include "data/DatasetScanner.h"
#include "data/SpeakerInfo.h"
#include "util/BackgroundJob.h"

#include <QObject>
#include <QString>

#include <memory>

namespace convscope {

/**
 * The recordings the app works on, with no widget: the FSDD folder that was opened, scanned and decoded on a pool
 * thread (progress and cancel), its speakers.csv, and the folder remembered in QSettings when the user chose it.
 * The Spoken digits tab shows it, the training controller computes its features, Inside the network picks its clips
 * and the model service maps them; they observe it and never ask each other. The dataset is shared read-only
 * (shared()), so work on other threads may keep it alive while a newer folder loads. GUI thread only.
 */
class DatasetDocument : public QObject {
    Q_OBJECT
public:
    explicit DatasetDocument(QObject *parent = nullptr);
    ~DatasetDocument() override;  ///< cancels a running scan and waits for it

    /// Starts scanning `folder` in the background; a running scan is cancelled first.
    void open(const QString &folder);
    /// Like open, and remembers the folder in QSettings (DatasetLocator::remember) once it has loaded.
    void openAndRemember(const QString &folder);
    void cancel();
    /// Replaces the recordings with ones already read (a running scan is dropped); datasetChanged answers.
    void setDataset(Dataset dataset, SpeakerInfo speakers = {});
    bool isLoading() const { return m_load.isRunning(); }

    /// The last folder that loaded (empty before one did).
    const Dataset &dataset() const { return *m_dataset; }
    /// The same, shared read-only for work on another thread.
    std::shared_ptr<const Dataset> shared() const { return m_dataset; }
    const SpeakerInfo &speakers() const { return m_speakers; }
    /// How the last scan ended (Ok before any).
    LoadStatus lastStatus() const { return m_lastStatus; }

Q_SIGNALS:
    void loadStarted(const QString &folder);
    void loadProgress(int done, int total);
    /// A scan ended: ok (dataset() is the new folder's, datasetChanged came first), cancelled or failed; `message`
    /// says which ("3000 recordings, 0 skipped." or the reason).
    void loadFinished(bool ok, const QString &message);
    /// dataset() was replaced.
    void datasetChanged();

private:
    /// A folder scanned and decoded off the GUI thread, with its speakers.csv.
    struct Load {
        DatasetLoadResult result;
        SpeakerInfo speakers;
    };
    void onLoaded(Load load);

    std::shared_ptr<const Dataset> m_dataset;
    SpeakerInfo m_speakers;
    LoadStatus m_lastStatus = LoadStatus::Ok;
    bool m_rememberWhenLoaded = false;
    BackgroundJob<Load> m_load{this};
};

}  // namespace convscope
