#include "SmallFeatureCache.h"

#include "TestPaths.h"
#include "data/DatasetScanner.h"
#include "data/FeatureCache.h"

namespace convscope::test {

QString fsddFolder() { return sharedDir() + "/fsdd/recordings"; }

std::shared_ptr<const FeatureCache> smallFeatureCache(int count, QString *error)
{
    const auto fail = [error](const QString &text) -> std::shared_ptr<const FeatureCache> {
        if (error)
            *error = text;
        return nullptr;
    };
    DatasetLoadResult loaded = DatasetScanner::load(fsddFolder());
    if (loaded.status != LoadStatus::Ok)
        return fail(loaded.error);
    const std::size_t total = loaded.dataset.items.size();
    if (total < static_cast<std::size_t>(count))
        return fail(QString("only %1 recordings in %2").arg(total).arg(fsddFolder()));
    std::vector<DatasetItem> kept;
    for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i)
        kept.push_back(loaded.dataset.items[i * total / static_cast<std::size_t>(count)]);
    loaded.dataset.items = std::move(kept);
    FeatureCacheResult built = FeatureCache::build(loaded.dataset);
    if (!built.cache)
        return fail(built.error);
    return std::make_shared<const FeatureCache>(std::move(*built.cache));
}

QStringList clipFiles(const FeatureCache &cache) { return cache.files(); }

}  // namespace convscope::test
