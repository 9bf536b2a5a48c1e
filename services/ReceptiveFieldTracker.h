#pragma once

#include "receptive/GradientReceptiveField.h"
#include "train/EffectiveFieldQuery.h"
#include "util/BackgroundJob.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <mutex>
#include <string>

namespace convscope {

class NetworkDocument;
class ModelService;

/**
 * Keeps the receptive field of one output unit of the document's network up to date: recomputes whenever the
 * network, the chosen output pixel or the output channel changes. Small networks (the assignment's, up to
 * kSynchronousMacs of convolution work) are traced at once (see convscope --bench-rf); larger ones (ResNet-50 at
 * 224²) on a worker thread, with progress; a new edit cancels a stale run.
 * When a layer is invalid, the field is traced through the valid layers before it, so the view keeps working.
 * A new output size resets the pixel to the centre. With trained weights, the training controller's model traces
 * the field on the worker's thread (when the document shows that model's network and no run is stepping it); a
 * newer question makes an older answer stale. A network read from a TorchScript model (.pt) and not edited since
 * traces with that file's own weights instead (NetworkDocument::weightsFile), in the background. GUI thread only.
 */
class ReceptiveFieldTracker : public QObject {
    Q_OBJECT
public:
    explicit ReceptiveFieldTracker(NetworkDocument *document, QObject *parent = nullptr);

    /// Networks whose traced part costs more multiply-accumulates than this are traced in the background.
    static constexpr std::int64_t kSynchronousMacs = 20'000'000;
    /// The test clips the trained field averages.
    static constexpr int kTrainedClips = 10;

    const ReceptiveFieldResult &result() const { return m_result; }
    /// Whether a background trace runs or a trained model's answer is awaited (result() then has no maps, only the
    /// error "Tracing…").
    bool isTracing() const { return m_job.isRunning() || m_awaitingTrained; }
    /// Why the field stops before the network's last spatial layer (its first invalid layer), or empty.
    const QString &truncation() const { return m_truncation; }
    NetworkDocument *document() const { return m_document; }
    /// The traced output's shape ([C, H, W] or [C, L]), empty when nothing can be traced.
    std::int64_t outputChannel() const { return m_outputChannel; }

    void setPixel(std::int64_t row, std::int64_t column);
    /// All-one weights (the assignment's theoretical field), random initialisation or a trained model's weights
    /// (effective fields).
    void setWeights(ProbeWeights weights);
    ProbeWeights weights() const { return m_weights; }
    /// "all-one weights", "random weights" or "trained weights", for the views' text.
    static QString weightsName(ProbeWeights weights);
    void setOutputChannel(std::int64_t channel);
    /// The model service whose user's model ProbeWeights::Trained traces; the field follows its state and model.
    void setTrainedModel(ModelService *models);
    ModelService *trainedModel() const;

Q_SIGNALS:
    void resultChanged();
    /// A background trace started (0 of total), advanced, or ended (total of total, just before resultChanged).
    void tracingProgress(int done, int total);

private:
    void networkChanged();
    void recompute();
    /// Runs `trace` on a worker thread with the request's cancel and progress; `tracing` is shown meanwhile.
    void traceInBackground(const std::function<ReceptiveFieldResult(const ReceptiveFieldRequest &)> &trace,
                           const ReceptiveFieldRequest &request, int total, const QString &tracing);
    /// The trained field with the weights of the TorchScript model the network was read from (weightsFile()).
    void traceFileWeights(ReceptiveFieldRequest request);
    /// Asks the trained model for the request's field, or says in result() why it cannot answer.
    void askTrainedModel(const ReceptiveFieldRequest &request);
    /// Why the trained model cannot trace the document's network now, or empty.
    QString whyNoTrainedField() const;
    void trainedFieldArrived(const SharedFieldResult &result, const EffectiveFieldQuery &query);
    /// The spec up to (not including) the first invalid spatial layer.
    NetworkSpec tracedSpec() const;

    NetworkDocument *m_document;
    ReceptiveFieldResult m_result;
    QString m_truncation;
    Shape m_outputShape;
    std::optional<std::array<std::int64_t, 2>> m_pixel;
    std::int64_t m_outputChannel = 0;
    ProbeWeights m_weights = ProbeWeights::Ones;
    BackgroundJob<ReceptiveFieldResult> m_job{this};
    QPointer<ModelService> m_models;
    /// The weights of the .pt the document was read from, read on a worker thread once for all its traces.
    struct FileWeights {
        std::mutex mutex;
        QString file;
        NetworkSpec network;
        int opening = -1;  ///< NetworkDocument::modelOpenings when read
        std::string weights, error;
    };
    std::shared_ptr<FileWeights> m_fileWeights = std::make_shared<FileWeights>();
    int m_trainedTag = 0;  ///< the last question's tag (EffectiveFieldQuery::tag)
    bool m_awaitingTrained = false;
};

}  // namespace convscope
