#pragma once

#include "shell/MainWindow.h"

#include <QString>

#include <optional>

namespace convscope {

class DatasetBrowser;
class DatasetDocument;
class ExploreController;
class ModelService;
class ExploreTab;
class StudioTrainingLink;
class TrainingController;
class TrainingPanel;
class VoiceTestPanel;
struct NetworkSpec;

/** The main window's tabs, in their order. */
enum class Tab { Studio, DeepPadding, SpokenDigits, Training, VoiceTest, Explore };

/// "studio", "deep-padding", "digits", "training", "voice", "explore": the names --tab takes.
QString tabName(Tab tab);
/// The tab named `name` (one of tabName()'s, or its index as a number); nullopt for anything else.
std::optional<Tab> parseTab(const QString &name);
/// "studio, deep-padding, digits, training, voice, explore", for help texts.
QString tabNames();

/**
 * The whole app assembled: the main window (studio and deep padding), the Spoken digits, Training, Test your
 * voice and Inside the network tabs, the services they observe (the recordings' DatasetDocument, the training
 * controller, the ModelService that says which model answers, the explore controller), and the wiring between
 * tabs: loaded recordings feed the controller, the studio offers its network to training, a misclassified clip or
 * a recorded take goes to the voice test or inside the network. GUI thread only.
 */
class AppWindow : public MainWindow {
    Q_OBJECT
public:
    explicit AppWindow(QWidget *parent = nullptr);
    ~AppWindow() override;

    void showTab(Tab tab);
    Tab currentTab() const;
    /// Also opens "convscope:tab/NAME" (a tab by tabName()) and "convscope:train/PRESET" (the Training tab with
    /// that network chosen).
    QString openLink(const QUrl &url) override;

    DatasetDocument *recordings() const { return m_recordings; }
    TrainingController *training() const { return m_training; }
    ModelService *models() const { return m_models; }
    DatasetBrowser *digits() const { return m_digits; }
    TrainingPanel *trainingPanel() const { return m_trainingPanel; }
    VoiceTestPanel *voiceTest() const { return m_voice; }
    ExploreController *explore() const { return m_explore; }
    ExploreTab *exploreTab() const { return m_exploreTab; }

    /// The studio with `network` (asking first about unsaved changes when the studio shows another one) and its
    /// top-level layer `layer` selected; false when the user cancels.
    bool showLayerInStudio(const NetworkSpec &network, int layer);

private:
    /// The Training tab's Layers page opens a layer in Inside the network or the studio.
    void connectLayerLinks();
    /// File → Save for Python…, enabled while the current model can answer.
    void addSaveForPython();

    DatasetDocument *m_recordings;
    TrainingController *m_training;
    ModelService *m_models;
    DatasetBrowser *m_digits;
    TrainingPanel *m_trainingPanel;
    VoiceTestPanel *m_voice;
    ExploreController *m_explore;
    ExploreTab *m_exploreTab;
    StudioTrainingLink *m_studioLink;
};

}  // namespace convscope
