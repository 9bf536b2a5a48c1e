// convscope: the desktop app. Parses the options, builds one AppWindow and starts what the options ask for.
#include "ListenLagBenchmark.h"
#include "RfBenchmark.h"
#include "TrainingLagBenchmark.h"
#include "data/DatasetLocator.h"
#include "network/ShapeText.h"
#include "digits/DatasetBrowser.h"
#include "explore/ActivationPanel.h"
#include "services/ExploreController.h"
#include "explore/ExploreTab.h"
#include "shell/AppWindow.h"
#include "shell/WindowSize.h"
#include "services/TrainingController.h"
#include "common/PresentationScale.h"
#include "util/MallocTuning.h"
#include "training/TrainingPanel.h"
#include "services/ListenSession.h"
#include "voice/ListenPanel.h"
#include "voice/ListenView.h"
#include "voice/VoiceTestPanel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

namespace {

using convscope::AppWindow;

struct Options {
    QCommandLineOption screenshot{"screenshot", "Render the main window after start-up to FILE (PNG) and exit.",
                                  "FILE"};
    QCommandLineOption preset{"preset", "Open the built-in preset NAME (e.g. 3.3c).", "NAME"};
    QCommandLineOption tab{"tab", QString("Show the workspace tab NAME: %1.").arg(convscope::tabNames()), "NAME",
                           convscope::tabName(convscope::Tab::Studio)};
    QCommandLineOption size{"size", "The window's size in pixels, e.g. 1280x720 for a projector (also for --screenshot).",
                            "WxH"};
    QCommandLineOption input{"input", "The input size of a .py or .pt file that does not say it, e.g. 13,74 or "
                                      "3,224,224 (without it the app asks; with --screenshot it takes the size the "
                                      "first layer suggests).",
                             "SHAPE"};
    QCommandLineOption presentation{"presentation", "Start in presentation mode: larger text, plots and maps."};
    QCommandLineOption data{"data", "The FSDD recordings folder (default: CONVSCOPE_DATA or the saved one).", "DIR"};
    QCommandLineOption benchRf{"bench-rf", "Time an edit and a redraw of a 10-layer 64x64 network and exit."};
    QCommandLineOption benchLag{"bench-training-lag",
                                "Train the mfcc, plain and resnet presets in the training panel, print the GUI event loop's lag "
                                "(p50/p99/max ms, 5 ms timer) as JSON and exit. Needs --data or CONVSCOPE_DATA."};
    QCommandLineOption benchListenLag{"bench-listen-lag",
                                      "Replay FILE (several digits with pauses) at real time in the Listen panel, print "
                                      "the GUI event loop's lag (p50/p99/max ms, 5 ms timer) as JSON and exit.",
                                      "FILE"};
    QCommandLineOption benchSeconds{"bench-seconds", "Seconds of training per preset for --bench-training-lag.", "N",
                                    "10"};
    QCommandLineOption train{"train", "Train PRESET (e.g. mfcc) for EPOCHS as soon as the dataset is ready; with "
                                      "--screenshot, the picture is taken when the run has been evaluated.",
                             "PRESET:EPOCHS"};
    QCommandLineOption explore{"explore", "With --train: when the run has been evaluated, open the dataset recording "
                                          "FILE (e.g. 3_theo_7.wav) on the Inside the network tab; with --screenshot, "
                                          "the picture is taken when its activations are drawn.",
                               "FILE"};

    QCommandLineOption listen{"listen", "Open Test your voice in its Listen mode."};
    QCommandLineOption replay{"replay", "With --listen: replay FILE (several digits with pauses) as if it were the "
                                        "microphone; with --screenshot, the picture is taken 4 s into it.",
                              "FILE"};

