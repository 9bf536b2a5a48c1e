#include "EventLoopLag.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace convscope {

std::vector<double> measureEventLoopLag(double seconds, const std::function<bool()> &done)
{
    std::vector<double> lags;
    QEventLoop loop;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(kLagTickMs);
    QElapsedTimer clock, total;
    QObject::connect(&ticker, &QTimer::timeout, &loop, [&] {
        const double interval = static_cast<double>(clock.nsecsElapsed()) / 1e6;
        clock.start();
        lags.push_back(std::max(0.0, interval - kLagTickMs));
        if (static_cast<double>(total.elapsed()) >= seconds * 1000 || (done && done()))
            loop.quit();
    });
    total.start();
    clock.start();
    ticker.start();
    loop.exec();
    return lags;
}

QJsonObject summariseLag(std::vector<double> lags)
{
    std::sort(lags.begin(), lags.end());
    const auto at = [&lags](double q) {
        return lags.empty() ? 0.0
                            : lags[std::min(lags.size() - 1, static_cast<std::size_t>(q * static_cast<double>(lags.size())))];
    };
    const auto round2 = [](double v) { return std::round(v * 100.0) / 100.0; };
    return {{"ticks", static_cast<qint64>(lags.size())},
            {"p50_ms", round2(at(0.50))},
            {"p99_ms", round2(at(0.99))},
            {"max_ms", round2(lags.empty() ? 0.0 : lags.back())}};
}

bool waitInEventLoop(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < timeoutMs) {
        QEventLoop loop;
        QTimer::singleShot(10, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return done();
}

}  // namespace convscope
