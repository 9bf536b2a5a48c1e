#include "TrainingLagBenchmark.h"

#include "training/LayersView.h"
#include "training/TrainingPanel.h"
#include "data/DatasetScanner.h"
#include "data/FeatureCache.h"
#include "listen/ListenRun.h"
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

/// The lag of every tick of a 5 ms timer (ms), and the GUI thread's CPU time meanwhile (s).
struct LagMeasure {
    std::vector<double> lags;
    double cpuSeconds = 0.0;
    double seconds = 0.0;
};

/// Runs the event loop for `seconds` with a 5 ms precise timer.
LagMeasure measureLag(double seconds)
{
    LagMeasure measure;
    QEventLoop loop;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(kTickMs);
    QElapsedTimer clock, total;
    QObject::connect(&ticker, &QTimer::timeout, &loop, [&] {
        const double interval = clock.nsecsElapsed() / 1e6;
        clock.start();
        measure.lags.push_back(std::max(0.0, interval - kTickMs));
        if (total.elapsed() >= seconds * 1000)
            loop.quit();
    });
    const double cpuBefore = threadCpuSeconds();
    total.start();
    clock.start();
    ticker.start();
    loop.exec();
    measure.cpuSeconds = threadCpuSeconds() - cpuBefore;
    measure.seconds = total.nsecsElapsed() / 1e9;
    return measure;
}

double round2(double v) { return std::round(v * 100.0) / 100.0; }

/// p50, p99 and max of the lags, and the GUI thread's busy share: how late it is, and how much of that is its own work
/// (the rest is the processor given to other threads).
QJsonObject summarise(LagMeasure measure)
{
    std::vector<double> &lags = measure.lags;
    std::sort(lags.begin(), lags.end());
    const auto at = [&lags](double q) {
        return lags.empty() ? 0.0 : lags[std::min(lags.size() - 1, static_cast<std::size_t>(q * lags.size()))];
    };
    return {{"ticks", static_cast<qint64>(lags.size())},
            {"p50_ms", round2(at(0.50))},
            {"p99_ms", round2(at(0.99))},
            {"max_ms", round2(lags.empty() ? 0.0 : lags.back())},
            {"gui_cpu_percent", round2(100.0 * measure.cpuSeconds / std::max(1e-9, measure.seconds))}};
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
        const int pointsBefore = points;
        const LagMeasure measure = measureLag(seconds);
        QJsonObject stats = summarise(measure);
        stats["progress_points"] = points - pointsBefore;
        // The GUI thread's CPU time per progress point, the 5 ms timer's own cost included.
        stats["gui_cpu_ms_per_point"] = round2(1000.0 * measure.cpuSeconds / std::max(1, points - pointsBefore));
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
