#pragma once

#include "PointSet.h"
#include "network/NetworkSpec.h"

#include <QMetaType>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace convscope {

/** One clip on the data map. */
struct DataMapClip {
    QString file;     ///< file name inside the model's data folder
    QString speaker;
    int digit = 0;
    int predicted = 0;
    bool correct() const { return digit == predicted; }
};

/**
 * The test clips of the current model as two point sets, the network's input and its penultimate layer (the input of
 * its last Linear layer), for the data map. Computed on the training worker's thread
 * (TrainingController::requestDataMapFeatures); shared read-only afterwards.
 */
struct DataMapFeatures {
    std::vector<DataMapClip> clips;
    PointSet input;
    PointSet penultimate;  ///< count 0 when the network has no Linear layer
};

using SharedDataMapFeatures = std::shared_ptr<const DataMapFeatures>;

enum class MapSource { Input, Penultimate };
enum class MapMethod { Pca, Tsne };

struct DataMapOptions {
    MapSource source = MapSource::Penultimate;
    MapMethod method = MapMethod::Tsne;
    double perplexity = 30.0;
};

/** A computed map: one coordinate per clip of the features, and what it says of itself. */
struct DataMap {
    Coordinates2D coordinates;
    QString description;  ///< "t-SNE, perplexity 30, KL divergence 0.84" or "PCA: 2 components hold 41.2 % of the variance"
};

/// Projects `options.source` of `features` to 2-D; nullopt when cancelled or there are no points. `progress` is called
/// on the computing thread with a fraction in [0, 1]. Any thread.
std::optional<DataMap> projectDataMap(const DataMapFeatures &features, const DataMapOptions &options,
                                      const std::atomic<bool> *cancel = nullptr,
                                      const std::function<void(double)> &progress = {});

/// The share of points whose nearest other point on the map has the same label: how well the map keeps the classes
/// apart (chance is about 0.1 for ten balanced digits). O(count²).
double nearestNeighbourAccuracy(const Coordinates2D &coordinates, const std::vector<int> &labels);

/// The index of the network's last Linear layer, whose input is the penultimate layer's output (activation entry
/// of the same index); nullopt without one.
std::optional<std::size_t> lastLinearLayer(const NetworkSpec &network);

/// The clips' digits, as labels for nearestNeighbourAccuracy.
std::vector<int> digitLabels(const std::vector<DataMapClip> &clips);

}  // namespace convscope

Q_DECLARE_METATYPE(convscope::SharedDataMapFeatures)
