#include "TrainingLagBenchmark.h"

#include "EventLoopLag.h"

#include "training/LayersView.h"
#include "training/TrainingPanel.h"
#include "data/DatasetScanner.h"
#include "data/FeatureCache.h"
#include "listen/ListenRun.h"
#include "services/TrainingController.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTabWidget>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace convscope {

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
    waitInEventLoop([] { return false; }, 300);  // let the first paint settle

    QJsonObject result{{"clips", static_cast<qint64>(cache->size())},
                       {"load_seconds", std::round(loadSeconds * 100) / 100},
                       {"timer_ms", kLagTickMs},
                       {"seconds", seconds},
                       {"idle", summariseLag(measureEventLoopLag(std::min(seconds, 3.0)))}};
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
        if (!waitInEventLoop([&] { return started; }, 120000)) {
            std::fprintf(stderr, "convscope: the %s run did not start: %s\n", qPrintable(preset),
                         qPrintable(panel.messageText()));
            return 1;
        }
        const int pointsBefore = points;
        const double cpuBefore = threadCpuSeconds();
        QElapsedTimer measured;
        measured.start();
        QJsonObject stats = summariseLag(measureEventLoopLag(seconds));
        const double cpuSeconds = threadCpuSeconds() - cpuBefore;
        const auto round2 = [](double v) { return std::round(v * 100.0) / 100.0; };
        // How much of the lag is the GUI thread's own work (the rest is the processor given to other threads), and
        // its CPU time per progress point, the 5 ms timer's own cost included.
        stats["gui_cpu_percent"] = round2(100.0 * cpuSeconds / std::max(1e-9, measured.nsecsElapsed() / 1e9));
        stats["progress_points"] = points - pointsBefore;
        stats["gui_cpu_ms_per_point"] = round2(1000.0 * cpuSeconds / std::max(1, points - pointsBefore));
        stats["examples_per_sec"] = std::round(examplesPerSecond);
        presets[preset] = stats;
        controller.stop();
        if (!waitInEventLoop([&] { return isSettled(controller.state()); }, 120000)) {
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
