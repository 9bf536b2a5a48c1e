#pragma once

#include "train/TrainingConfig.h"
#include "explore/ActivationSnapshot.h"
#include "explore/DataMap.h"

#include <QObject>
#include <QString>

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QThread;

namespace convscope {

class Dataset;
class TrainedModel;

/**
 * A built-in model (BuiltinModels, "builtin:voice" by default) or a personal model file that answers "Test your
 * voice" and "Inside the network" while the user has no model of their own: probabilities, saliency and every
 * layer's activations of one recording, and the data map's features of many, answered by signals with small values
 * (the snapshot and the features by shared pointer). The API
 * is for the GUI thread; the model lives on this object's own thread.
 *
 * Threads: TrainedModel is not thread-safe, so it is loaded and asked on that one thread only, never on the GUI
 * thread. It is loaded lazily, when the first question comes, so a session that never tests a voice never pays
 * for it. It is loaded with TrainedModel::Threads::Leave: TrainedModel::load would otherwise set LibTorch and BLAS
 * to one thread for the whole process, under a training run that may start meanwhile (a run sets its own counts
 * only when it starts), and one recording's forward pass needs no tuning. ModelService asks it only while there is
 * no model of the user's, so it never competes with a run for the cores.
 */
class ReadyModel : public QObject {
    Q_OBJECT
public:
    explicit ReadyModel(const QString &name, QObject *parent = nullptr);
    /// Drops unanswered questions and joins the thread.
    ~ReadyModel() override;

    /// "builtin:voice"
    QString name() const { return m_name; }
    /// What it is, for the user (BuiltinModel::description, or "your personal model (FILE)" for a file).
    QString description() const;
    /// The model's config, once it has been loaded (loaded() announces it); before, nullopt.
    const std::optional<TrainingConfig> &config() const { return m_config; }

    void requestProbabilities(const std::vector<float> &samples);
    /// |d score(digit) / d input|, answered by saliency().
    void requestSaliency(const std::vector<float> &samples, int digit);
    /// Every layer's output for one recording (TrainedModel::snapshot), tagged as the asker says; answered by
    /// activations().
    void requestActivations(const std::vector<float> &samples, const QString &clip, int truth, int tag);
    /// The data map's features of the recordings `rows` of `recordings` (shared read-only): each clip's input, its
    /// penultimate layer and the digit the model answers; answered by dataMapFeatures() with `tag`.
    void requestDataMapFeatures(std::shared_ptr<const Dataset> recordings, std::vector<std::int64_t> rows, int tag);

Q_SIGNALS:
    /// The model was read, before its first answer; config() holds its config from then on.
    void loaded(const convscope::TrainingConfig &config);
    void probabilities(const std::array<double, 10> &values);
    void saliency(const std::vector<float> &values, int digit);
    void activations(const convscope::SharedActivations &snapshot);
    void dataMapFeatures(const convscope::SharedDataMapFeatures &features, int tag);
    /// The model could not be read (the message names it and says why).
    void failed(const QString &message);

private:
    /// Runs `work` on the model's thread once the model is loaded (loading it first if need be).
    void post(std::function<void(const TrainedModel &)> work);

    QString m_name;
    QThread *m_thread = nullptr;           ///< started with the first question
    QObject *m_context = nullptr;          ///< lives on m_thread: the queued work's receiver
    std::unique_ptr<TrainedModel> m_model; ///< used on m_thread only
    std::optional<TrainingConfig> m_config;
};

}  // namespace convscope
