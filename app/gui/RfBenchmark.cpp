#include "RfBenchmark.h"

#include "shell/MainWindow.h"
#include "services/NetworkDocument.h"
#include "studio/ReceptiveFieldPanel.h"
#include "studio/StudioWorkspace.h"
#include "studio/FeatureMapGrid.h"
#include "network/PresetLibrary.h"
#include "receptive/GradientReceptiveField.h"

#include <QElapsedTimer>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

namespace convscope {

namespace {

NetworkSpec benchmarkNetwork()
{
    NetworkSpec spec;
    spec.name = "bench: 10 layers on 3×64×64";
    spec.input = {3, 64, 64};
    for (int i = 0; i < 10; ++i)
        spec.layers.push_back(i % 3 == 2 ? LayerSpec::pool(LayerKind::AvgPool, 2, 3, 1, 1)
                                         : LayerSpec::conv(2, 3, 3, 3, 1, 1));
    return spec;
}

/// CPU time of the whole process (all threads) in ms: on a busy machine wall-clock time includes waiting.
double cpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

/// ResNet-50 at 224²: the edit's synchronous part (analysis and analytic field, on the GUI thread) and the
/// background gradient trace that follows it.
void reportLargeNetwork(NetworkDocument &document)
{
    const NetworkSpec resnet = *PresetLibrary().find("resnet50");
    constexpr int kRuns = 10;
    std::vector<double> edit, editCpu;
    QElapsedTimer timer;
    for (int i = 0; i < kRuns; ++i) {
        const double cpu = cpuMs();
        timer.start();
        document.reset(resnet);  // analysis, analytic field, panels; the gradient trace starts in the background
        edit.push_back(timer.nsecsElapsed() / 1e6);
        editCpu.push_back(cpuMs() - cpu);
        document.reset(benchmarkNetwork());
    }
    timer.start();
    const ReceptiveFieldResult traced = computeReceptiveField(resnet);
    const double traceMs = timer.nsecsElapsed() / 1e6;
    std::printf("\nnetwork: %s, %d runs\n", resnet.name.c_str(), kRuns);
    std::printf("edit -> analysis + analytic field + panels:   %8.2f      %8.2f\n", median(edit), median(editCpu));
    std::printf("gradient trace (worker thread, not per edit): %8.2f ms, %lld input pixels\n", traceMs,
                traced.maps ? static_cast<long long>(traced.maps->rfSize) : -1LL);
}

}  // namespace

int runReceptiveFieldBenchmark()
{
    MainWindow window;
    window.resize(1440, 900);
    window.show();
    NetworkDocument *document = window.document();
    document->reset(benchmarkNetwork());
    FeatureMapGrid *grid = window.studio()->receptiveFieldPanel()->grid();
    QImage canvas(grid->size(), QImage::Format_ARGB32_Premultiplied);

    constexpr int kRuns = 30;
    std::vector<double> update, paint, updateCpu, paintCpu;
    QElapsedTimer timer;
    for (int i = 0; i < kRuns; ++i) {
        // An edit as the property editor makes it: the kernel of layer 4 alternates between 3 and 5.
        LayerSpec layer = document->spec().layers[3];
        layer.kernel = i % 2 ? std::array<std::int64_t, 2>{5, 5} : std::array<std::int64_t, 2>{3, 3};
        layer.padding = {layer.kernel[0] / 2, layer.kernel[1] / 2};
        double cpu = cpuMs();
        timer.start();
        document->replaceLayer(3, layer, "bench");  // analysis, receptive field, panels, summary
        update.push_back(timer.nsecsElapsed() / 1e6);
        updateCpu.push_back(cpuMs() - cpu);
        cpu = cpuMs();
        timer.start();
        QPainter painter(&canvas);
        grid->render(painter, grid->size());
        painter.end();
        paint.push_back(timer.nsecsElapsed() / 1e6);
        paintCpu.push_back(cpuMs() - cpu);
    }
    std::printf("network: %s, view %dx%d px, %d runs\n", document->spec().name.c_str(), grid->width(), grid->height(),
                kRuns);
    std::printf("                                              wall median    CPU median (ms)\n");
    std::printf("edit -> analysis + receptive field + panels:  %8.2f      %8.2f\n", median(update), median(updateCpu));
    std::printf("redraw of the receptive-field view:           %8.2f      %8.2f\n", median(paint), median(paintCpu));
    std::printf("total per keystroke:                          %8.2f      %8.2f   (a 60 Hz frame is 16.7 ms)\n",
                median(update) + median(paint), median(updateCpu) + median(paintCpu));
    reportLargeNetwork(*document);
    return 0;
}

}  // namespace convscope
