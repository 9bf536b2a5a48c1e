#include "ListenLagBenchmark.h"

#include "EventLoopLag.h"

#include "services/ListenSession.h"
#include "voice/ListenPanel.h"
#include "voice/ListenView.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdio>

namespace convscope {

int runListenLagBenchmark(const QString &file)
{
    ListenPanel panel("builtin:voice");
    panel.resize(1280, 720);
    panel.show();
    waitInEventLoop([] { return false; }, 300);  // let the first paint settle
    QJsonObject result{{"file", file}, {"timer_ms", kLagTickMs}, {"idle", summariseLag(measureEventLoopLag(2.0))}};
    bool stopped = false;
    int updates = 0;
    QObject::connect(panel.session(), &ListenSession::stopped, &panel, [&stopped] { stopped = true; });
    QObject::connect(panel.session(), &ListenSession::updated, &panel, [&updates] { ++updates; });
    QElapsedTimer clock;
    clock.start();
    if (const QString error = panel.replay(file); !error.isEmpty()) {
        std::fprintf(stderr, "convscope: --bench-listen-lag: %s\n", qPrintable(error));
        return 2;
    }
    QJsonObject listening = summariseLag(measureEventLoopLag(600.0, [&stopped] { return stopped; }));
    listening["seconds"] = std::round(static_cast<double>(clock.elapsed()) / 10.0) / 100.0;
    listening["updates"] = updates;
    listening["words"] = panel.transcript().split(' ', Qt::SkipEmptyParts).size();
    result["listening"] = listening;
    std::printf("%s", QJsonDocument(result).toJson(QJsonDocument::Indented).constData());
    return stopped ? 0 : 1;
}

}  // namespace convscope
