// convscope-cli: ConvScope's engine without a window. JSON on stdout, messages on stderr.
#include "CliCommands.h"
#include "CliCommon.h"
#include "util/MallocTuning.h"

#include <QCoreApplication>

#include <cstdio>
#include <map>

using namespace convscope::cli;

namespace {

struct CommandEntry {
    Command run;
    const char *summary;
};

const std::map<QString, CommandEntry> &commands()
{
    static const std::map<QString, CommandEntry> table{
        {"inspect", {runInspect, "shapes, parameters, formulas, analytic receptive fields and problems of a network"}},
        {"rf", {runReceptiveField, "gradient receptive-field maps of one output pixel"}},
        {"presets", {runPresets, "list the built-in networks of the assignment"}},
        {"code", {runCode, "print a network as PyTorch Python code"}},
        {"dataset", {runDataset, "counts per digit, speaker and split of a folder of recordings, and skipped files"}},
        {"mfcc", {runMfcc, "the MFCC of a recording as CSV (frames x 13)"}},
        {"bench", {runBench, "compare training speed with the Python PyTorch reference, in the same run"}},
        {"train", {runTrain, "train a 1-D network on the spoken digits, one JSON line per epoch"}},
        {"adapt", {runAdapt, "fine-tune a saved model on a few takes of one voice: a personal model"}},
        {"predict", {runPredict, "the digit a saved model hears in each recording, with its ten probabilities"}},
        {"evaluate", {runEvaluate, "a saved model's accuracy per digit and speaker on any folder of recordings"}},
        {"activations", {runActivations, "every layer's output for one recording through a saved model"}},
        {"embed", {runEmbed, "a 2-D map (PCA or t-SNE) of recordings as a saved model sees them"}},
        {"listen", {runListen, "hear a recording of several digits as if live: one JSON line per word as it is decided"}},
        {"bench-listen", {runListenBench, "live listening on streams of recordings: latency, CPU, accuracy, false words"}},
        {"play", {runPlay, "play a recording on the default audio output"}},
    };
    return table;
}

void printUsage(FILE *stream)
{
    std::fputs("Usage: convscope-cli COMMAND [options]   (convscope-cli COMMAND --help for details)\n\nCommands:\n",
               stream);
    for (const auto &[name, entry] : commands())
        std::fprintf(stream, "  %-10s %s\n", qPrintable(name), entry.summary);
    std::fputs("\nNetworks are JSON files or preset:NAME. Options: --help, --version.\n", stream);
}

}  // namespace

int main(int argc, char *argv[])
{
    convscope::keepFreedMemoryForReuse();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("convscope-cli");
    QCoreApplication::setApplicationVersion(CONVSCOPE_VERSION);
    const QStringList arguments = QCoreApplication::arguments();
    const QString first = arguments.value(1);
    if (first == "--version" || first == "-v") {
        std::printf("convscope-cli %s\n", CONVSCOPE_VERSION);
        return Success;
    }
    if (first.isEmpty() || first == "--help" || first == "-h" || first == "help") {
        printUsage(first.isEmpty() ? stderr : stdout);
        return first.isEmpty() ? InvalidInput : Success;
    }
    const auto found = commands().find(first);
    if (found == commands().end()) {
        printError("Unknown command \"" + first + "\".");
        printUsage(stderr);
        return InvalidInput;
    }
    QStringList rest = arguments.mid(2);
    rest.prepend("convscope-cli " + first);
    return found->second.run(rest);
}
