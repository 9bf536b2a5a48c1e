#pragma once

#include <QString>
#include <QStringList>

#include <memory>

namespace convscope {
class FeatureCache;
}

namespace convscope::test {

/// The folder of the shared FSDD recordings (../shared/fsdd/recordings).
QString fsddFolder();

/**
 * `count` evenly spaced FSDD clips (every digit and speaker) with raw and MFCC features, for fast but real
 * training in tests. nullptr with `error` when the dataset cannot be read.
 */
std::shared_ptr<const FeatureCache> smallFeatureCache(int count, QString *error = nullptr);

/// The file names of the cache's clips, in order: lets widget tests skip LibTorch's headers.
QStringList clipFiles(const FeatureCache &cache);

}  // namespace convscope::test
