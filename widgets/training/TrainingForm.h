#pragma once

#include "train/TrainingConfig.h"
#include "train/TrainingState.h"

#include <QGroupBox>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace convscope {

class TrainingController;

/**
 * The run form of the training tab: network (a trainable preset or the studio's custom network), input,
 * split, hyper-parameters. Turns its widgets into a TrainingConfig and back. The settings it has no field for
 * (the voice recipe's word centring, schedule, speeds, masks) come from the chosen preset or the shown run, are
 * kept, and are listed in the Recipe row. Observes the controller: the
 * split list follows its data, the custom entry follows the studio's offer, and the form locks while a run
 * holds the worker. GUI thread only.
 */
class TrainingForm : public QGroupBox {
    Q_OBJECT
public:
    explicit TrainingForm(TrainingController *controller, QWidget *parent = nullptr);

    /// The run the form describes; nullopt with `error` when it cannot be built.
    std::optional<TrainingConfig> config(QString *error = nullptr) const;
    /// Selects a trainable preset or "custom" and applies its defaults; false when there is no such entry.
    bool selectNetwork(const QString &id);
    void setEpochs(int epochs);
    /// Shows a run's settings (an opened model's), selecting its preset or its network as "custom".
    void showConfig(const TrainingConfig &config, const QString &presetOrName);

private:
    void setCustomNetwork(const NetworkSpec &network);
    void applyNetworkDefaults();
    /// Fills every field, and the Recipe row, from `config`, which also becomes the base of config().
    void showFields(const TrainingConfig &config);
    void refreshSplits();
    void updateEnabled(TrainingState state);

    TrainingController *m_controller;
    QComboBox *m_network, *m_input, *m_split, *m_optimizer;
    QSpinBox *m_epochs, *m_batch, *m_seed;
    QDoubleSpinBox *m_learningRate, *m_momentum, *m_weightDecay;
    QCheckBox *m_augment, *m_standardize;
    QLabel *m_recipe;
    TrainingConfig m_base;  ///< the preset's defaults or the shown run: what config() starts from
};

/// The settings of `config` that the form has no field for, as one line ("word centred · cosine learning rate ·
/// …"), or "none".
QString recipeSummary(const TrainingConfig &config);

}  // namespace convscope
