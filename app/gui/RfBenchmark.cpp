#include "RfBenchmark.h"

#include "MainWindow.h"
#include "NetworkDocument.h"
#include "ReceptiveFieldPanel.h"
#include "StudioWorkspace.h"
#include "FeatureMapGrid.h"

#include <QElapsedTimer>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cstdio>
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

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
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
    std::vector<double> update, paint;
    QElapsedTimer timer;
    for (int i = 0; i < kRuns; ++i) {
        // An edit as the property editor makes it: the kernel of layer 4 alternates between 3 and 5.
        LayerSpec layer = document->spec().layers[3];
        layer.kernel = i % 2 ? std::array<std::int64_t, 2>{5, 5} : std::array<std::int64_t, 2>{3, 3};
        layer.padding = {layer.kernel[0] / 2, layer.kernel[1] / 2};
        timer.start();
        document->replaceLayer(3, layer, "bench");  // analysis, receptive field, panels, summary
        update.push_back(timer.nsecsElapsed() / 1e6);
        timer.start();
        QPainter painter(&canvas);
        grid->render(painter, grid->size());
        painter.end();
        paint.push_back(timer.nsecsElapsed() / 1e6);
    }
    std::printf("network: %s, view %dx%d px, %d runs\n", document->spec().name.c_str(), grid->width(), grid->height(),
                kRuns);
    std::printf("edit -> analysis + receptive field + panels: median %.2f ms (max %.2f)\n", median(update),
                *std::max_element(update.begin(), update.end()));
    std::printf("redraw of the receptive-field view:          median %.2f ms (max %.2f)\n", median(paint),
                *std::max_element(paint.begin(), paint.end()));
    std::printf("total per keystroke:                          median %.2f ms (a 60 Hz frame is 16.7 ms)\n",
                median(update) + median(paint));
    return 0;
}

}  // namespace convscope
