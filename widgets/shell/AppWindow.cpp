#include "shell/AppWindow.h"

#include "shell/SaveForPython.h"

#include "digits/DatasetBrowser.h"
#include "digits/RecorderWidget.h"
#include "explore/ActivationPanel.h"
#include "services/DatasetDocument.h"
#include "services/NetworkDocument.h"
#include "services/ExploreController.h"
#include "services/ModelService.h"
#include "explore/ExploreTab.h"
#include "services/ReceptiveFieldTracker.h"
#include "studio/LayerStackView.h"
#include "studio/StudioWorkspace.h"
#include "services/TrainingController.h"
#include "training/LayersView.h"
#include "training/StudioTrainingLink.h"
#include "training/TrainingPanel.h"
#include "voice/VoiceTestPanel.h"

#include <QAction>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
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
    : MainWindow(parent), m_recordings(new DatasetDocument(this)), m_training(new TrainingController(this)),
      m_models(new ModelService(m_training, m_recordings, this)), m_digits(new DatasetBrowser(m_recordings)),
      m_trainingPanel(new TrainingPanel(m_training)), m_voice(new VoiceTestPanel(m_models)),
      m_explore(new ExploreController(m_models, this)), m_exploreTab(new ExploreTab(m_explore, m_models, m_recordings)),
      m_studioLink(new StudioTrainingLink(document(), m_training, this))
{
    // MainWindow added the studio and deep-padding tabs; these follow in Tab's order.
    addWorkspace(tr("Spoken digits"), m_digits);
    addWorkspace(tr("Training"), m_trainingPanel);
    addWorkspace(tr("Test your voice"), m_voice);
    addWorkspace(tr("Inside the network"), m_exploreTab);
    // The studio's receptive field with trained weights is the current model's.
    studio()->tracker()->setTrainedModel(m_models);

    connect(m_recordings, &DatasetDocument::datasetChanged, m_training, [this] {
        if (!m_recordings->dataset().isEmpty())
            m_training->prepareData(m_recordings->dataset());
    });
    connect(m_training, &TrainingController::dataChanged, this, [this] {
        if (m_training->hasData())
            statusBar()->showMessage(tr("Training data ready: %1 recordings.").arg(m_training->clipCount()));
    });
    // The model service's word on which model answers (a personal model that is gone, say) reaches the status bar.
    connect(m_models, &ModelService::message, this, [this](const QString &text) { statusBar()->showMessage(text); });
    m_models->rememberIn(QSettings().fileName());
    m_models->restorePersonalModel();
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
    connectLayerLinks();
    addSaveForPython();
    // Takes recorded on the Spoken digits tab are tested by the current model too.
    connect(m_digits->recorder(), &RecorderWidget::clipRecorded, m_voice, [this](const AudioClip &clip) {
        m_voice->testClip(clip, tr("Your recording from the Spoken digits tab, %1 s.").arg(clip.seconds(), 0, 'f', 2));
    });
}

AppWindow::~AppWindow() = default;

void AppWindow::connectLayerLinks()
{
    LayersView *layers = m_trainingPanel->layers();
    connect(layers, &LayersView::exploreLayerRequested, this, [this](int layer) {
        m_exploreTab->showActivations();
        showTab(Tab::Explore);
        if (const QString error = m_exploreTab->activations()->showLayer(layer); !error.isEmpty())
            statusBar()->showMessage(error);
    });
    connect(layers, &LayersView::studioLayerRequested, this, &AppWindow::showLayerInStudio);
}

bool AppWindow::showLayerInStudio(const NetworkSpec &network, int layer)
{
    const NetworkSpec &shown = document()->spec();
    if (shown.input != network.input || shown.layers != network.layers) {
        if (!maybeSave())
            return false;
        document()->reset(network);
    }
    document()->setScope({});
    studio()->stackView()->selectRow(layer);
    showTab(Tab::Studio);
    return true;
}

void AppWindow::addSaveForPython()
{
    auto *saver = new SaveForPython(m_training, this);
    auto *action = new QAction(tr("Save for &Python…"), this);
    action->setObjectName("saveForPython");
    action->setStatusTip(tr("Write the current model as a notebook cell and a weights file torch.load reads"));
    action->setEnabled(m_training->canAnswer());
    connect(action, &QAction::triggered, saver, &SaveForPython::ask);
    connect(m_training, &TrainingController::stateChanged, action, [this, action] { action->setEnabled(m_training->canAnswer()); });
    connect(m_training, &TrainingController::modelChanged, action, [this, action] { action->setEnabled(m_training->canAnswer()); });
    connect(saver, &SaveForPython::finished, this, [this](const QString &path, const QString &error) {
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Cannot save for Python"), error);
        else
            statusBar()->showMessage(tr("Saved %1 and its weights for Python").arg(QFileInfo(path).fileName()), 6000);
    });
    addFileAction(action);
}

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
