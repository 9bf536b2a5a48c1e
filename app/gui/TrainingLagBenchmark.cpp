#include "TrainingLagBenchmark.h"

#include "training/LayersView.h"
#include "training/TrainingPanel.h"
#include "data/DatasetScanner.h"
#include "data/FeatureCache.h"
#include "services/TrainingController.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTabWidget>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace convscope {

namespace {

constexpr int kTickMs = 5;

/// Runs the event loop for `seconds` with a 5 ms precise timer; returns the lag of every tick in ms.
std::vector<double> measureLag(double seconds)
{
    std::vector<double> lags;
    QEventLoop loop;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(kTickMs);
    QElapsedTimer clock, total;
    QObject::connect(&ticker, &QTimer::timeout, &loop, [&] {
        const double interval = clock.nsecsElapsed() / 1e6;
        clock.start();
        lags.push_back(std::max(0.0, interval - kTickMs));
        if (total.elapsed() >= seconds * 1000)
            loop.quit();
    });
    total.start();
    clock.start();
    ticker.start();
    loop.exec();
    return lags;
}

QJsonObject summarise(std::vector<double> lags)
{
    std::sort(lags.begin(), lags.end());
    const auto at = [&lags](double q) {
        return lags.empty() ? 0.0 : lags[std::min(lags.size() - 1, static_cast<std::size_t>(q * lags.size()))];
    };
    const auto round2 = [](double v) { return std::round(v * 100.0) / 100.0; };
    return {{"ticks", static_cast<qint64>(lags.size())},
            {"p50_ms", round2(at(0.50))},
            {"p99_ms", round2(at(0.99))},
            {"max_ms", round2(lags.empty() ? 0.0 : lags.back())}};
}

/// Waits in the event loop until `done` or the timeout; false on timeout.
template <typename Predicate> bool waitFor(Predicate done, int timeoutMs)
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

}  // namespace

int runTrainingLagBenchmark(const QString &folder, double seconds)
{
    if (folder.isEmpty()) {
        std::fprintf(stderr, "convscope: --bench-training-lag needs the dataset: pass --data DIR or set CONVSCOPE_DATA\n");
        return 2;
    }
    QElapsedTimer loadClock;
    loadClock.start();
    DatasetLoadResult loaded = DatasetScanner::load(folder);
    if (loaded.status != LoadStatus::Ok) {
        std::fprintf(stderr, "convscope: %s\n", qPrintable(loaded.error));
        return 2;
    }
    FeatureCacheResult built = FeatureCache::build(loaded.dataset);
    if (!built.cache) {
        std::fprintf(stderr, "convscope: could not prepare the features: %s\n", qPrintable(built.error));
        return 2;
    }
    const double loadSeconds = loadClock.elapsed() / 1000.0;
    auto cache = std::make_shared<const FeatureCache>(std::move(*built.cache));

    TrainingController controller;
    TrainingPanel panel(&controller);
    panel.resize(1280, 820);
    panel.show();
    controller.setData(cache);
    panel.pages()->setCurrentWidget(panel.layers());  // the busiest page: every layer redrawn at each point
    waitFor([] { return false; }, 300);  // let the first paint settle

    QJsonObject result{{"clips", static_cast<qint64>(cache->size())},
                       {"load_seconds", std::round(loadSeconds * 100) / 100},
                       {"timer_ms", kTickMs},
                       {"seconds", seconds},
                       {"idle", summarise(measureLag(std::min(seconds, 3.0)))}};
    QJsonObject presets;
    // mfcc and plain split each batch over ConvScope's worker threads; resnet splits each layer over LibTorch's
    // OpenMP threads, whose workers spin between regions.
    for (const QString &preset : {QStringLiteral("mfcc"), QStringLiteral("plain"), QStringLiteral("resnet")}) {
        panel.selectNetwork(preset);
        panel.setEpochs(1000);  // far longer than the measurement
        bool started = false;
        int points = 0;
        double examplesPerSecond = 0.0;
        const auto onStarted = QObject::connect(&controller, &TrainingController::runSized, &panel, [&] { started = true; });
        const auto onProgress = QObject::connect(&controller, &TrainingController::progress, &panel,
                                                 [&](const TrainingProgress &p) {
                                                     ++points;
                                                     examplesPerSecond = p.examplesPerSecond;
                                                 });
        panel.startTraining();
        if (!waitFor([&] { return started; }, 120000)) {
            std::fprintf(stderr, "convscope: the %s run did not start: %s\n", qPrintable(preset),
                         qPrintable(panel.messageText()));
            return 1;
        }
        QJsonObject stats = summarise(measureLag(seconds));
        stats["progress_points"] = points;
        stats["examples_per_sec"] = std::round(examplesPerSecond);
        presets[preset] = stats;
        controller.stop();
        if (!waitFor([&] { return isSettled(controller.state()); }, 120000)) {
            std::fprintf(stderr, "convscope: the %s run did not stop\n", qPrintable(preset));
            return 1;
        }
        QObject::disconnect(onStarted);
        QObject::disconnect(onProgress);
    }
    result["presets"] = presets;
    std::printf("%s", QJsonDocument(result).toJson(QJsonDocument::Indented).constData());
    return 0;
}

}  // namespace convscope
