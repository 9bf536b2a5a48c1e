#pragma once

#include "explore/ActivationSnapshot.h"
#include "explore/DataMap.h"

#include "util/BackgroundJob.h"

#include <QObject>
#include <QString>

#include <array>
#include <optional>
#include <vector>

namespace convscope {

class ModelService;

/**
 * The state of "inside the trained network", with no widget: the clips shown in the activation view (a main side
 * and a comparison side) and the data map of the model's test clips. It asks the model service, so the same model
 * answers here as in every tab (the user's, while no run steps its weights, else the personal or the ready one);
 * the map's projection runs on Qt's thread pool with progress and cancel. When the model changes, the shown clips are asked
 * again of the new model and the map is dropped. Panels observe it. GUI thread only.
 */
class ExploreController : public QObject {
    Q_OBJECT
public:
    static constexpr int kSides = 2;  ///< 0: the clip, 1: the clip it is compared with

    explicit ExploreController(ModelService *models, QObject *parent = nullptr);
    ~ExploreController() override;

    /// Shows one recording on `side` (snapshotChanged answers); returns why not, or empty.
    QString showClip(int side, const std::vector<float> &samples, const QString &clip, int truth = -1);
    /// Empties `side` (snapshotChanged answers; an answer still on its way is dropped).
    void clearClip(int side);
    /// The name of the clip shown on `side` ("7_jackson_32.wav", "your take"), or empty.
    QString clipName(int side) const { return m_sides[static_cast<std::size_t>(side)].clip; }
    /// The model that answers, as every tab names it (ModelService::description).
    QString answering() const;
    /// The side's snapshot, or nullptr before one arrived (or after the model went away).
    SharedActivations snapshot(int side) const { return m_sides[static_cast<std::size_t>(side)].snapshot; }

    /// Maps the model's test clips (mapChanged answers, mapProgress on the way); returns why not, or empty.
    QString computeMap(const DataMapOptions &options);
    /// Asks the running projection to stop (mapCancelled answers).
    void cancelMap();
    bool isMapping() const { return m_mapping; }
    SharedDataMapFeatures mapFeatures() const { return m_features; }
    /// The current map (of mapFeatures()' clips, in their order), or nullopt.
    const std::optional<DataMap> &map() const { return m_map; }
    const DataMapOptions &mapOptions() const { return m_options; }

Q_SIGNALS:
    void snapshotChanged(int side);
    void mapProgress(double fraction);
    /// A map arrived, or the model changed and the map was dropped (map() is then nullopt).
    void mapChanged();
    void mapCancelled();

private:
    struct Side {
        std::vector<float> samples;
        QString clip;
        int truth = -1;
        int tag = 0;  ///< the latest question's; older answers are dropped
        SharedActivations snapshot;
    };
    void onActivations(const SharedActivations &snapshot);
    void onFeatures(const SharedDataMapFeatures &features, int tag);
    void onModelChanged();
    void project();
    QString askSide(int side);

    ModelService *m_models;
    std::array<Side, kSides> m_sides;
    int m_nextTag = 1;
    int m_featuresTag = 0;  ///< the data-map question waiting for its features, 0 when none
    DataMapOptions m_options;
    SharedDataMapFeatures m_features;
    std::optional<DataMap> m_map;
    bool m_mapping = false;
    BackgroundJob<std::optional<DataMap>> m_projection{this};
};

}  // namespace convscope
