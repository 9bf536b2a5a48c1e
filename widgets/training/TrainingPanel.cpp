#include "TrainingPanel.h"

#include "ConfusionMatrixView.h"
#include "RunsModel.h"
#include "RunsTable.h"
#include "TrainingCurves.h"
#include "audio/AudioDecoder.h"
#include "audio/AudioPlayer.h"
#include "data/FeatureCache.h"
#include "network/PresetLibrary.h"
#include "train/TrainingSession.h"
#include "train/TrainingWorker.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <cmath>

namespace convscope {

namespace {

const char *const kPresets[] = {"plain", "dropout", "batchnorm", "resnet", "mfcc"};
const QString kCustom = QStringLiteral("custom");

const PresetLibrary &presets()
{
    static const PresetLibrary library;
    return library;
}

QString clock(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return QStringLiteral("–");
    const int s = static_cast<int>(std::lround(seconds));
    return s >= 3600 ? QString("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QChar('0')).arg(s % 60, 2, 10, QChar('0'))
                     : QString("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

QDoubleSpinBox *makeDouble(QWidget *parent, double lo, double hi, double step, int decimals)
{
    auto *box = new QDoubleSpinBox(parent);
    box->setRange(lo, hi);
    box->setSingleStep(step);
    box->setDecimals(decimals);
    return box;
}

}  // namespace

TrainingPanel::TrainingPanel(QWidget *parent) : QWidget(parent)
{
    registerTrainingMetaTypes();
    buildForm();
    selectNetwork("mfcc");
    updateButtons();
    showMessage(tr("Load the dataset to train."), MessageKind::Info);
}

TrainingPanel::~TrainingPanel()
{
    // Stops a running run within one batch and joins the worker thread before the widgets go away.
    m_session.reset();
}

void TrainingPanel::buildForm()
{
    auto *formBox = new QGroupBox(tr("Run"), this);
    auto *form = new QFormLayout(formBox);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_network = new QComboBox(formBox);
    for (const char *id : kPresets)
        m_network->addItem(QString::fromLatin1(id), QString::fromLatin1(id));
    m_input = new QComboBox(formBox);
    m_input->addItem("raw", "raw");
    m_input->addItem("mfcc", "mfcc");
    m_split = new QComboBox(formBox);
    m_epochs = new QSpinBox(formBox);
    m_epochs->setRange(1, 1000);
    m_learningRate = makeDouble(formBox, 0.00001, 10.0, 0.01, 5);
    m_batch = new QSpinBox(formBox);
    m_batch->setRange(1, 4096);
    m_batch->setValue(32);
    m_optimizer = new QComboBox(formBox);
    m_optimizer->addItem("sgd", "sgd");
    m_optimizer->addItem("adam", "adam");
    m_momentum = makeDouble(formBox, 0.0, 0.999, 0.05, 3);
    m_weightDecay = makeDouble(formBox, 0.0, 1.0, 0.0001, 5);
    m_seed = new QSpinBox(formBox);
    m_seed->setRange(0, 2147483647);
    m_seed->setValue(12345);
    m_augment = new QCheckBox(tr("shift, gain, noise"), formBox);
    m_standardize = new QCheckBox(tr("per coefficient"), formBox);

    form->addRow(tr("Network"), m_network);
    form->addRow(tr("Input"), m_input);
    form->addRow(tr("Split"), m_split);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("Learning rate"), m_learningRate);
    form->addRow(tr("Batch"), m_batch);
    form->addRow(tr("Optimizer"), m_optimizer);
    form->addRow(tr("Momentum"), m_momentum);
    form->addRow(tr("Weight decay"), m_weightDecay);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Augment"), m_augment);
    form->addRow(tr("Standardise MFCC"), m_standardize);
    refreshSplits();

    connect(m_network, &QComboBox::currentIndexChanged, this, [this] { applyNetworkDefaults(); });
    connect(m_input, &QComboBox::currentIndexChanged, this, [this] {
        m_standardize->setEnabled(m_input->currentData().toString() == "mfcc");
    });
    connect(m_optimizer, &QComboBox::currentIndexChanged, this, [this] {
        m_momentum->setEnabled(m_optimizer->currentData().toString() == "sgd");
    });

    m_trainButton = new QPushButton(tr("Train"), this);
    m_pauseButton = new QPushButton(tr("Pause"), this);
    m_stepButton = new QPushButton(tr("Step"), this);
    m_stopButton = new QPushButton(tr("Stop"), this);
    m_trainButton->setToolTip(tr("Start a new run with these settings"));
    m_stepButton->setToolTip(tr("Pause and run exactly one batch"));
    connect(m_trainButton, &QPushButton::clicked, this, &TrainingPanel::startTraining);
    connect(m_pauseButton, &QPushButton::clicked, this, &TrainingPanel::togglePause);
    connect(m_stepButton, &QPushButton::clicked, this, &TrainingPanel::stepOnce);
    connect(m_stopButton, &QPushButton::clicked, this, &TrainingPanel::stopTraining);
    auto *buttons = new QGridLayout;
    buttons->addWidget(m_trainButton, 0, 0);
    buttons->addWidget(m_pauseButton, 0, 1);
    buttons->addWidget(m_stepButton, 1, 0);
    buttons->addWidget(m_stopButton, 1, 1);

    m_saveModelButton = new QPushButton(tr("Save model…"), this);
    m_saveModelButton->setToolTip(tr("Save the current model with its settings and curve (.cspt)"));
    m_openModelButton = new QPushButton(tr("Open model…"), this);
    m_openModelButton->setToolTip(tr("Open a saved model (.cspt): its curve is drawn; continue it or test it"));
    m_continueButton = new QPushButton(tr("Continue to"), this);
    m_continueButton->setToolTip(tr("Train the current model further, up to this many epochs in total"));
    m_continueEpochs = new QSpinBox(this);
    m_continueEpochs->setRange(1, 10000);
    m_continueEpochs->setSuffix(tr(" epochs"));
    m_continueEpochs->setValue(25);
    m_openRunsButton = new QPushButton(tr("Open runs…"), this);
    m_openRunsButton->setToolTip(tr("Add runs saved with \"Save runs as JSON\" to the table"));
    connect(m_saveModelButton, &QPushButton::clicked, this, &TrainingPanel::saveModelAs);
    connect(m_openModelButton, &QPushButton::clicked, this, &TrainingPanel::openModelFrom);
    connect(m_openRunsButton, &QPushButton::clicked, this, &TrainingPanel::openRunsFrom);
    connect(m_continueButton, &QPushButton::clicked, this, [this] {
        if (const QString error = continueTraining(m_continueEpochs->value()); !error.isEmpty())
            showMessage(error, MessageKind::Warning);
    });
    buttons->addWidget(m_saveModelButton, 2, 0);
    buttons->addWidget(m_openModelButton, 2, 1);
    buttons->addWidget(m_continueButton, 3, 0);
    buttons->addWidget(m_continueEpochs, 3, 1);
    buttons->addWidget(m_openRunsButton, 4, 0);

    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setFormat(tr("Not started"));
    m_progress->setTextVisible(true);

    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);

    m_clipsTitle = new QLabel(tr("Misclassified clips: click a cell of the confusion matrix."), this);
    m_clipsTitle->setWordWrap(true);
    m_clips = new QListWidget(this);
    m_clips->setToolTip(tr("Test clips with the clicked cell's true and predicted digit. Click to listen; "
                           "double-click to see in \"Test your voice\" what the model heard."));
    connect(m_clips, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) {
        if (const QString error = playClip(item->text()); !error.isEmpty())
            showMessage(error, MessageKind::Warning);
    });
    connect(m_clips, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        Q_EMIT clipChosen(QDir(m_dataFolder).filePath(item->text()), m_clipCell.first, m_clipCell.second);
    });

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(formBox);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(m_progress);
    leftLayout->addWidget(m_message);
    leftLayout->addWidget(m_clipsTitle);
    leftLayout->addWidget(m_clips, 1);
    left->setMinimumWidth(250);
    left->setMaximumWidth(340);

