#pragma once

#include <QJsonObject>

#include <functional>
#include <vector>

namespace convscope {

/// The GUI benchmarks' tick: the event loop is asked to run a precise timer every kLagTickMs.
constexpr int kLagTickMs = 5;

/// Runs the event loop with a kLagTickMs precise timer for `seconds`, or until `done` says so (checked at each tick);
/// returns the lag of every tick in ms (its interval less kLagTickMs). GUI thread.
std::vector<double> measureEventLoopLag(double seconds, const std::function<bool()> &done = {});

/// {"ticks", "p50_ms", "p99_ms", "max_ms"} of `lags`.
QJsonObject summariseLag(std::vector<double> lags);

/// Runs the event loop until `done` or `timeoutMs`; false on timeout. GUI thread.
bool waitInEventLoop(const std::function<bool()> &done, int timeoutMs);

}  // namespace convscope
