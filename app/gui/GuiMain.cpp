// convscope: the desktop app.
#include "DatasetBrowser.h"
#include "MainWindow.h"
#include "RecorderWidget.h"
#include "RfBenchmark.h"
#include "StudioTrainingLink.h"
#include "TrainingLagBenchmark.h"
#include "TrainingDataFeeder.h"
#include "TrainingPanel.h"
#include "VoiceTestPanel.h"
#include "data/DatasetLocator.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>
#include <cstring>

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
    const QCommandLineOption tab("tab", "Show workspace tab INDEX (0: studio, 1: deep padding, 2: spoken digits, "
                                        "3: training, 4: test your voice).", "INDEX", "0");
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

    convscope::MainWindow window;
    auto *digits = new convscope::DatasetBrowser;
    auto *training = new convscope::TrainingPanel;
    window.addWorkspace(QObject::tr("Spoken digits"), digits);
    window.addWorkspace(QObject::tr("Training"), training);
    auto *voice = new convscope::VoiceTestPanel(training);
    window.addWorkspace(QObject::tr("Test your voice"), voice);
    // A double-clicked misclassified clip is explained on the voice-test tab.
    QObject::connect(training, &convscope::TrainingPanel::clipChosen, &window,
                     [&window, voice] { window.workspaces()->setCurrentWidget(voice); });
    // Takes recorded on the Spoken digits tab are tested by the current model too.
    QObject::connect(digits->recorder(), &convscope::RecorderWidget::clipRecorded, voice,
                     [voice](const convscope::AudioClip &clip) {
                         voice->testClip(clip, QObject::tr("Your recording from the Spoken digits tab, %1 s.")
                                                   .arg(clip.seconds(), 0, 'f', 2));
                     });
    convscope::StudioTrainingLink studioLink(window.document(), training);
    convscope::TrainingDataFeeder feeder(digits, training);
    QObject::connect(&feeder, &convscope::TrainingDataFeeder::statusMessage, &window,
                     [&window](const QString &message) { window.statusBar()->showMessage(message); });
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
    window.workspaces()->setCurrentIndex(parser.value(tab).toInt());
    window.show();

    if (parser.isSet(train)) {
        const QString presetId = parser.value(train).section(':', 0, 0);
        const int epochs = parser.value(train).section(':', 1, 1).toInt();
        if (!training->selectNetwork(presetId)) {
            std::fprintf(stderr, "convscope: --train: %s is not a trainable preset\n", qPrintable(presetId));
            return 2;
        }
        QObject::connect(&feeder, &convscope::TrainingDataFeeder::dataReady, training, [training, epochs] {
            if (epochs > 0)
                training->setEpochs(epochs);
            training->startTraining();
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
            QObject::connect(training, &convscope::TrainingPanel::evaluationShown, &window, shoot);
        else if (digits->isLoading())  // show the loaded dataset, not its progress bar
            QObject::connect(digits, &convscope::DatasetBrowser::loadFinished, &window, shoot);
        else
            shoot();
    }
    return QApplication::exec();
}