    m_curves = new TrainingCurves(this);
    m_runs = new RunsTable(this);
    m_confusion = new ConfusionMatrixView(this);
    m_confusion->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Expanding);

    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(m_runs);
    bottom->addWidget(m_confusion);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_curves);
    right->addWidget(bottom);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);

    auto *layout = new QHBoxLayout(this);
    layout->addWidget(left);
    layout->addWidget(right, 1);

    connect(m_confusion, &ConfusionMatrixView::cellClicked, this, &TrainingPanel::showClips);
    connect(m_runs->runsModel(), &RunsModel::checkedRunsChanged, this,
            [this] { m_curves->setOverlays(m_runs->runsModel()->checkedRuns()); });
    connect(m_runs, &RunsTable::message, this,
            [this](const QString &text, bool isError) { showMessage(text, isError ? MessageKind::Error : MessageKind::Info); });
    connect(m_curves, &TrainingCurves::message, this,
            [this](const QString &text, bool isError) { showMessage(text, isError ? MessageKind::Error : MessageKind::Info); });
}

void TrainingPanel::setData(std::shared_ptr<const FeatureCache> data)
{
    ++m_generation;
    m_session.reset();
    m_running = false;
    m_evaluating = false;
    m_loading = false;
    m_hasModel = false;
    m_epochsDone = 0;
    m_data = std::move(data);
    refreshSplits();
    if (m_data) {
        m_session = std::make_unique<TrainingSession>(m_data);
        TrainingWorker *w = m_session->worker();
        const int generation = m_generation;
        const auto current = [this, generation] { return generation == m_generation; };
        connect(w, &TrainingWorker::started, this, [this, current](const TrainingConfig &c, qint64 train, qint64 test) {
            if (current())
                onStarted(c, train, test);
        });
        connect(w, &TrainingWorker::progress, this, [this, current](const TrainingProgress &p) {
            if (current())
                onProgress(p);
        });
        connect(w, &TrainingWorker::warning, this, [this, current](const QString &text) {
            if (current())
                showMessage(text, MessageKind::Warning);
        });
        connect(w, &TrainingWorker::finished, this, [this, current](const TrainingSummary &s) {
            if (current())
                onFinished(s);
        });
        connect(w, &TrainingWorker::failed, this, [this, current](const QString &text) {
            if (current())
                onFailed(text);
        });
        connect(w, &TrainingWorker::evaluated, this, [this, current](const EvaluationReport &r) {
            if (current())
                onEvaluated(r);
        });
        connect(w, &TrainingWorker::historyLoaded, this, [this, current](const std::vector<TrainingProgress> &h) {
            if (current())
                m_loadedHistory = h;
        });
        connect(w, &TrainingWorker::loaded, this, [this, current](const TrainingConfig &c, int epochsDone) {
            if (current())
                onLoaded(c, epochsDone);
        });
        connect(w, &TrainingWorker::saved, this, [this, current](const QString &path, const QString &error) {
            if (!current())
                return;
            showMessage(error.isEmpty() ? tr("Saved the model to %1.").arg(path)
                                        : tr("The model was not saved: %1").arg(error),
                        error.isEmpty() ? MessageKind::Info : MessageKind::Error);
            Q_EMIT modelSaved(path, error);
        });
        connect(w, &TrainingWorker::probabilities, this, [this, current](const std::array<double, 10> &values) {
            if (current())
                Q_EMIT probabilitiesReady(values);
        });
        connect(w, &TrainingWorker::saliency, this, [this, current](const std::vector<float> &values, int digit) {
            if (current())
                Q_EMIT saliencyReady(values, digit);
        });
        showMessage(tr("Ready: %1 clips.").arg(m_data->size()), MessageKind::Info);
    } else {
        showMessage(tr("Load the dataset to train."), MessageKind::Info);
    }
    updateButtons();
    Q_EMIT modelChanged();
}

