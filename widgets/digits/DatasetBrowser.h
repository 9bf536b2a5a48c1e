#pragma once

#include "data/Dataset.h"
#include "data/SpeakerInfo.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableView;

namespace convscope {

class DatasetDocument;
class DatasetEmptyState;
class FeatureMatrixView;
class PlaybackControl;
class RecorderWidget;
class RecordingFilterModel;
class RecordingTableModel;
class WaveformView;

/**
 * Browses the FSDD folder of a DatasetDocument, which owns the recordings and scans them. With none loaded it
 * shows DatasetEmptyState (Open folder…, Download FSDD…). While the document scans, a progress bar and Cancel; lists recordings in a sortable table with a train/test column for the
 * chosen split (random with a seed, official, or one speaker held out), filters by digit, speaker and split part,
 * and lists skipped files with the reason. The selected recording shows its speaker (speakers.csv), raw and
 * normalised waveform with the 6000-sample window, spectrogram, log-mel and MFCC; Play, Space or a double-click
 * plays it with a moving playhead. A "Record your voice" tab holds a RecorderWidget. Folders the user opens or
 * downloads are remembered (DatasetDocument::openAndRemember). GUI thread only.
 */
class DatasetBrowser : public QWidget {
    Q_OBJECT
public:
    explicit DatasetBrowser(DatasetDocument *document, QWidget *parent = nullptr);
    ~DatasetBrowser() override;

    /// Starts loading in the background; a running load is cancelled first.
    void openFolder(const QString &folder);
    /// Like openFolder, and remembers the folder in QSettings once it has loaded.
    void openAndRememberFolder(const QString &folder);
    void cancelLoading();
    bool isLoading() const;
    /// Shows the empty state with why there is no data (empty: the standard explanation).
    void showEmptyState(const QString &reason = {});
    bool isShowingEmptyState() const;
    const Dataset &dataset() const;
    const SpeakerInfo &speakerInfo() const;
    /// Shows recording `index` of dataset().items and makes it the table's current row when it is visible.
    void selectRecording(int index);
    int selectedRecording() const { return m_selected; }

    /// Filters: digit -1, speaker "" and part "" mean all; part is "train" or "test".
    void setFilters(int digit, const QString &speaker, const QString &part);
    /// "random", "official" or "speaker=NAME", as SplitSpec::parse reads it; returns the error or "".
    QString setSplit(const QString &split, int seed);
    /// Rows the table shows after filtering.
    int visibleRows() const;
    /// The split column's value of table row `row` (after filtering and sorting) and its dataset item.
    QString visiblePart(int row) const;
    int visibleItem(int row) const;
    int skippedCount() const;
    /// The number of train and test recordings of the current split.
    QPair<int, int> splitCounts() const { return m_splitCounts; }
    /// 0: z-score, 1: /32768, 2: min-max (the order of Preprocessing's Normalisation).
    void setNormalisation(int index);

    QTableView *table() const { return m_table; }
    DatasetEmptyState *emptyState() const { return m_empty; }
    RecorderWidget *recorder() const { return m_recorder; }
    PlaybackControl *playback() const { return m_playback; }
    WaveformView *waveformView() const { return m_waveform; }
    WaveformView *normalisedView() const { return m_normalised; }
    FeatureMatrixView *spectrogramView() const { return m_spectrogram; }
    FeatureMatrixView *logMelView() const { return m_logMel; }
    FeatureMatrixView *mfccView() const { return m_mfcc; }

Q_SIGNALS:
    void loadProgress(int done, int total);
    /// Emitted when a load ends: ok, cancelled or failed (message says which).
    void loadFinished(bool ok, const QString &message);

private:
    QWidget *createFilterBar();
    /// The recordings table: natural sorting, single row selection, and the skipped-files list.
    void setUpTable();
    /// Open, Cancel, playback, table selection and Space.
    void connectControls();
    QWidget *createViews();
    void onLoadStarted(const QString &folder);
    void onLoaded(bool ok, const QString &documentMessage);
    void fillSpeakers();
    void applyFilters();
    void applySplit();
    void showNormalised();
    void onCurrentRowChanged();

    DatasetDocument *m_document;
    int m_selected = -1;
    QPair<int, int> m_splitCounts{0, 0};
    QStackedWidget *m_pages;
    DatasetEmptyState *m_empty;
    QLabel *m_status, *m_speakerLabel, *m_countLabel, *m_skippedLabel;
    QProgressBar *m_progress;
    QPushButton *m_openButton, *m_cancelButton, *m_playButton;
    QComboBox *m_digitFilter, *m_speakerFilter, *m_partFilter, *m_split, *m_normalisation;
    QSpinBox *m_seed;
    RecordingTableModel *m_model;
    RecordingFilterModel *m_proxy;
    QTableView *m_table;
    QListWidget *m_skipped;
    WaveformView *m_waveform, *m_normalised;
    FeatureMatrixView *m_spectrogram, *m_logMel, *m_mfcc;
    RecorderWidget *m_recorder;
    PlaybackControl *m_playback;
};

}  // namespace convscope
