#include "DataMap.h"

#include "Pca.h"
#include "Tsne.h"

#include <cmath>
#include <limits>

namespace convscope {

namespace {

std::optional<DataMap> pcaMap(const PointSet &points)
{
    const PcaResult pca = principalComponents(points, 2);
    DataMap map;
    map.coordinates.assign(points.count, {0.0, 0.0});
    for (std::size_t i = 0; i < points.count; ++i)
        for (std::size_t c = 0; c < pca.projected.dims; ++c)
            map.coordinates[i][c] = pca.projected.row(i)[c];
    double shown = 0.0;
    for (double v : pca.variance)
        shown += v;
    map.description = QString("PCA: the two components hold %1 % of the variance")
                          .arg(pca.totalVariance > 0.0 ? 100.0 * shown / pca.totalVariance : 0.0, 0, 'f', 1);
    return map;
}

std::optional<DataMap> tsne(const PointSet &points, double perplexity, const std::atomic<bool> *cancel,
                            const std::function<void(double)> &progress)
{
    TsneOptions options;
    options.perplexity = perplexity;
    options.cancel = cancel;
    if (progress)
        options.progress = [&progress](int done, int total) { progress(static_cast<double>(done) / total); };
    const auto result = tsneMap(points, options);
    if (!result)
        return std::nullopt;
    DataMap map;
    map.coordinates = result->coordinates;
    map.description = QString("t-SNE, perplexity %1: KL divergence %2")
                          .arg(result->perplexity, 0, 'g', 3)
                          .arg(result->klDivergence, 0, 'f', 2);
    return map;
}

}  // namespace

std::optional<DataMap> projectDataMap(const DataMapFeatures &features, const DataMapOptions &options,
                                      const std::atomic<bool> *cancel, const std::function<void(double)> &progress)
{
    const PointSet &points = options.source == MapSource::Input ? features.input : features.penultimate;
    if (points.count == 0 || (cancel && cancel->load()))
        return std::nullopt;
    if (options.method == MapMethod::Pca)
        return pcaMap(points);
    return tsne(points, options.perplexity, cancel, progress);
}

double nearestNeighbourAccuracy(const Coordinates2D &coordinates, const std::vector<int> &labels)
{
    if (coordinates.size() < 2)
        return 0.0;
    std::size_t correct = 0;
    for (std::size_t i = 0; i < coordinates.size(); ++i) {
        std::size_t nearest = i;
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t j = 0; j < coordinates.size(); ++j) {
            const double dx = coordinates[i][0] - coordinates[j][0], dy = coordinates[i][1] - coordinates[j][1];
            if (j != i && dx * dx + dy * dy < best)
                best = dx * dx + dy * dy, nearest = j;
        }
        correct += labels[nearest] == labels[i];
    }
    return static_cast<double>(correct) / static_cast<double>(coordinates.size());
}

std::optional<std::size_t> lastLinearLayer(const NetworkSpec &network)
{
    for (std::size_t i = network.layers.size(); i-- > 0;)
        if (network.layers[i].kind == LayerKind::Linear)
            return i;
    return std::nullopt;
}

std::vector<int> digitLabels(const std::vector<DataMapClip> &clips)
{
    std::vector<int> labels;
    labels.reserve(clips.size());
    for (const DataMapClip &clip : clips)
        labels.push_back(clip.digit);
    return labels;
}

}  // namespace convscope