    void addTo(QCommandLineParser &parser) const
    {
        parser.addOptions({screenshot, size, input, presentation, preset, tab, benchRf, data, benchLag, benchListenLag,
                           benchSeconds, train, explore, listen, replay});
        parser.addPositionalArgument("file", "A network JSON file, PyTorch code (.py) or a TorchScript model (.pt) to "
                                             "open.", "[file]");
    }
};

/// The benchmarks that run instead of the app; nullopt when none was asked for.
std::optional<int> runBenchmark(const QCommandLineParser &parser, const Options &o)
{
    if (parser.isSet(o.benchRf))
        return convscope::runReceptiveFieldBenchmark();
    if (parser.isSet(o.benchListenLag))
        return convscope::runListenLagBenchmark(parser.value(o.benchListenLag));
    if (!parser.isSet(o.benchLag))
        return std::nullopt;
    const convscope::DatasetLocation location = convscope::DatasetLocator::resolve(parser.value(o.data));
    if (location.folder.isEmpty()) {
        std::fprintf(stderr, "convscope: %s\n", qPrintable(location.error));
        return 2;
    }
    return convscope::runTrainingLagBenchmark(location.folder, parser.value(o.benchSeconds).toDouble());
}

/// Opens the dataset, the preset or file and the tab the options name; an error message, or empty.
QString openWhatWasAsked(AppWindow &window, const QCommandLineParser &parser, const Options &o)
{
    const QSettings settings;
    const convscope::DatasetLocation location = convscope::DatasetLocator::resolve(parser.value(o.data), &settings);
    if (!location.folder.isEmpty())
        window.digits()->openFolder(location.folder);
    else if (location.source != convscope::DatasetSource::None)
        window.digits()->showEmptyState(location.error);  // a folder was named but is not usable: say which and why
    if (location.folder.isEmpty() && parser.isSet(o.data))
        std::fprintf(stderr, "convscope: %s\n", qPrintable(location.error));
    if (!parser.isSet(o.screenshot))
        window.restoreSettings();  // a screenshot shows the default layout
    if (parser.isSet(o.presentation))
        window.presentationScale()->setPresenting(true);
    if (parser.isSet(o.preset) && !window.loadPreset(parser.value(o.preset)))
        return QString("no preset named %1").arg(parser.value(o.preset));
    if (!parser.positionalArguments().isEmpty()) {
        // A screenshot must not stop at the input size dialog: an empty shape takes the suggested one.
        std::optional<convscope::Shape> input = parser.isSet(o.screenshot) ? std::optional(convscope::Shape{}) : std::nullopt;
        if (parser.isSet(o.input)) {
            input = convscope::parseCommaShape(parser.value(o.input));
            if (!input)
                return QString("--input: %1 is not an input size; write C,H,W or C,L, e.g. 3,224,224").arg(parser.value(o.input));
        }
        if (const QString error = window.loadFile(parser.positionalArguments().front(), input); !error.isEmpty())
            return error;
    }
    const auto shownTab = convscope::parseTab(parser.value(o.tab));
    if (!shownTab)
        return QString("--tab: no tab named %1; use one of %2").arg(parser.value(o.tab), convscope::tabNames());
    window.showTab(*shownTab);
    if (parser.isSet(o.size)) {
        const std::optional<QSize> size = convscope::parseWindowSize(parser.value(o.size));
        if (!size)
            return QString("--size: %1 is not a window size; write WIDTHxHEIGHT, e.g. 1280x720").arg(parser.value(o.size));
        window.resize(*size);
    }
    return {};
}

/// --train PRESET:EPOCHS: starts the run once the features are ready; an error message, or empty.
QString trainWhenReady(AppWindow &window, const QString &presetAndEpochs)
{
    const QString presetId = presetAndEpochs.section(':', 0, 0);
    const int epochs = presetAndEpochs.section(':', 1, 1).toInt();
    convscope::TrainingPanel *panel = window.trainingPanel();
    convscope::TrainingController *training = window.training();
    if (!convscope::trainablePresetIds().contains(presetId) || !panel->selectNetwork(presetId))
        return QString("--train: %1 is not a trainable preset (%2)")
            .arg(presetId, convscope::trainablePresetIds().join(", "));
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
    return {};
}

/// --explore FILE: opens the recording inside the network once the run has been evaluated.
void exploreAfterTraining(AppWindow &window, const QString &file)
{
    QObject::connect(window.training(), &convscope::TrainingController::runRecorded, &window, [&window, file] {
        window.showTab(convscope::Tab::Explore);
        if (const QString error = window.exploreTab()->activations()->openRecording(file); !error.isEmpty())
            std::fprintf(stderr, "convscope: --explore: %s\n", qPrintable(error));
    }, Qt::QueuedConnection);
}

/// --listen [--replay FILE] [--screenshot PNG]: the Listen mode, replaying FILE, photographed 4 s into the stream,
/// or when a shorter stream ends; without a file to replay, as soon as the panel shows.
QString listenWhenAsked(AppWindow &window, const QCommandLineParser &parser, const Options &o)
{
    window.showTab(convscope::Tab::VoiceTest);
    convscope::ListenPanel *panel = window.voiceTest()->openListening();
    if (parser.isSet(o.screenshot)) {
        const QString path = parser.value(o.screenshot);
        const auto shoot = [panel, path] {
            if (panel->property("shot").toBool())
                return;
            panel->setProperty("shot", true);
            const bool ok = panel->grab().save(path);
            if (!ok)
                std::fprintf(stderr, "convscope: could not write %s\n", qPrintable(path));
            QApplication::exit(ok ? 0 : 1);
        };
        QObject::connect(panel->session(), &convscope::ListenSession::updated, panel, [panel, shoot] {
            if (panel->view()->now() >= 4.0)
                shoot();
        });
        QObject::connect(panel->session(), &convscope::ListenSession::stopped, panel, shoot);
        if (!parser.isSet(o.replay))
            QTimer::singleShot(500, panel, shoot);
    }
    return parser.isSet(o.replay) ? panel->replay(parser.value(o.replay)) : QString();
}

enum class ShootWhen { Started, Trained, Explored };

/// --screenshot FILE: grabs the window when what it should show is there, then quits.
void screenshotWhenReady(AppWindow &window, const QString &path, ShootWhen when)
{
    const auto shoot = [&window, path] {
        QTimer::singleShot(200, &window, [&window, path] {
            const bool ok = window.grab().save(path);
            if (!ok)
                std::fprintf(stderr, "convscope: could not write %s\n", qPrintable(path));
            window.close();
            QApplication::exit(ok ? 0 : 1);
        });
    };
    if (when == ShootWhen::Explored) {  // both sides of the comparison drawn
        convscope::ExploreController *explore = window.explore();
        auto shot = std::make_shared<bool>(false);
        QObject::connect(explore, &convscope::ExploreController::snapshotChanged, &window, [explore, shoot, shot] {
            if (!*shot && explore->snapshot(0) && (explore->clipName(1).isEmpty() || explore->snapshot(1))) {
                *shot = true;
                shoot();
            }
        });
    } else if (when == ShootWhen::Trained) {  // show the finished run with its confusion matrix
        QObject::connect(window.training(), &convscope::TrainingController::runRecorded, &window, shoot);
    } else if (window.digits()->isLoading())  // show the loaded dataset, not its progress bar
        QObject::connect(window.digits(), &convscope::DatasetBrowser::loadFinished, &window, shoot);
    else
        shoot();
}

}  // namespace

