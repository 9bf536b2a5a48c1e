#pragma once

#include "audio/AudioClip.h"

#include <QWidget>

#include <array>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace convscope {

class ListenPanel;
class ProbabilityChart;
class RecorderWidget;
class SaliencyView;
class ModelService;
class VoiceTeachingDialog;
struct TrainingConfig;

/**
 * "Test your voice": record a digit (or open a WAV file, or take a test clip from the training tab's
 * misclassified list), run it through the training controller's current model (the ready voice model until the
 * user trains or opens one; the panel names the one answering) and show the ten class probabilities as bars with
 * the predicted digit large. The recording's waveform shades the part the model hears (InputWindow, as training
 * prepares a clip) and warns when the take is too quiet, clipped or longer than the window. Below, what the model
 * listened to: the saliency of a chosen class over the waveform (raw models) or the MFCC (MFCC models), and the
 * receptive field of one unit of a chosen layer as a shaded span. Says plainly when the model is busy training.
 * "Teach it your voice…" opens VoiceTeachingDialog, whose personal model then answers in place of the ready one.
 * GUI thread only.
 */
class VoiceTestPanel : public QWidget {
    Q_OBJECT
public:
    explicit VoiceTestPanel(ModelService *models, QWidget *parent = nullptr);

    /// Tests a clip (mono 8000 Hz): the recorder shows it, the model is asked. `source` says where it came from.
    void testClip(const AudioClip &clip, const QString &source = {});
    /// Decodes a dataset clip and tests it, remembering its true digit; returns the error, if any.
    QString openDatasetClip(const QString &path, int truth = -1, int predicted = -1);
    /// Chooses the receptive-field layer (1-based, among the layers before Flatten) and unit.
    void showReceptiveField(int layer, int unit);

    RecorderWidget *recorder() const { return m_recorder; }
    ProbabilityChart *chart() const { return m_chart; }
    SaliencyView *saliencyView() const { return m_saliency; }
    QSpinBox *layerBox() const { return m_layerBox; }
    QSpinBox *unitBox() const { return m_unitBox; }
    QPushButton *exploreButton() const { return m_exploreButton; }
    /// "Teach it your voice…": disabled while a training run holds the cores.
    QPushButton *teachButton() const { return m_teachButton; }
    /// Shows the "Teach it your voice" dialog, made on first use (it keeps its takes while it is closed).
    VoiceTeachingDialog *openTeaching();
    /// Opens the Listen mode (a ListenPanel), listening with the model that answers (ModelService::requestModelFile),
    /// or with the ready voice model, saying why, while the user's model cannot be handed over (a run trains it).
    ListenPanel *openListening();
    QComboBox *classBox() const { return m_classBox; }
    QString predictedText() const;
    QString statusText() const;
    /// "Answering: the ready voice model (...)" or "Answering: your model (...)".
    QString answeringText() const;
    /// What the model hears of the current take, and the take's warnings.
    QString takeText() const;
    QString fieldText() const;
    const std::vector<float> &lastSaliency() const { return m_lastSaliency; }

Q_SIGNALS:
    /// The model's answer for the current clip was drawn.
    void answered(const std::array<double, 10> &probabilities);
    /// A saliency map for `digit` was drawn.
    void saliencyShown(int digit);
    /// "Look inside the network" was pressed for the current clip (`source` says what it is).
    void exploreRequested(const std::vector<float> &samples, const QString &source);

private:
    /// Recorder and answer side by side above "where the model looked".
    void buildLayout();
    void onClip(const AudioClip &clip);
    void ask();
    void askSaliency();
    void onProbabilities(const std::array<double, 10> &values);
    void onSaliency(const std::vector<float> &values, int digit);
    void refreshModel();
    /// The receptive-field controls follow the answering model's network.
    void refreshFieldControls();
    void updateField();
    /// Shades the heard part of the take and shows its warnings (once the answering model's config is known).
    void showTake();
    /// The saliency view's input: the window the answering model hears of the current clip.
    void showHeardInput(const TrainingConfig &config);
    void showStatus(const QString &text, bool problem);
    /// "Answering: your model (mfcc, mfcc input, 20 epochs)." or the ready model's description.
    QString answeringModelText() const;
    /// Whether the ready or personal model answers (the user has no model).
    bool readyAnswers() const;

    ModelService *m_models;
    std::vector<float> m_samples;
    QString m_source, m_nextSource;
    int m_pendingProbabilities = 0, m_pendingSaliency = 0;
    bool m_couldAnswer = false;  ///< whether the model could answer at the last refresh
    bool m_readyAnswered = false;  ///< whether the ready model answered at the last refresh
    std::vector<float> m_lastSaliency;

    RecorderWidget *m_recorder;
    QLabel *m_sourceLabel, *m_answering, *m_take, *m_digit, *m_caption, *m_status, *m_fieldLabel;
    ProbabilityChart *m_chart;
    QComboBox *m_classBox;
    QSpinBox *m_layerBox, *m_unitBox;
    SaliencyView *m_saliency;
    QPushButton *m_exploreButton, *m_teachButton;
    VoiceTeachingDialog *m_teachingDialog = nullptr;
    ListenPanel *m_listenPanel = nullptr;
    QPushButton *m_listenButton;
};

}  // namespace convscope
