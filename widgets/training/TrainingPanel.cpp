#include "training/TrainingPanel.h"

#include "common/ConfusionMatrixView.h"
#include "common/VerticalScrollArea.h"
#include "training/FolderEvaluationPanel.h"
#include "training/RunsModel.h"
#include "training/RunsTable.h"
#include "training/RunWidgets.h"
#include "training/SpeakerStudyPanel.h"
#include "training/LayersView.h"
#include "training/TrainingCurves.h"
#include "training/TrainingForm.h"
#include "audio/AudioDecoder.h"
#include "audio/AudioPlayer.h"
#include "services/TrainingController.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include <cmath>

namespace convscope {

namespace {

QPushButton *makeButton(const QString &text, const QString &tip, QWidget *parent)
{
    auto *button = new QPushButton(text, parent);
    button->setToolTip(tip);
    return button;
}

}  // namespace

TrainingPanel::TrainingPanel(TrainingController *controller, QWidget *parent)
    : QWidget(parent), m_controller(controller)
{
    QWidget *left = buildControls();
    m_curves = new TrainingCurves(this);
    m_runs = new RunsTable(this);
    m_confusion = new ConfusionMatrixView(this);
    m_confusion->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Expanding);
    m_speakerStudy = new SpeakerStudyPanel(controller, m_form, this);
    m_folderEvaluation = new FolderEvaluationPanel(controller, this);
    m_pages = new QTabWidget(this);
    m_pages->addTab(m_curves, tr("Training curves"));
    m_pages->addTab(m_speakerStudy, tr("Leave one speaker out"));
    m_pages->addTab(new VerticalScrollArea(m_folderEvaluation), tr("Evaluate on folder"));
    m_layers = new LayersView(this);
    m_pages->insertTab(1, m_layers, tr("Layers"));

    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(m_runs);
    bottom->addWidget(m_confusion);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_pages);
    right->addWidget(bottom);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(left);
    layout->addWidget(right, 1);

    connect(m_confusion, &ConfusionMatrixView::cellClicked, this, &TrainingPanel::showClips);
    connect(m_runs->runsModel(), &RunsModel::checkedRunsChanged, this,
            [this] {
                m_curves->setOverlays(m_runs->runsModel()->checkedRuns());
                m_layers->setComparedRuns(m_runs->runsModel()->checkedRuns());
            });
    const auto relay = [this](const QString &text, bool isError) {
        showMessage(text, isError ? MessageKind::Error : MessageKind::Info);
    };
    connect(m_runs, &RunsTable::message, this, relay);
    connect(m_curves, &TrainingCurves::message, this, relay);
    connectController();
    updateButtons(controller->state());
    showMessage(controller->hasData() ? tr("Ready to train.") : tr("Load the dataset to train."), MessageKind::Info);
}

TrainingPanel::~TrainingPanel() = default;

QWidget *TrainingPanel::buildControls()
{
    m_form = new TrainingForm(m_controller, this);
    m_trainButton = makeButton(tr("Train"), tr("Start a new run with these settings"), this);
    m_pauseButton = makeButton(tr("Pause"), tr("Pause after the current batch"), this);
    m_stepButton = makeButton(tr("Step"), tr("Pause and run exactly one batch"), this);
    m_stopButton = makeButton(tr("Stop"), tr("Stop after the current batch and evaluate the model"), this);
    m_saveModelButton = makeButton(tr("Save model…"), tr("Save the current model with its settings and curve (.cspt)"), this);
    m_openModelButton = makeButton(tr("Open model…"),
                                   tr("Open a saved model (.cspt: its curve is drawn) or a TorchScript model of the "
                                      "spoken digits (.pt, saved in Python): continue it or test it"), this);
    m_continueButton = makeButton(tr("Continue to"), tr("Train the current model further, up to this many epochs in total"),
                                  this);
    m_openRunsButton = makeButton(tr("Open runs…"), tr("Add runs saved with \"Save runs as JSON\" to the table"), this);
    m_continueEpochs = new QSpinBox(this);
    m_continueEpochs->setRange(1, 10000);
    m_continueEpochs->setSuffix(tr(" epochs"));
    m_continueEpochs->setValue(25);
    connect(m_trainButton, &QPushButton::clicked, this, &TrainingPanel::startTraining);
    connect(m_pauseButton, &QPushButton::clicked, m_controller, &TrainingController::togglePause);
    connect(m_stepButton, &QPushButton::clicked, m_controller, &TrainingController::step);
    connect(m_stopButton, &QPushButton::clicked, m_controller, &TrainingController::stop);
    connect(m_saveModelButton, &QPushButton::clicked, this, &TrainingPanel::saveModelAs);
    connect(m_openModelButton, &QPushButton::clicked, this, &TrainingPanel::openModelFrom);
    connect(m_openRunsButton, &QPushButton::clicked, this, &TrainingPanel::openRunsFrom);
    connect(m_continueButton, &QPushButton::clicked, this, &TrainingPanel::continueTraining);
    auto *buttons = new QGridLayout;
    buttons->addWidget(m_trainButton, 0, 0);
    buttons->addWidget(m_pauseButton, 0, 1);
    buttons->addWidget(m_stepButton, 1, 0);
    buttons->addWidget(m_stopButton, 1, 1);
    buttons->addWidget(m_saveModelButton, 2, 0);
    buttons->addWidget(m_openModelButton, 2, 1);
    buttons->addWidget(m_continueButton, 3, 0);
    buttons->addWidget(m_continueEpochs, 3, 1);
    buttons->addWidget(m_openRunsButton, 4, 0);

    m_progress = makeRunProgressBar(this);
    m_settledText = m_progress->format();
    m_message = makeMessageLabel(this);
    buildClipList();

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_form);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(m_progress);
    leftLayout->addWidget(m_message);
    leftLayout->addWidget(m_clipsTitle);
    leftLayout->addWidget(m_clips, 1);
    left->setMinimumWidth(250);
    return new VerticalScrollArea(left, this);  // the form scrolls on a short screen rather than grow the window
}