void TrainingPanel::setCustomNetwork(const NetworkSpec &network)
{
    m_customNetwork = network;
    int index = m_network->findData(kCustom);
    const QString label = network.name.empty() ? tr("custom (studio)")
                                               : tr("custom: %1").arg(QString::fromStdString(network.name));
    if (index < 0) {
        m_network->addItem(label, kCustom);
        index = m_network->count() - 1;
    } else {
        m_network->setItemText(index, label);
    }
    if (m_running)
        return;  // the form is locked; the new network is offered for the next run
    if (m_network->currentIndex() == index)
        applyNetworkDefaults();
    else
        m_network->setCurrentIndex(index);
}

bool TrainingPanel::selectNetwork(const QString &id)
{
    const int index = m_network->findData(id);
    if (index < 0)
        return false;
    if (m_network->currentIndex() == index)
        applyNetworkDefaults();
    else
        m_network->setCurrentIndex(index);
    return true;
}

void TrainingPanel::setEpochs(int epochs) { m_epochs->setValue(epochs); }

void TrainingPanel::applyNetworkDefaults()
{
    const QString id = m_network->currentData().toString();
    if (id == kCustom) {
        if (m_customNetwork) {
            const bool mfcc = m_customNetwork->input.size() == 2 && m_customNetwork->input[0] == 13;
            m_input->setCurrentIndex(m_input->findData(mfcc ? "mfcc" : "raw"));
        }
        return;
    }
    const NetworkSpec *spec = presets().find(id.toStdString());
    if (!spec)
        return;
    if (const auto defaults = TrainingConfig::forPreset(id, *spec)) {
        m_epochs->setValue(defaults->epochs);
        m_learningRate->setValue(defaults->learningRate);
        m_input->setCurrentIndex(m_input->findData(toString(defaults->input)));
        m_batch->setValue(defaults->batchSize);
        m_optimizer->setCurrentIndex(m_optimizer->findData(toString(defaults->optimizer)));
        m_momentum->setValue(defaults->momentum);
        m_weightDecay->setValue(defaults->weightDecay);
    }
}

