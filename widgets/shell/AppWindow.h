#pragma once

#include "shell/MainWindow.h"

#include <QString>

#include <optional>

namespace convscope {

class DatasetBrowser;
class StudioTrainingLink;
class TrainingController;
class TrainingPanel;
class VoiceTestPanel;

/** The main window's tabs, in their order. */
enum class Tab { Studio, DeepPadding, SpokenDigits, Training, VoiceTest };

/// "studio", "deep-padding", "digits", "training", "voice": the names --tab takes.
QString tabName(Tab tab);
/// The tab named `name` (one of tabName()'s, or its index as a number); nullopt for anything else.
std::optional<Tab> parseTab(const QString &name);
/// "studio, deep-padding, digits, training, voice", for help texts.
QString tabNames();

/**
 * The whole app assembled: the main window (studio and deep padding), the Spoken digits, Training and Test your
 * voice tabs, the training controller they observe, and the wiring between tabs: a loaded dataset feeds the
 * controller, the studio offers its network to training, a misclassified clip or a recorded take goes to the
 * voice test. GUI thread only.
 */
class AppWindow : public MainWindow {
    Q_OBJECT
public:
    explicit AppWindow(QWidget *parent = nullptr);
    ~AppWindow() override;

    void showTab(Tab tab);
    Tab currentTab() const;

    TrainingController *training() const { return m_training; }
    DatasetBrowser *digits() const { return m_digits; }
    TrainingPanel *trainingPanel() const { return m_trainingPanel; }
    VoiceTestPanel *voiceTest() const { return m_voice; }

private:
    TrainingController *m_training;
    DatasetBrowser *m_digits;
    TrainingPanel *m_trainingPanel;
    VoiceTestPanel *m_voice;
    StudioTrainingLink *m_studioLink;
};

}  // namespace convscope