void TrainingPanel::buildClipList()
{
    m_clipsTitle = new QLabel(tr("Misclassified clips: click a cell of the confusion matrix."), this);
    m_clipsTitle->setWordWrap(true);
    m_clips = new QListWidget(this);
    m_clips->setToolTip(tr("Test clips with the clicked cell's true and predicted digit. Click to listen; "
                           "double-click to see in \"Test your voice\" what the model heard; right-click to look "
                           "inside the network."));
    connect(m_clips, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) {
        if (const QString error = playClip(item->text()); !error.isEmpty())
            showMessage(error, MessageKind::Warning);
    });
    const auto explain = [this](QListWidgetItem *item) {
        Q_EMIT clipChosen(QDir(m_controller->dataFolder()).filePath(item->text()), m_clipCell.first,
                          m_clipCell.second);
    };
    connect(m_clips, &QListWidget::itemActivated, this, explain);
    m_clips->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_clips, &QListWidget::customContextMenuRequested, this, [this, explain](const QPoint &point) {
        QListWidgetItem *item = m_clips->itemAt(point);
        if (item == nullptr)
            return;
        QMenu menu(this);
        menu.addAction(tr("Explain in Test your voice"), this, [explain, item] { explain(item); });
        menu.addAction(tr("Look inside the network"), this, [this, item] { Q_EMIT clipExplored(item->text()); });
        menu.exec(m_clips->viewport()->mapToGlobal(point));
    });
}

void TrainingPanel::connectController()
{
    TrainingController *c = m_controller;
    connect(c, &TrainingController::stateChanged, this, &TrainingPanel::updateButtons);
    // New data or a new model can change what is possible without a change of state (Idle stays Idle).
    const auto refresh = [this] { updateButtons(m_controller->state()); };
    connect(c, &TrainingController::dataChanged, this, refresh);
    connect(c, &TrainingController::modelChanged, this, refresh);
    connect(c, &TrainingController::reservationChanged, this, refresh);
    connect(c, &TrainingController::message, this, &TrainingPanel::showMessage);
    connect(c, &TrainingController::runStarted, this, &TrainingPanel::onRunStarted);
    connect(c, &TrainingController::runSized, this, [this] { m_clock.start(); });
    connect(c, &TrainingController::progress, this, &TrainingPanel::onProgress);
    connect(c, &TrainingController::runRecorded, this, &TrainingPanel::onRunRecorded);
    connect(c, &TrainingController::evaluated, this, &TrainingPanel::onEvaluated);
    connect(c, &TrainingController::modelLoaded, this, &TrainingPanel::onLoaded);
    connect(c, &TrainingController::dataChanged, this, [this] {
        m_confusion->clear();
        m_clips->clear();
        m_progress->setValue(0);
        const std::int64_t clips = m_controller->clipCount();
        settleProgress(clips > 0 ? tr("Ready · %1 clips").arg(clips) : tr("Not started"));
    });
}

