#include "services/ExploreController.h"

#include "services/ModelService.h"

namespace convscope {

ExploreController::ExploreController(ModelService *models, QObject *parent) : QObject(parent), m_models(models)
{
    connect(models, &ModelService::activations, this, &ExploreController::onActivations);
    connect(models, &ModelService::dataMapFeatures, this, &ExploreController::onFeatures);
    connect(models, &ModelService::modelChanged, this, &ExploreController::onModelChanged);
}

ExploreController::~ExploreController() = default;

QString ExploreController::showClip(int side, const std::vector<float> &samples, const QString &clip, int truth)
{
    if (side < 0 || side >= kSides)
        return tr("There is no side %1 to show a clip on.").arg(side);
    Side &s = m_sides[static_cast<std::size_t>(side)];
    s.samples = samples;
    s.clip = clip;
    s.truth = truth;
    return askSide(side);
}

void ExploreController::clearClip(int side)
{
    if (side < 0 || side >= kSides)
        return;
    m_sides[static_cast<std::size_t>(side)] = Side();
    Q_EMIT snapshotChanged(side);
}

QString ExploreController::answering() const { return m_models->description(); }

QString ExploreController::askSide(int side)
{
    Side &s = m_sides[static_cast<std::size_t>(side)];
    s.tag = m_nextTag++;
    return m_models->requestActivations(s.samples, s.clip, s.truth, s.tag);
}

void ExploreController::onActivations(const SharedActivations &snapshot)
{
    for (int side = 0; side < kSides; ++side) {
        Side &s = m_sides[static_cast<std::size_t>(side)];
        if (snapshot && s.tag == snapshot->tag) {
            s.snapshot = snapshot;
            Q_EMIT snapshotChanged(side);
        }
    }
}

QString ExploreController::computeMap(const DataMapOptions &options)
{
    m_options = options;
    if (m_features) {
        project();
        return {};
    }
    const int tag = m_nextTag++;
    if (const QString error = m_models->requestDataMapFeatures(tag); !error.isEmpty())
        return error;
    m_featuresTag = tag;
    m_mapping = true;
    Q_EMIT mapProgress(0.0);
    return {};
}

void ExploreController::onFeatures(const SharedDataMapFeatures &features, int tag)
{
    if (tag != m_featuresTag)
        return;
    m_featuresTag = 0;
    m_features = features;
    project();
}

void ExploreController::project()
{
    m_mapping = true;
    Q_EMIT mapProgress(0.0);
    const SharedDataMapFeatures features = m_features;
    const DataMapOptions options = m_options;
    m_projection.start(
        [this, features, options](const std::atomic<bool> *cancel) {
            return projectDataMap(*features, options, cancel, [this](double fraction) {
                QMetaObject::invokeMethod(this, [this, fraction] {
                    if (m_mapping)
                        Q_EMIT mapProgress(fraction);
                }, Qt::QueuedConnection);
            });
        },
        [this](std::optional<DataMap> map) {
            m_mapping = false;
            if (!map) {
                Q_EMIT mapCancelled();
                return;
            }
            m_map = std::move(map);
            Q_EMIT mapChanged();
        });
}

void ExploreController::cancelMap()
{
    if (m_featuresTag != 0) {  // still waiting for the worker: drop its answer
        m_featuresTag = 0;
        m_mapping = false;
        Q_EMIT mapCancelled();
        return;
    }
    m_projection.requestCancel();
}

void ExploreController::onModelChanged()
{
    const bool hadMap = m_map.has_value() || m_mapping;
    m_projection.drop();
    m_mapping = false;
    m_featuresTag = 0;
    m_features.reset();
    m_map.reset();
    if (hadMap)
        Q_EMIT mapChanged();
    for (int side = 0; side < kSides; ++side) {
        Side &s = m_sides[static_cast<std::size_t>(side)];
        if (s.samples.empty())
            continue;
        s.snapshot.reset();
        Q_EMIT snapshotChanged(side);
        if (m_models->canAnswer())
            askSide(side);
    }
}

}  // namespace convscope