void TrainingPanel::refreshSplits()
{
    const QString previous = m_split->currentData().toString();
    m_split->clear();
    m_split->addItem(tr("random (2/3 train)"), "random");
    m_split->addItem(tr("official (takes 0-4 test)"), "official");
    if (m_data)
        for (const QString &speaker : m_data->speakerNames())
            m_split->addItem(tr("leave out %1").arg(speaker), "speaker=" + speaker);
    const int index = m_split->findData(previous);
    m_split->setCurrentIndex(index >= 0 ? index : 0);
}

std::optional<TrainingConfig> TrainingPanel::config(QString *error) const
{
    const auto fail = [error](const QString &text) -> std::optional<TrainingConfig> {
        if (error)
            *error = text;
        return std::nullopt;
    };
    const QString id = m_network->currentData().toString();
    TrainingConfig c;
    if (id == kCustom) {
        if (!m_customNetwork)
            return fail(tr("No custom network has been set."));
        c.network = *m_customNetwork;
    } else {
        const NetworkSpec *spec = presets().find(id.toStdString());
        if (!spec)
            return fail(tr("The preset \"%1\" is missing from the preset library.").arg(id));
        c = TrainingConfig::forPreset(id, *spec).value_or(TrainingConfig{});
        c.network = *spec;
        if (c.network.name.empty())
            c.network.name = id.toStdString();
    }
    c.input = parseInputKind(m_input->currentData().toString()).value_or(InputKind::Raw);
    c.epochs = m_epochs->value();
    c.learningRate = m_learningRate->value();
    c.batchSize = m_batch->value();
    c.optimizer = parseOptimizerKind(m_optimizer->currentData().toString()).value_or(OptimizerKind::Sgd);
    c.momentum = m_momentum->value();
    c.weightDecay = m_weightDecay->value();
    c.seed = static_cast<std::uint64_t>(m_seed->value());
    c.augment = m_augment->isChecked();
    c.standardizeMfcc = m_standardize->isChecked() && c.input == InputKind::Mfcc;
    QString splitError;
    const auto split = SplitSpec::parse(m_split->currentData().toString(), c.seed, &splitError);
    if (!split)
        return fail(splitError);
    c.split = *split;
    return c;
}

