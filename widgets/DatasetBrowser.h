#pragma once

#include "data/Dataset.h"

#include <QWidget>

#include <atomic>
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QThread;
class QTimer;

namespace convscope {

class AudioPlayer;
class FeatureMatrixView;
class WaveformView;

/**
 * Browses an FSDD folder: loads it on a worker thread (progress bar, Cancel), lists recordings with digit,
 * speaker, take and length plus the skipped files and why, and shows the selected recording's waveform,
 * log-power spectrogram, log-mel filterbank and MFCC; Play/Stop with a moving playhead (disabled with one
 * message when there is no audio device). GUI thread only.
 */
class DatasetBrowser : public QWidget {
    Q_OBJECT
public:
    explicit DatasetBrowser(QWidget *parent = nullptr);
    ~DatasetBrowser() override;

    /// Starts loading in the background; a running load is cancelled first.
    void openFolder(const QString &folder);
    void cancelLoading();
    bool isLoading() const { return m_worker != nullptr; }
    const Dataset &dataset() const { return m_dataset; }
    /// Shows recording `index` of dataset().items.
    void selectRecording(int index);
    int selectedRecording() const { return m_selected; }

    WaveformView *waveformView() const { return m_waveform; }
    FeatureMatrixView *spectrogramView() const { return m_spectrogram; }
    FeatureMatrixView *logMelView() const { return m_logMel; }
    FeatureMatrixView *mfccView() const { return m_mfcc; }

Q_SIGNALS:
    void loadProgress(int done, int total);
    /// Emitted when a load ends: ok, cancelled or failed (message says which).
    void loadFinished(bool ok, const QString &message);
    void recordingSelected(int index);

private:
    void onLoaded(std::shared_ptr<struct BrowserLoad> load);
    void fillTable();
    void togglePlayback();

    Dataset m_dataset;
    int m_selected = -1;
    QThread *m_worker = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::unique_ptr<AudioPlayer> m_player;
    QLabel *m_status;
    QProgressBar *m_progress;
    QPushButton *m_openButton, *m_cancelButton, *m_playButton;
    QTableWidget *m_table;
    WaveformView *m_waveform;
    FeatureMatrixView *m_spectrogram, *m_logMel, *m_mfcc;
    QTimer *m_playheadTimer;
};

}  // namespace convscope