std::optional<TrainingConfig> TrainingPanel::config(QString *error) const { return m_form->config(error); }
bool TrainingPanel::selectNetwork(const QString &id) { return m_form->selectNetwork(id); }
void TrainingPanel::setEpochs(int epochs) { m_form->setEpochs(epochs); }
QString TrainingPanel::messageText() const { return m_message->text(); }

void TrainingPanel::startTraining()
{
    QString error;
    const auto c = m_form->config(&error);
    if (!c) {
        showMessage(error, MessageKind::Error);
        return;
    }
    TrainingConfig config = *c;
    config.layerStatistics = true;  // the Layers page follows every run
    if (const QString why = m_controller->start(config); !why.isEmpty())
        showMessage(why, MessageKind::Warning);
}

void TrainingPanel::continueTraining()
{
    const int epochs = m_continueEpochs->value();
    if (const QString why = m_controller->continueTo(epochs); !why.isEmpty()) {
        showMessage(why, MessageKind::Warning);
        return;
    }
    m_form->setEpochs(epochs);  // the form shows the run being trained
}

void TrainingPanel::updateButtons(TrainingState state)
{
    // A speaker study holds the tab (the controller's reservation): nothing starts beside it.
    const bool settled = m_controller->hasData() && isSettled(state) && m_controller->reservation().isEmpty();
    m_trainButton->setEnabled(settled);
    m_openModelButton->setEnabled(settled);
    const bool idleModel = settled && m_controller->hasModel();
    m_saveModelButton->setEnabled(idleModel);
    m_continueButton->setEnabled(idleModel);
    m_continueEpochs->setEnabled(idleModel);
    const bool steerable = state == TrainingState::Training || state == TrainingState::Paused;
    m_pauseButton->setEnabled(steerable);
    m_pauseButton->setText(state == TrainingState::Paused ? tr("Resume") : tr("Pause"));
    m_stepButton->setEnabled(steerable);
    m_stopButton->setEnabled(steerable);
    switch (state) {
    case TrainingState::Idle: m_progress->setFormat(m_settledText); break;
    case TrainingState::PreparingData: m_progress->setFormat(tr("Preparing the data…")); break;
    case TrainingState::Opening: m_progress->setFormat(tr("Opening…")); break;
    case TrainingState::Paused: m_progress->setFormat(tr("Paused")); break;
    case TrainingState::Stopping: m_progress->setFormat(tr("Stopping…")); break;
    case TrainingState::Evaluating: m_progress->setFormat(tr("Evaluating…")); break;
    case TrainingState::Diverged: m_progress->setFormat(tr("Diverged")); break;
    case TrainingState::Failed: m_progress->setFormat(tr("Failed")); break;
    default: break;
    }
}

void TrainingPanel::settleProgress(const QString &text)
{
    m_settledText = text;
    m_progress->setFormat(text);
}

void TrainingPanel::showMessage(const QString &text, MessageKind kind) { showMessageIn(m_message, text, kind); }

void TrainingPanel::onRunStarted(const TrainingConfig &config)
{
    const std::vector<TrainingProgress> &history = m_controller->history();
    m_startFraction = history.empty() ? 0.0 : history.back().fraction;
    m_clock.start();
    redrawHistory(config.epochs);
    m_progress->setRange(0, std::max(1, config.epochs) * 1000);
    m_progress->setValue(static_cast<int>(std::lround(m_startFraction * 1000)));
    m_progress->setFormat(tr("Preparing…"));
    m_confusion->clear();
    m_clips->clear();
}

void TrainingPanel::onProgress(const TrainingProgress &point)
{
    m_curves->addPoint(point);
    m_layers->addPoint(point);
    const int epochs = std::max(1, m_controller->modelConfig().epochs);
    m_progress->setValue(static_cast<int>(std::lround(std::min<double>(point.fraction, epochs) * 1000)));
    if (m_controller->state() != TrainingState::Training)
        return;  // a paused or stopping run keeps its label
    const double elapsed = m_clock.isValid() ? m_clock.elapsed() / 1000.0 : 0.0;
    const double done = point.fraction - m_startFraction;
    const double eta = done > 0 ? elapsed * (epochs - point.fraction) / done : NAN;
    m_progress->setFormat(tr("Epoch %1/%2 · ETA %3 · %4 ex/s")
                              .arg(std::min(point.epoch + 1, epochs))
                              .arg(epochs)
                              .arg(clockText(eta))
                              .arg(point.examplesPerSecond, 0, 'f', 0));
}

