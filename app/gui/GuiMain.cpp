// convscope: the desktop app.
#include "RfBenchmark.h"
#include "TrainingLagBenchmark.h"
#include "data/DatasetLocator.h"
#include "digits/DatasetBrowser.h"
#include "shell/AppWindow.h"
#include "train/TrainingController.h"
#include "training/TrainingPanel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <memory>

int main(int argc, char *argv[])
{
    // --version needs no display: answer it before QApplication looks for one.
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            std::printf("ConvScope %s\n", CONVSCOPE_VERSION);
            return 0;
        }
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName("ConvScope");
    QApplication::setOrganizationName("ConvScope");
    QApplication::setApplicationVersion(CONVSCOPE_VERSION);
    QApplication::setStyle("Fusion");

    QCommandLineParser parser;
    parser.setApplicationDescription("See how convolutional networks see.");
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot("screenshot", "Render the main window after start-up to FILE (PNG) and exit.",
                                        "FILE");
    const QCommandLineOption preset("preset", "Open the built-in preset NAME (e.g. 3.3c).", "NAME");
    const QCommandLineOption tab("tab", QString("Show the workspace tab NAME: %1.").arg(convscope::tabNames()), "NAME",
                                 convscope::tabName(convscope::Tab::Studio));
    const QCommandLineOption data("data", "The FSDD recordings folder (default: CONVSCOPE_DATA or the saved one).",
                                  "DIR");
    const QCommandLineOption bench("bench-rf", "Time an edit and a redraw of a 10-layer 64x64 network and exit.");
    const QCommandLineOption benchLag("bench-training-lag",
                                      "Train the mfcc and plain presets in the training panel, print the GUI event "
                                      "loop's lag (p50/p99/max ms, 5 ms timer) as JSON and exit. Needs --data or "
                                      "CONVSCOPE_DATA.");
    const QCommandLineOption benchSeconds("bench-seconds", "Seconds of training per preset for --bench-training-lag.",
                                          "N", "10");
    const QCommandLineOption train("train", "Train PRESET (e.g. mfcc) for EPOCHS as soon as the dataset is ready; with "
                                            "--screenshot, the picture is taken when the run has been evaluated.",
                                   "PRESET:EPOCHS");
    parser.addOptions({screenshot, preset, tab, bench, data, benchLag, benchSeconds, train});
    parser.addPositionalArgument("file", "A network JSON file to open.", "[file]");
    parser.process(app);

    if (parser.isSet(bench))
        return convscope::runReceptiveFieldBenchmark();

    if (parser.isSet(benchLag)) {
        const convscope::DatasetLocation location = convscope::DatasetLocator::resolve(parser.value(data));
        if (location.folder.isEmpty()) {
            std::fprintf(stderr, "convscope: %s\n", qPrintable(location.error));
            return 2;
        }
        return convscope::runTrainingLagBenchmark(location.folder, parser.value(benchSeconds).toDouble());
    }

    convscope::AppWindow window;
    convscope::DatasetBrowser *digits = window.digits();
    convscope::TrainingController *training = window.training();
    const QSettings settings;
    const convscope::DatasetLocation location = convscope::DatasetLocator::resolve(parser.value(data), &settings);
    if (!location.folder.isEmpty())
        digits->openFolder(location.folder);
    else if (location.source != convscope::DatasetSource::None)
        digits->showEmptyState(location.error);  // a folder was named but is not usable: say which and why
    if (location.folder.isEmpty() && parser.isSet(data))
        std::fprintf(stderr, "convscope: %s\n", qPrintable(location.error));
    if (!parser.isSet(screenshot))
        window.restoreSettings();  // a screenshot shows the default layout
    if (parser.isSet(preset) && !window.loadPreset(parser.value(preset))) {
        std::fprintf(stderr, "convscope: no preset named %s\n", qPrintable(parser.value(preset)));
        return 2;
    }
    if (!parser.positionalArguments().isEmpty()) {
        if (const QString error = window.loadFile(parser.positionalArguments().front()); !error.isEmpty()) {
            std::fprintf(stderr, "convscope: %s\n", qPrintable(error));
            return 2;
        }
    }
    const auto shownTab = convscope::parseTab(parser.value(tab));
    if (!shownTab) {
        std::fprintf(stderr, "convscope: --tab: no tab named %s; use one of %s\n", qPrintable(parser.value(tab)),
                     qPrintable(convscope::tabNames()));
        return 2;
    }
    window.showTab(*shownTab);
    window.show();

    if (parser.isSet(train)) {
        const QString presetId = parser.value(train).section(':', 0, 0);
        const int epochs = parser.value(train).section(':', 1, 1).toInt();
        convscope::TrainingPanel *panel = window.trainingPanel();
        if (!convscope::trainablePresetIds().contains(presetId) || !panel->selectNetwork(presetId)) {
            std::fprintf(stderr, "convscope: --train: %s is not a trainable preset (%s)\n", qPrintable(presetId),
                         qPrintable(convscope::trainablePresetIds().join(", ")));
            return 2;
        }
        auto once = std::make_shared<QMetaObject::Connection>();
        *once = QObject::connect(training, &convscope::TrainingController::dataChanged, panel,
                                 [training, panel, epochs, once] {
                                     if (!training->hasData())
                                         return;  // the previous data was dropped; the new features are coming
                                     QObject::disconnect(*once);
                                     if (epochs > 0)
                                         panel->setEpochs(epochs);
                                     panel->startTraining();
                                 });
    }
    if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        const auto shoot = [&window, path] {
            QTimer::singleShot(200, &window, [&window, path] {
                const bool ok = window.grab().save(path);
                if (!ok)
                    std::fprintf(stderr, "convscope: could not write %s\n", qPrintable(path));
                window.close();
                QApplication::exit(ok ? 0 : 1);
            });
        };
        if (parser.isSet(train))  // show the finished run with its confusion matrix
            QObject::connect(training, &convscope::TrainingController::runRecorded, &window, shoot);
        else if (digits->isLoading())  // show the loaded dataset, not its progress bar
            QObject::connect(digits, &convscope::DatasetBrowser::loadFinished, &window, shoot);
        else
            shoot();
    }
    return QApplication::exec();
}
