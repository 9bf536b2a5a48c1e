#include "shell/AppWindow.h"

#include "digits/DatasetBrowser.h"
#include "digits/RecorderWidget.h"
#include "explore/ActivationPanel.h"
#include "services/ExploreController.h"
#include "explore/ExploreTab.h"
#include "services/ReceptiveFieldTracker.h"
#include "studio/StudioWorkspace.h"
#include "services/TrainingController.h"
#include "training/StudioTrainingLink.h"
#include "training/TrainingPanel.h"
#include "voice/VoiceTestPanel.h"

#include <QStatusBar>
#include <QTabWidget>
#include <QUrl>

namespace convscope {

namespace {

constexpr Tab kTabs[] = {Tab::Studio, Tab::DeepPadding, Tab::SpokenDigits, Tab::Training, Tab::VoiceTest, Tab::Explore};

}  // namespace

QString tabName(Tab tab)
{
    switch (tab) {
    case Tab::Studio: return "studio";
    case Tab::DeepPadding: return "deep-padding";
    case Tab::SpokenDigits: return "digits";
    case Tab::Training: return "training";
    case Tab::VoiceTest: return "voice";
    case Tab::Explore: return "explore";
    }
    return "studio";
}

std::optional<Tab> parseTab(const QString &name)
{
    bool isNumber = false;
    const int index = name.toInt(&isNumber);
    if (isNumber)
        return index >= 0 && index < static_cast<int>(std::size(kTabs)) ? std::optional<Tab>(kTabs[index]) : std::nullopt;
    for (Tab tab : kTabs)
        if (tabName(tab) == name)
            return tab;
    return std::nullopt;
}

QString tabNames()
{
    QStringList names;
    for (Tab tab : kTabs)
        names << tabName(tab);
    return names.join(", ");
}

AppWindow::AppWindow(QWidget *parent)
    : MainWindow(parent), m_training(new TrainingController(this)), m_digits(new DatasetBrowser),
      m_trainingPanel(new TrainingPanel(m_training)), m_voice(new VoiceTestPanel(m_training)),
      m_explore(new ExploreController(m_training, this)), m_exploreTab(new ExploreTab(m_explore, m_training)),
      m_studioLink(new StudioTrainingLink(document(), m_training, this))
{
    // MainWindow added the studio and deep-padding tabs; these follow in Tab's order.
    addWorkspace(tr("Spoken digits"), m_digits);
    addWorkspace(tr("Training"), m_trainingPanel);
    addWorkspace(tr("Test your voice"), m_voice);
    addWorkspace(tr("Inside the network"), m_exploreTab);
    // The studio's receptive field with trained weights is the current model's.
    studio()->tracker()->setTrainedModel(m_training);

    connect(m_digits, &DatasetBrowser::loadFinished, m_training, [this](bool ok) {
        if (ok && !m_digits->dataset().isEmpty())
            m_training->prepareData(m_digits->dataset());
        m_exploreTab->activations()->setDataset(&m_digits->dataset());
    });
    connect(m_training, &TrainingController::dataChanged, this, [this] {
        if (m_training->hasData())
            statusBar()->showMessage(tr("Training data ready: %1 recordings.").arg(m_digits->dataset().size()));
    });
    // A double-clicked misclassified clip is explained on the voice-test tab.
    connect(m_trainingPanel, &TrainingPanel::clipChosen, this, [this](const QString &path, int truth, int predicted) {
        m_voice->openDatasetClip(path, truth, predicted);
        showTab(Tab::VoiceTest);
    });
    // A misclassified clip, or the voice test's clip, seen layer by layer.
    const auto lookInside = [this](const QString &error) {
        m_exploreTab->showActivations();
        showTab(Tab::Explore);
        if (!error.isEmpty())
            statusBar()->showMessage(error);
    };
    connect(m_trainingPanel, &TrainingPanel::clipExplored, this, [this, lookInside](const QString &fileName) {
        lookInside(m_exploreTab->activations()->openRecording(fileName));
    });
    connect(m_voice, &VoiceTestPanel::exploreRequested, this,
            [this, lookInside](const std::vector<float> &samples, const QString &source) {
                m_exploreTab->activations()->showTake(samples, source);
                lookInside({});
            });
    // Takes recorded on the Spoken digits tab are tested by the current model too.
    connect(m_digits->recorder(), &RecorderWidget::clipRecorded, m_voice, [this](const AudioClip &clip) {
        m_voice->testClip(clip, tr("Your recording from the Spoken digits tab, %1 s.").arg(clip.seconds(), 0, 'f', 2));
    });
}

AppWindow::~AppWindow() = default;

void AppWindow::showTab(Tab tab) { workspaces()->setCurrentIndex(static_cast<int>(tab)); }

QString AppWindow::openLink(const QUrl &url)
{
    const QString kind = url.path().section('/', 0, 0), name = url.path().section('/', 1);
    if (kind == QLatin1String("tab")) {
        const std::optional<Tab> tab = parseTab(name);
        if (!tab)
            return tr("There is no tab named %1.").arg(name);
        showTab(*tab);
        return {};
    }
    if (kind == QLatin1String("train")) {
        showTab(Tab::Training);
        return m_trainingPanel->selectNetwork(name) ? QString() : tr("%1 is not a trainable network.").arg(name);
    }
    return MainWindow::openLink(url);
}

Tab AppWindow::currentTab() const { return kTabs[std::max(0, workspaces()->currentIndex())]; }

}  // namespace convscope