void TrainingPanel::onRunRecorded(const RunRecord &run)
{
    const TrainingSummary &summary = run.summary;
    m_continueEpochs->setValue(std::max(m_continueEpochs->value(), summary.epochsDone + 5));
    if (summary.outcome == RunOutcome::Finished)
        settleProgress(tr("Done · %1 epochs · %2").arg(summary.epochsDone).arg(clockText(summary.seconds)));
    else if (summary.outcome == RunOutcome::Stopped)
        settleProgress(tr("Stopped in epoch %1 of %2").arg(summary.epochsDone + 1).arg(run.epochsTarget));
    m_curves->endRun(run);
    m_runs->runsModel()->addRun(run);
}

void TrainingPanel::onEvaluated(const EvaluationReport &report)
{
    m_confusion->setReport(report);
    m_clips->clear();
    m_clipsTitle->setText(tr("Test accuracy %1 %. Click a cell to list its clips.").arg(100.0 * report.accuracy, 0, 'f', 1));
}

void TrainingPanel::showClips(int truth, int predicted)
{
    m_clips->clear();
    const int n = m_confusion->count(truth, predicted);
    if (truth == predicted) {
        m_clipsTitle->setText(tr("%n clip(s) of digit %1 recognised correctly.", nullptr, n).arg(truth));
        return;
    }
    m_clipCell = {truth, predicted};
    m_clipsTitle->setText(tr("True %1, predicted %2: %n clip(s)", nullptr, n).arg(truth).arg(predicted));
    m_clips->addItems(m_confusion->clipsAt(truth, predicted));
}

void TrainingPanel::onLoaded(const TrainingConfig &config, int epochsDone)
{
    m_form->showConfig(config, m_controller->modelName());
    const int epochs = std::max(config.epochs, epochsDone);
    redrawHistory(epochs);
    m_progress->setRange(0, std::max(1, epochs) * 1000);
    m_progress->setValue(epochsDone * 1000);
    settleProgress(tr("Opened · %1 epochs done").arg(epochsDone));
    m_continueEpochs->setValue(epochsDone + 5);
    m_confusion->clear();
    m_clips->clear();
}

void TrainingPanel::redrawHistory(int epochs)
{
    m_curves->startRun(epochs);
    m_layers->startRun(m_controller->modelConfig().network);
    for (const TrainingProgress &point : m_controller->history()) {
        m_curves->addPoint(point);
        m_layers->addPoint(point);
    }
}

QString TrainingPanel::openRuns(const QString &path)
{
    RunsModel *model = m_runs->runsModel();
    const int before = model->rowCount();
    const QString error = model->loadJson(path);
    if (error.isEmpty())
        showMessage(tr("Opened %n run(s) from %1; tick a run to draw its curves.", nullptr, model->rowCount() - before)
                        .arg(QFileInfo(path).fileName()),
                    MessageKind::Info);
    else
        showMessage(error, MessageKind::Error);
    return error;
}

QString TrainingPanel::playClip(const QString &fileName)
{
    if (m_controller->dataFolder().isEmpty())
        return tr("The dataset folder is not known, so %1 cannot be played.").arg(fileName);
    const DecodeResult decoded = AudioDecoder::decodeFile(QDir(m_controller->dataFolder()).filePath(fileName));
    if (!decoded.clip)
        return decoded.error;
    if (!m_player)
        m_player = std::make_unique<AudioPlayer>();
    if (!m_player->isAvailable())
        return tr("%1 cannot be played: %2").arg(fileName, m_player->unavailableReason());
    m_player->load(*decoded.clip);
    if (const QString error = m_player->play(); !error.isEmpty())
        return tr("%1 cannot be played: %2").arg(fileName, error);
    showMessage(tr("Playing %1.").arg(fileName), MessageKind::Info);
    return {};
}

void TrainingPanel::saveModelAs()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save model"), m_controller->modelName() + ".cspt",
                                                tr("ConvScope model (*.cspt)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += ".cspt";
    if (const QString error = m_controller->saveModel(path); !error.isEmpty())
        showMessage(error, MessageKind::Warning);
}

void TrainingPanel::openModelFrom()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open model"), {},
                                                      tr("Models (*.cspt *.pt);;ConvScope model (*.cspt);;TorchScript "
                                                         "spoken-digit model (*.pt);;All files (*)"));
    if (path.isEmpty())
        return;
    if (const QString error = m_controller->openModel(path); !error.isEmpty())
        showMessage(error, MessageKind::Warning);
}

void TrainingPanel::openRunsFrom()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open runs"), {}, tr("JSON (*.json)"));
    if (!path.isEmpty())
        openRuns(path);
}

}  // namespace convscope
