#pragma once

#include "EffectiveFieldQuery.h"
#include "Trainer.h"
#include "TrainingConfig.h"
#include "TrainingControl.h"
#include "TrainingProgress.h"

#include <QObject>
#include <QString>

#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace convscope {

class FeatureCache;

/**
 * Runs a Trainer on the thread it lives on (moved to a QThread by TrainingSession). The GUI thread calls the
 * public request functions; they queue work onto the worker's thread, which answers through signals carrying
 * small values. control() may be used from any thread and is answered within one batch.
 */
class TrainingWorker : public QObject {
    Q_OBJECT
public:
    explicit TrainingWorker(std::shared_ptr<const FeatureCache> data, QObject *parent = nullptr);
    ~TrainingWorker() override;

    TrainingControl &control() { return m_control; }

    /// Starts a new run with `config` (replacing the current model).
    void requestTraining(const TrainingConfig &config);
    /// Continues the current model up to `epochs` in total.
    void requestContinue(int epochs);
    /// Loads a checkpoint as the current model (then continue, evaluate or predict).
    void requestLoad(const QString &path);
    void requestSave(const QString &path);
    void requestEvaluation();
    void requestProbabilities(const std::vector<float> &samples);
    /// |d score(digit) / d input| of one recording, answered by saliency() (6000 values, or 13×74 row-major).
    void requestSaliency(const std::vector<float> &samples, int digit);
    /// The effective receptive field with the model's weights over its test clips, answered by effectiveField().
    void requestEffectiveField(const EffectiveFieldQuery &query);
    /// What one recording does inside the model, answered by activations() with `clip`, `truth` and `tag` set.
    void requestActivations(const std::vector<float> &samples, const QString &clip, int truth, int tag);
    /// The test clips' input and penultimate features, answered by dataMapFeatures() with `tag`.
    void requestDataMapFeatures(int tag);

Q_SIGNALS:
    void started(const convscope::TrainingConfig &config, qint64 trainSize, qint64 testSize);
    void progress(const convscope::TrainingProgress &point);
    void warning(const QString &message);
    void finished(const convscope::TrainingSummary &summary);
    void failed(const QString &message);
    void evaluated(const convscope::EvaluationReport &report);
    void probabilities(const std::array<double, 10> &values);
    void saved(const QString &path, const QString &error);
    void loaded(const convscope::TrainingConfig &config, int epochsDone);
    /// The loaded checkpoint's curve, emitted just before loaded() (a few hundred small points).
    void historyLoaded(const std::vector<convscope::TrainingProgress> &history);
    void saliency(const std::vector<float> &values, int digit);
    void effectiveField(const convscope::SharedFieldResult &result, const convscope::EffectiveFieldQuery &query);
    void activations(const convscope::SharedActivations &snapshot);
    void dataMapFeatures(const convscope::SharedDataMapFeatures &features, int tag);

private:
    /// Queues `work` onto the worker's thread; an exception becomes failed("<action> failed: …").
    void post(const QString &action, std::function<void()> work);
    /// Emits failed() naming what needs a model when there is none.
    bool hasModel(const QString &whatFor);
    void runCurrent();

    std::shared_ptr<const FeatureCache> m_data;
    std::unique_ptr<Trainer> m_trainer;
    TrainingControl m_control;
};

/// Registers the value types above for queued signals; call once before connecting.
void registerTrainingMetaTypes();

}  // namespace convscope

