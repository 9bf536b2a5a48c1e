#include "training/TrainingForm.h"

#include "network/PresetLibrary.h"
#include "services/TrainingController.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>

#include <algorithm>

namespace convscope {

namespace {

const QString kCustom = QStringLiteral("custom");

const PresetLibrary &presets()
{
    static const PresetLibrary library;
    return library;
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

TrainingForm::TrainingForm(TrainingController *controller, QWidget *parent)
    : QGroupBox(tr("Run"), parent), m_controller(controller)
{
    auto *form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_network = new QComboBox(this);
    for (const QString &id : trainablePresetIds())
        m_network->addItem(id, id);
    m_input = new QComboBox(this);
    m_input->addItem("raw", "raw");
    m_input->addItem("mfcc", "mfcc");
    m_split = new QComboBox(this);
    m_epochs = new QSpinBox(this);
    m_epochs->setRange(1, 1000);
    m_learningRate = makeDouble(this, 0.00001, 10.0, 0.01, 5);
    m_batch = new QSpinBox(this);
    m_batch->setRange(1, 4096);
    m_batch->setValue(32);
    m_optimizer = new QComboBox(this);
    m_optimizer->addItem("sgd", "sgd");
    m_optimizer->addItem("adam", "adam");
    m_momentum = makeDouble(this, 0.0, 0.999, 0.05, 3);
    m_weightDecay = makeDouble(this, 0.0, 1.0, 0.0001, 5);
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, 2147483647);
    m_seed->setValue(12345);
    m_augment = new QCheckBox(tr("shift, gain, noise"), this);
    m_augment->setObjectName("augment");
    m_standardize = new QCheckBox(tr("per coefficient"), this);
    m_recipe = new QLabel(this);
    m_recipe->setObjectName("recipe");
    m_recipe->setWordWrap(true);
    m_recipe->setToolTip(tr("Settings of the preset (or of the opened run) that this form has no field for; they "
                            "are used as listed. docs/speakers.md explains the voice recipe; convscope-cli train "
                            "changes them."));

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
    form->addRow(tr("Recipe"), m_recipe);

    connect(m_network, &QComboBox::currentIndexChanged, this, [this] { applyNetworkDefaults(); });
    connect(m_input, &QComboBox::currentIndexChanged, this, [this] { updateEnabled(m_controller->state()); });
    connect(m_optimizer, &QComboBox::currentIndexChanged, this, [this] { updateEnabled(m_controller->state()); });
    connect(controller, &TrainingController::dataChanged, this, &TrainingForm::refreshSplits);
    connect(controller, &TrainingController::customNetworkOffered, this, &TrainingForm::setCustomNetwork);
    connect(controller, &TrainingController::stateChanged, this, &TrainingForm::updateEnabled);
    connect(controller, &TrainingController::reservationChanged, this, [this] { updateEnabled(m_controller->state()); });
    if (controller->customNetwork())
        setCustomNetwork(*controller->customNetwork());
    refreshSplits();
    selectNetwork("mfcc");
    updateEnabled(controller->state());
}

void TrainingForm::setCustomNetwork(const NetworkSpec &network)
{
    int index = m_network->findData(kCustom);
    const QString label = network.name.empty() ? tr("custom (studio)")
                                               : tr("custom: %1").arg(QString::fromStdString(network.name));
    if (index < 0) {
        m_network->addItem(label, kCustom);
        index = m_network->count() - 1;
    } else {
        m_network->setItemText(index, label);
    }
    // The user's choice stays: the studio's network is offered, never switched to behind their back.
    if (m_network->currentIndex() == index && !isRunning(m_controller->state()))
        applyNetworkDefaults();
}

bool TrainingForm::selectNetwork(const QString &id)
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

void TrainingForm::setEpochs(int epochs) { m_epochs->setValue(epochs); }

void TrainingForm::applyNetworkDefaults()
{
    const QString id = m_network->currentData().toString();
    if (id == kCustom) {
        m_base = TrainingConfig{};  // a studio network has no recipe
        m_recipe->setText(recipeSummary(m_base));
        if (const auto &custom = m_controller->customNetwork()) {
            const bool mfcc = custom->input.size() == 2 && custom->input[0] == 13;
            m_input->setCurrentIndex(m_input->findData(mfcc ? "mfcc" : "raw"));
        }
        return;
    }
    const NetworkSpec *spec = presets().find(id.toStdString());
    if (!spec)
        return;
    if (const auto defaults = TrainingConfig::forPreset(id, *spec)) {
        TrainingConfig shown = *defaults;
        shown.seed = static_cast<std::uint64_t>(m_seed->value());  // the seed (and the split) stay the user's
        showFields(shown);
    }
}

void TrainingForm::showFields(const TrainingConfig &config)
{
    m_base = config;
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
    m_recipe->setText(recipeSummary(config));
}

void TrainingForm::refreshSplits()
{
    const QString previous = m_split->currentData().toString();
    m_split->clear();
    m_split->addItem(tr("random (2/3 train)"), "random");
    m_split->addItem(tr("official (takes 0-4 test)"), "official");
    for (const QString &speaker : m_controller->speakerNames())
        m_split->addItem(tr("leave out %1").arg(speaker), "speaker=" + speaker);
    const int index = m_split->findData(previous);
    m_split->setCurrentIndex(index >= 0 ? index : 0);
}

std::optional<TrainingConfig> TrainingForm::config(QString *error) const
{
    const auto fail = [error](const QString &text) -> std::optional<TrainingConfig> {
        if (error)
            *error = text;
        return std::nullopt;
    };
    const QString id = m_network->currentData().toString();
    TrainingConfig c = m_base;
    if (id == kCustom) {
        if (!m_controller->customNetwork())
            return fail(tr("No custom network has been set."));
        c.network = *m_controller->customNetwork();
    } else {
        const NetworkSpec *spec = presets().find(id.toStdString());
        if (!spec)
            return fail(tr("The preset \"%1\" is missing from the preset library.").arg(id));
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

void TrainingForm::showConfig(const TrainingConfig &config, const QString &presetOrName)
{
    if (!selectNetwork(presetOrName)) {
        m_controller->offerCustomNetwork(config.network);
        selectNetwork(kCustom);
    }
    showFields(config);
    if (const int split = m_split->findData(config.split.toString()); split >= 0)
        m_split->setCurrentIndex(split);
}

void TrainingForm::updateEnabled(TrainingState state)
{
    const bool editable = !isRunning(state) && m_controller->reservation().isEmpty();
    for (QWidget *w : std::initializer_list<QWidget *>{m_network, m_input, m_split, m_epochs, m_learningRate, m_batch,
                                                       m_optimizer, m_seed, m_augment})
        w->setEnabled(editable);
    m_momentum->setEnabled(editable && m_optimizer->currentData().toString() == "sgd");
    m_weightDecay->setEnabled(editable);
    const bool mfcc = m_input->currentData().toString() == "mfcc";
    m_standardize->setEnabled(editable && mfcc);
    m_augment->setText(mfcc ? tr("time shift") : tr("shift, gain, noise"));  // augmentBatch shifts MFCCs only
}

QString recipeSummary(const TrainingConfig &config)
{
    QStringList parts;
    if (config.centreWord)
        parts << (config.wordCore ? QObject::tr("word's core centred") : QObject::tr("word centred"));
    if (config.schedule == LrSchedule::Cosine)
        parts << QObject::tr("cosine learning rate");
    if (!config.speeds.empty()) {
        const auto [slowest, fastest] = std::minmax_element(config.speeds.begin(), config.speeds.end());
        parts << QObject::tr("%1 speeds %2–%3").arg(config.speeds.size()).arg(*slowest).arg(*fastest);
    }
    if (config.testAtSpeeds)
        parts << QObject::tr("judged at each speed");
    if (!config.warps.empty()) {
        const auto [lowest, highest] = std::minmax_element(config.warps.begin(), config.warps.end());
        parts << QObject::tr("%1 vocal tract warps %2–%3").arg(config.warps.size()).arg(*lowest).arg(*highest);
    }
    if (config.rooms > 0)
        parts << (config.rooms == 1 ? QObject::tr("1 random room") : QObject::tr("%1 random rooms").arg(config.rooms));
    if (config.noiseFloors)
        parts << QObject::tr("noise floors");
    if (config.specAugmentMasks > 0)
        parts << QObject::tr("%1 SpecAugment masks").arg(config.specAugmentMasks);
    if (config.normaliseUtterance)
        parts << QObject::tr("per-recording MFCC normalisation");
    if (config.labelSmoothing > 0.0)
        parts << QObject::tr("label smoothing %1").arg(config.labelSmoothing);
    return parts.isEmpty() ? QObject::tr("none") : parts.join(QStringLiteral(" · "));
}

}  // namespace convscope
