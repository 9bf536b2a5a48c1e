#pragma once

#include <QString>

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

}  // namespace convscope::test