TrainingWorker *TrainingPanel::worker() const { return m_session ? m_session->worker() : nullptr; }

bool TrainingPanel::isPaused() const { return m_session && m_session->worker()->control().isPaused(); }

QString TrainingPanel::messageText() const { return m_message->text(); }

void TrainingPanel::startTraining()
{
    if (!m_session) {
        showMessage(tr("Load the dataset before training."), MessageKind::Warning);
        return;
    }
    if (m_running)
        return;
    QString error;
    const auto c = config(&error);
    if (!c) {
        showMessage(error, MessageKind::Error);
        return;
    }
    m_running = true;
    m_runConfig = *c;
    m_runName = runLabel(*c);
    m_history.clear();
    m_curves->startRun(c->epochs);
    m_progress->setValue(0);
    m_progress->setFormat(tr("Preparing…"));
    showMessage(tr("Preparing %1…").arg(m_network->currentText()), MessageKind::Info);
    m_session->worker()->requestTraining(*c);
    updateButtons();
    Q_EMIT runStarted(*c);
}

void TrainingPanel::togglePause()
{
    if (!m_session || !m_running)
        return;
    TrainingControl &control = m_session->worker()->control();
    if (control.isPaused()) {
        control.resume();
        showMessage(tr("Resumed."), MessageKind::Info);
    } else {
        control.pause();
        showMessage(tr("Paused after the current batch. Step runs one batch."), MessageKind::Info);
    }
    updateButtons();
}

void TrainingPanel::stepOnce()
{
    if (!m_session || !m_running)
        return;
    m_session->worker()->control().step();
    updateButtons();
}

void TrainingPanel::stopTraining()
{
    if (!m_session || !m_running)
        return;
    m_session->worker()->control().requestStop();
    showMessage(tr("Stopping…"), MessageKind::Info);
}

void TrainingPanel::updateButtons()
{
    const bool paused = isPaused();
    m_trainButton->setEnabled(m_session && !m_running);
    const bool idleModel = m_session && !m_running && !m_loading && m_hasModel;
    m_saveModelButton->setEnabled(idleModel);
    m_continueButton->setEnabled(idleModel);
    m_continueEpochs->setEnabled(idleModel);
    m_openModelButton->setEnabled(m_session && !m_running && !m_loading);
    m_pauseButton->setEnabled(m_running);
    m_pauseButton->setText(paused && m_running ? tr("Resume") : tr("Pause"));
    m_stepButton->setEnabled(m_running);
    m_stopButton->setEnabled(m_running);
    for (QWidget *w : std::initializer_list<QWidget *>{m_network, m_input, m_split, m_epochs, m_learningRate, m_batch,
                                                       m_optimizer, m_momentum, m_weightDecay, m_seed, m_augment})
        w->setEnabled(!m_running);
    m_momentum->setEnabled(!m_running && m_optimizer->currentData().toString() == "sgd");
    m_standardize->setEnabled(!m_running && m_input->currentData().toString() == "mfcc");
}

