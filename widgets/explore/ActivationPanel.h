#pragma once

#include <QString>
#include <QWidget>

#include <array>
#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QScrollArea;

namespace convscope {

class ActivationView;
class AudioPlayer;
class DatasetDocument;
class ExploreController;
class KernelView;
struct ActivationCell;

/**
 * "Activations": one clip (a dataset recording, any WAV file or the voice test's take) through the current model,
 * layer by layer (ActivationView), optionally beside the same digit said by another speaker with each layer's
 * difference in its label; hovering a cell shades what it hears on both sides, clicking plays that segment and
 * shows the kernel behind its channel (KernelView). The clips and their snapshots live in the ExploreController,
 * the recordings it offers in the DatasetDocument; this panel observes both, and names the model that answers as
 * every tab does. Exports both sides as PNG or PDF. GUI thread only.
 */
class ActivationPanel : public QWidget {
    Q_OBJECT
public:
    /// Offers the clips of `recordings` (the app's DatasetDocument) and follows it.
    ActivationPanel(ExploreController *explore, DatasetDocument *recordings, QWidget *parent = nullptr);
    ~ActivationPanel() override;

    /// Shows a recording of the dataset (its file name) and, beside it, the same digit by another speaker;
    /// returns why not (also shown on the panel), or empty.
    QString openRecording(const QString &fileName);
    /// Decodes any audio file and shows it; returns the error, or empty.
    QString openFile(const QString &path);
    /// Shows a recording that is no file (the voice test's take).
    void showTake(const std::vector<float> &samples, const QString &source);
    /// Beside the clip, the same digit said by `speaker` (the same take when it exists); empty: no comparison.
    QString compareWith(const QString &speaker);
    /// Plays a recording of the dataset; returns why not (also shown on the panel), or empty.
    QString playRecording(const QString &fileName);
    /// Marks network layer `layer` (activation entry layer + 1) on both sides and scrolls it into view, now and for
    /// every clip after; with no clip shown yet, shows the loaded dataset's first recording. Returns why the layer
    /// cannot be shown (also shown on the panel), or empty.
    QString showLayer(int layer);
    /// Writes both sides as PNG, or PDF when `path` ends in .pdf (atomically); returns the error, or empty.
    QString exportTo(const QString &path) const;

    ActivationView *view(int side) const { return m_views[static_cast<std::size_t>(side)]; }
    KernelView *kernelView() const { return m_kernel; }
    /// The clip box: pick a recording, or type part of its name and press Enter for the first that contains it.
    QComboBox *clipBox() const { return m_clipBox; }
    QComboBox *compareBox() const { return m_compareBox; }
    QString statusText() const;
    QString hoverText() const;
    QString clipText(int side) const;

private:
    QWidget *buildControls();
    void onSnapshot(int side);
    /// Marks m_markedLayer on `side` and scrolls its row into view; false when the side's model has no such row.
    bool markLayer(int side);
    void onHovered(int side, const ActivationCell &cell);
    void onClicked(int side, const ActivationCell &cell);
    /// Fills the clip and speaker boxes from the recordings.
    void offerRecordings();
    void fillSpeakers();
    /// Enter in the clip box: opens the first recording whose name contains the typed text (an exact name is opened
    /// by the box itself), or says that none does.
    void openTypedClip();
    void showStatus(const QString &text);
    /// Plays 8000 Hz samples on the default output; returns why not, or empty.
    QString play(std::vector<float> samples);
    QString showOnSide(int side, const std::vector<float> &samples, const QString &name, int truth);
    void chooseExport();

    ExploreController *m_explore;
    DatasetDocument *m_recordings;
    std::unique_ptr<AudioPlayer> m_player;
    std::array<ActivationView *, 2> m_views{};
    std::array<QScrollArea *, 2> m_scrolls{};
    std::array<QWidget *, 2> m_columns{};  ///< a side's label and scrolled view, hidden without a clip
    std::array<QLabel *, 2> m_clipLabels{};
    KernelView *m_kernel;
    QComboBox *m_clipBox, *m_compareBox;
    QPushButton *m_openButton, *m_exportButton;
    QLabel *m_hover, *m_status;
    int m_markedLayer = -1;  ///< the network layer opened from the Layers page, or -1
};

}  // namespace convscope