int main(int argc, char *argv[])
{
    convscope::keepFreedMemoryForReuse();
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
    const Options options;
    options.addTo(parser);
    parser.process(app);
    if (const auto exitCode = runBenchmark(parser, options))
        return *exitCode;

    AppWindow window;
    if (const QString error = openWhatWasAsked(window, parser, options); !error.isEmpty()) {
        std::fprintf(stderr, "convscope: %s\n", qPrintable(error));
        return 2;
    }
    window.show();
    if (parser.isSet(options.train)) {
        if (const QString error = trainWhenReady(window, parser.value(options.train)); !error.isEmpty()) {
            std::fprintf(stderr, "convscope: %s\n", qPrintable(error));
            return 2;
        }
    }
    if (parser.isSet(options.explore)) {
        if (!parser.isSet(options.train)) {
            std::fprintf(stderr, "convscope: --explore needs a model: give --train PRESET:EPOCHS too\n");
            return 2;
        }
        exploreAfterTraining(window, parser.value(options.explore));
    }
    if (parser.isSet(options.listen)) {
        if (const QString error = listenWhenAsked(window, parser, options); !error.isEmpty()) {
            std::fprintf(stderr, "convscope: --replay: %s\n", qPrintable(error));
            return 2;
        }
        return QApplication::exec();
    }
    if (parser.isSet(options.screenshot)) {
        const ShootWhen when = parser.isSet(options.explore) ? ShootWhen::Explored
                               : parser.isSet(options.train) ? ShootWhen::Trained
                                                             : ShootWhen::Started;
        screenshotWhenReady(window, parser.value(options.screenshot), when);
    }
    return QApplication::exec();
}