void TrainingPanel::showMessage(const QString &text, MessageKind kind)
{
    static const char *const styles[] = {
        "QLabel { padding: 4px; }",
        "QLabel { padding: 4px; color: #664d03; background: #fff3cd; border: 1px solid #ffda6a; border-radius: 3px; }",
        "QLabel { padding: 4px; color: #842029; background: #f8d7da; border: 1px solid #f1aeb5; border-radius: 3px; }",
    };
    m_message->setStyleSheet(styles[static_cast<int>(kind)]);
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void TrainingPanel::onStarted(const TrainingConfig &c, qint64 trainSize, qint64 testSize)
{
    m_runConfig = c;
    m_hasModel = true;
    m_startFraction = m_history.empty() ? 0.0 : m_history.back().fraction;
    m_clock.start();
    m_progress->setRange(0, std::max(1, c.epochs) * 1000);
    m_progress->setValue(0);
    m_progress->setFormat(tr("Epoch 1/%1").arg(c.epochs));
    m_confusion->clear();
    m_clips->clear();
    showMessage(tr("Training on %1 clips, testing on %2.").arg(trainSize).arg(testSize), MessageKind::Info);
}

void TrainingPanel::onProgress(const TrainingProgress &point)
{
    m_history.push_back(point);
    m_curves->addPoint(point);
    const int epochs = std::max(1, m_runConfig.epochs);
    m_progress->setValue(static_cast<int>(std::lround(std::min<double>(point.fraction, epochs) * 1000)));
    const double elapsed = m_clock.isValid() ? m_clock.elapsed() / 1000.0 : 0.0;
    const double done = point.fraction - m_startFraction;
    const double eta = done > 0 ? elapsed * (epochs - point.fraction) / done : NAN;
    m_progress->setFormat(tr("Epoch %1/%2 · ETA %3 · %4 ex/s")
                              .arg(std::min(point.epoch + 1, epochs))
                              .arg(epochs)
                              .arg(clock(eta))
                              .arg(point.examplesPerSecond, 0, 'f', 0));
    Q_EMIT progressShown(point);
}

void TrainingPanel::onFinished(const TrainingSummary &summary)
{
    m_running = false;
    m_epochsDone = summary.epochsDone;
    m_continueEpochs->setValue(std::max(m_continueEpochs->value(), summary.epochsDone + 5));
    const QString accuracy = std::isfinite(summary.testAccuracy) && summary.epochsDone > 0
                                 ? tr("test accuracy %1 %").arg(100.0 * summary.testAccuracy, 0, 'f', 1)
                                 : tr("no complete epoch");
    switch (summary.outcome) {
    case RunOutcome::Finished:
        showMessage(tr("Finished %1 epochs in %2: %3.").arg(summary.epochsDone).arg(clock(summary.seconds)).arg(accuracy),
                    MessageKind::Info);
        m_progress->setFormat(tr("Done · %1 epochs · %2").arg(summary.epochsDone).arg(clock(summary.seconds)));
        break;
    case RunOutcome::Stopped:
        showMessage(tr("Stopped: %1 (%2).").arg(summary.message, accuracy), MessageKind::Warning);
        m_progress->setFormat(tr("Stopped at epoch %1").arg(summary.epochsDone + 1));
        break;
    case RunOutcome::Diverged:
        showMessage(summary.message, MessageKind::Warning);
        m_progress->setFormat(tr("Diverged"));
        break;
    case RunOutcome::Failed:
        showMessage(summary.message, MessageKind::Error);
        m_progress->setFormat(tr("Failed"));
        break;
    }
    if (!m_history.empty()) {
        RunRecord run;
        run.network = m_runName;
        run.input = toString(m_runConfig.input);
        run.epochsTarget = m_runConfig.epochs;
        run.learningRate = m_runConfig.learningRate;
        run.config = m_runConfig.toJson();
        run.history = m_history;
        run.summary = summary;
        run.finishedAt = QDateTime::currentDateTime();
        m_runs->runsModel()->addRun(std::move(run));
    }
    if (summary.outcome != RunOutcome::Failed && !m_history.empty() && m_session) {
        m_evaluating = true;
        m_session->worker()->requestEvaluation();
    }
    updateButtons();
    Q_EMIT runFinished(summary);
    Q_EMIT modelChanged();
}

void TrainingPanel::onFailed(const QString &message)
{
    if (m_loading) {
        // The worker keeps its previous model when a checkpoint cannot be read.
        m_loading = false;
        showMessage(tr("Could not open the model: %1. Choose a .cspt file saved by ConvScope with the same "
                       "dataset.").arg(message),
                    MessageKind::Error);
        updateButtons();
        return;
    }
    const bool wasRunning = m_running;
    m_running = false;
    if (wasRunning) {
        m_hasModel = false;  // the run could not build its model; the worker has none now
        m_progress->setFormat(tr("Failed"));
    }
    showMessage(message.isEmpty() ? tr("The run failed.") : message, MessageKind::Error);
    updateButtons();
    if (wasRunning)
        Q_EMIT modelChanged();
}

void TrainingPanel::onEvaluated(const EvaluationReport &report)
{
    m_evaluating = false;
    m_confusion->setReport(report);
    m_clips->clear();
    m_clipsTitle->setText(tr("Test accuracy %1 %. Click a cell to list its clips.").arg(100.0 * report.accuracy, 0, 'f', 1));
    Q_EMIT evaluationShown(report);
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
    const QStringList files = m_confusion->clipsAt(truth, predicted);
    m_clipsTitle->setText(tr("True %1, predicted %2: %n clip(s)", nullptr, n).arg(truth).arg(predicted));
    m_clips->addItems(files);
}

QString TrainingPanel::runLabel(const TrainingConfig &config) const
{
    for (const char *id : kPresets) {
        const NetworkSpec *spec = presets().find(id);
        if (!spec)
            continue;
        NetworkSpec named = *spec;  // config() names an unnamed preset after its id
        if (named.name.empty())
            named.name = id;
        if (*spec == config.network || named == config.network)
            return QString::fromLatin1(id);
    }
    return config.network.name.empty() ? tr("custom") : QString::fromStdString(config.network.name);
}

QString TrainingPanel::saveModel(const QString &path)
{
    if (!m_session)
        return tr("Load the dataset and train a model before saving.");
    if (m_running)
        return tr("A run is in progress: stop it or let it finish, then save.");
    if (!m_hasModel)
        return tr("There is no model to save yet: train one first.");
    m_session->worker()->requestSave(path);
    showMessage(tr("Saving the model to %1…").arg(path), MessageKind::Info);
    return {};
}

QString TrainingPanel::openModel(const QString &path)
{
    if (!m_session)
        return tr("Load the dataset first: a model is opened together with the data it was trained on.");
    if (m_running)
        return tr("A run is in progress: stop it before opening a model.");
    m_loading = true;
    m_loadedHistory.clear();
    m_session->worker()->requestLoad(path);
    showMessage(tr("Opening %1…").arg(QFileInfo(path).fileName()), MessageKind::Info);
    updateButtons();
    return {};
}

void TrainingPanel::onLoaded(const TrainingConfig &config, int epochsDone)
{
    m_loading = false;
    m_hasModel = true;
    m_runConfig = config;
    m_epochsDone = epochsDone;
    m_history = std::move(m_loadedHistory);
    m_loadedHistory.clear();
    applyConfigToForm(config);
    m_runName = runLabel(config);
    redrawHistory(std::max(config.epochs, epochsDone));
    m_progress->setRange(0, std::max(1, std::max(config.epochs, epochsDone)) * 1000);
    m_progress->setValue(epochsDone * 1000);
    m_progress->setFormat(tr("Opened · %1 epochs done").arg(epochsDone));
    m_continueEpochs->setValue(epochsDone + 5);
    double testAccuracy = NAN;
    for (const auto &p : m_history)
        if (p.epochEnd)
            testAccuracy = p.testAccuracy;
    showMessage(tr("Opened %1: %2 epochs done%3. Continue training it, or test it on your voice.")
                    .arg(m_runName)
                    .arg(epochsDone)
                    .arg(std::isfinite(testAccuracy) ? tr(", test accuracy %1 %").arg(100.0 * testAccuracy, 0, 'f', 1)
                                                     : QString()),
                MessageKind::Info);
    m_confusion->clear();
    m_clips->clear();
    m_evaluating = true;
    m_session->worker()->requestEvaluation();
    updateButtons();
    Q_EMIT modelLoaded(config, epochsDone);
    Q_EMIT modelChanged();
}

void TrainingPanel::applyConfigToForm(const TrainingConfig &config)
{
    const QString id = runLabel(config);
    if (!selectNetwork(id) || m_network->currentData().toString() == kCustom)
        setCustomNetwork(config.network);
    m_input->setCurrentIndex(m_input->findData(toString(config.input)));
    m_epochs->setValue(config.epochs);
    m_learningRate->setValue(config.learningRate);
    m_batch->setValue(config.batchSize);
    m_optimizer->setCurrentIndex(m_optimizer->findData(toString(config.optimizer)));
    m_momentum->setValue(config.momentum);
    m_weightDecay->setValue(config.weightDecay);
    m_seed->setValue(static_cast<int>(config.seed));
    m_augment->setChecked(config.augment);
    m_standardize->setChecked(config.standardizeMfcc);
    if (const int split = m_split->findData(config.split.toString()); split >= 0)
        m_split->setCurrentIndex(split);
}

void TrainingPanel::redrawHistory(int epochs)
{
    m_curves->startRun(epochs);
    for (const TrainingProgress &point : m_history)
        m_curves->addPoint(point);
}

QString TrainingPanel::continueTraining(int epochs)
{
    if (!m_session || !m_hasModel)
        return tr("There is no model to continue: train one or open a saved model first.");
    if (m_running || m_loading)
        return tr("Wait until the current run has ended, then continue.");
    if (epochs <= m_epochsDone)
        return tr("The model has already done %1 epochs: choose more than that to continue.").arg(m_epochsDone);
    m_running = true;
    m_runConfig.epochs = epochs;
    m_epochs->setValue(epochs);  // the form shows the run being trained
    redrawHistory(epochs);
    m_progress->setRange(0, epochs * 1000);
    m_progress->setFormat(tr("Continuing…"));
    showMessage(tr("Continuing %1 from epoch %2 to %3…").arg(m_runName).arg(m_epochsDone).arg(epochs),
                MessageKind::Info);
    m_session->worker()->requestContinue(epochs);
    updateButtons();
    Q_EMIT runStarted(m_runConfig);
    return {};
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

QString TrainingPanel::whyModelCannotAnswer(const std::vector<float> &samples) const
{
    if (!m_session || !m_hasModel)
        return tr("There is no trained model yet: train one on the Training tab or open a saved model (.cspt).");
    if (m_running || m_loading)
        return tr("The model is busy training: it answers when the run ends (or press Stop).");
    if (samples.empty())
        return tr("The recording is empty: record again, closer to the microphone.");
    return {};
}

QString TrainingPanel::requestProbabilities(const std::vector<float> &samples)
{
    if (const QString error = whyModelCannotAnswer(samples); !error.isEmpty())
        return error;
    m_session->worker()->requestProbabilities(samples);
    return {};
}

QString TrainingPanel::requestSaliency(const std::vector<float> &samples, int digit)
{
    if (const QString error = whyModelCannotAnswer(samples); !error.isEmpty())
        return error;
    m_session->worker()->requestSaliency(samples, digit);
    return {};
}

QString TrainingPanel::playClip(const QString &fileName)
{
    if (m_dataFolder.isEmpty())
        return tr("The dataset folder is not known, so %1 cannot be played.").arg(fileName);
    const QString path = QDir(m_dataFolder).filePath(fileName);
    const DecodeResult decoded = AudioDecoder::decodeFile(path);
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
    if (!m_hasModel || m_running) {
        showMessage(saveModel({}), MessageKind::Warning);
        return;
    }
    QString path = QFileDialog::getSaveFileName(this, tr("Save model"), m_runName + ".cspt",
                                                tr("ConvScope model (*.cspt)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += ".cspt";
    if (const QString error = saveModel(path); !error.isEmpty())
        showMessage(error, MessageKind::Warning);
}

void TrainingPanel::openModelFrom()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open model"), {},
                                                      tr("ConvScope model (*.cspt);;All files (*)"));
    if (path.isEmpty())
        return;
    if (const QString error = openModel(path); !error.isEmpty())
        showMessage(error, MessageKind::Warning);
}

void TrainingPanel::openRunsFrom()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open runs"), {}, tr("JSON (*.json)"));
    if (!path.isEmpty())
        openRuns(path);
}

}  // namespace convscope
