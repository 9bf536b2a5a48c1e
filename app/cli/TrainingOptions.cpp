#include "TrainingOptions.h"

#include "CliCommon.h"

#include "data/DatasetScanner.h"
#include "data/DigitFormat.h"
#include "data/Split.h"
#include "pycode/PythonNetworkReader.h"
#include "pycode/TorchScriptNetwork.h"

namespace convscope::cli {

namespace {

/// A list option of factors such as 0.9,1,1.1 ("none": empty) into `target`, when given; false after printing why not.
bool readFactors(const QCommandLineParser &parser, const char *name, std::vector<double> &target)
{
    if (!parser.isSet(name))
        return true;
    target.clear();
    const QString list = parser.value(name);
    for (const QString &part : list == "none" ? QStringList{} : list.split(',')) {
        bool ok = false;
        target.push_back(part.trimmed().toDouble(&ok));
        if (!ok) {
            printError(QString("--%1: \"%2\" is not a number; give factors such as 0.9,1,1.1.").arg(name, part));
            return false;
        }
    }
    return true;
}

/// A switch --NAME / --no-NAME over `target`, when one is given; false after printing why not when both are.
bool readSwitch(const QCommandLineParser &parser, const QString &name, bool &target)
{
    const bool on = parser.isSet(name), off = parser.isSet("no-" + name);
    if (on && off) {
        printError("Give --" + name + " or --no-" + name + ", not both.");
        return false;
    }
    if (on || off)
        target = on;
    return true;
}

/// Appends the recordings of `folder` to `dataset` as trainOnly; false after printing why not.
bool addTrainingVoices(const QString &folder, Dataset &dataset)
{
    DatasetLoadResult loaded = DatasetScanner::load(folder);
    if (loaded.status != LoadStatus::Ok) {
        printError("--voices " + folder + ": " + loaded.error);
        return false;
    }
    const QStringList speakers = testableSpeakers(dataset.recordings());
    for (DatasetItem &item : loaded.dataset.items) {
        if (speakers.contains(item.name.speaker)) {
            printError("--voices " + folder + ": " + item.fileName + " has the speaker of a recording in --data; "
                       "training voices need names of their own.");
            return false;
        }
        item.name.trainOnly = true;
        dataset.items.push_back(std::move(item));
    }
    return true;
}

/// --augment, --centre, --word-core, --utterance-norm, --test-at-speeds (and their --no- forms), --speeds, --warps,
/// --rooms and --spec-augment over the preset's values; false after printing why not.
bool readRecipeOptions(const QCommandLineParser &parser, TrainingConfig &c)
{
    if (!readSwitch(parser, "augment", c.augment) || !readSwitch(parser, "centre", c.centreWord)
        || !readSwitch(parser, "word-core", c.wordCore) || !readSwitch(parser, "utterance-norm", c.normaliseUtterance)
        || !readSwitch(parser, "noise", c.noiseFloors)
        || !readFactors(parser, "speeds", c.speeds) || !readFactors(parser, "warps", c.warps))
        return false;
    if (parser.isSet("no-centre") && !parser.isSet("speeds"))
        c.speeds.clear();  // the voice preset's speeds and warps need the centred word
    if (parser.isSet("no-centre") && !parser.isSet("warps"))
        c.warps.clear();
    if (parser.isSet("no-centre") && !parser.isSet("word-core"))
        c.wordCore = false;
    if (parser.isSet("no-centre") && !parser.isSet("rooms"))
        c.rooms = 0;
    if (c.speeds.empty())
        c.testAtSpeeds = false;  // the voice preset's test-time speeds are its training speeds
    if (!readSwitch(parser, "test-at-speeds", c.testAtSpeeds))
        return false;
    if (!readNumber(parser, "spec-augment", c.specAugmentMasks, 0) || !readNumber(parser, "rooms", c.rooms, 0))
        return false;
    if (c.rooms == 0 && !parser.isSet("noise"))
        c.noiseFloors = false;  // the voice preset's noise floors ride on its rooms
    if (const QString problem = c.recipeProblem(); !problem.isEmpty()) {
        printError("The training options do not fit together: " + problem + ".");
        return false;
    }
    return true;
}

}  // namespace

void addTrainingOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {"preset", "A trainable preset: plain, dropout, batchnorm, resnet, mfcc (with the assignment's settings) or "
                   "voice (the speaker-independent recipe, docs/speakers.md).", "name"},
        {"net", "A network JSON file or PyTorch code (.py) instead of a preset (its input must be 1,6000 for raw or "
                "13,74 for mfcc; --input says which for code that makes no input tensor).", "file"},
        {"data", "The FSDD recordings folder (default: CONVSCOPE_DATA or the saved location).", "dir"},
        {"input", "raw (waveform, z-scored) or mfcc.", "kind"},
        {"epochs", "Number of epochs.", "n"},
        {"lr", "Learning rate.", "x"},
        {"temperature", "Temperature of the saved model's answers (softmax(log p / T); the voice preset's is fitted by "
                        "--split loso, whose final line prints temperature_fitted). 1 leaves them as they are.", "t"},
        {"batch", "Batch size (default 32).", "n"},
        {"optimizer", "sgd (default) or adam.", "name"},
        {"momentum", "SGD momentum (default 0).", "x"},
        {"weight-decay", "L2 weight decay (default 0).", "x"},
        {"label-smoothing", "Label smoothing of the cross-entropy, 0 to below 1 (default 0).", "x"},
        {"lr-schedule", "constant (default) or cosine (from --lr down to zero at the last step).", "name"},
        {"split", "random (default, 2/3 train), official (takes 0-4 test), speaker=NAME, none (every clip trains, "
                  "no test set) or loso (one run per held-out speaker).", "kind"},
        {"augment", "Random time shift of training batches, and for waveforms also gain and noise (the voice preset "
                    "does)."},
        {"no-augment", "No augmentation (overrides the preset)."},
        {"standardize", "Standardise each MFCC coefficient with training-set statistics."},
        {"utterance-norm", "Normalise each recording's MFCCs: cepstral mean subtraction over its voiced frames, "
                           "energy relative to its loudest frame."},
        {"no-utterance-norm", "Do not normalise each recording's MFCCs (overrides the preset)."},
        {"centre", "Trim the silence and centre each word in the window instead of left-aligning it."},
        {"no-centre", "Left-align each recording in the window (the assignment's way), also for the voice preset."},
        {"word-core", "With --centre: the window holds the word's core, without the noise its quiet edges take in."},
        {"no-word-core", "With --centre: the window holds all of the word found (before the sixth round's recipe)."},
        {"speeds", "Speed perturbation (with --centre): also train on each clip at these speeds, e.g. 0.9,1,1.1; "
                   "\"none\" for none.", "list"},
        {"test-at-speeds", "Hear every test clip and every recording the saved model judges at each of the --speeds, "
                           "and average the probabilities (the voice preset does)."},
        {"no-test-at-speeds", "Judge each recording once, as recorded (overrides the preset)."},
        {"warps", "Vocal tract length perturbation (MFCC with --centre): also train on each clip with the mel "
                  "filterbank warped by these factors, e.g. 0.9,1,1.1; \"none\" for none.", "list"},
        {"rooms", "Room and microphone augmentation (MFCC with --centre): besides each training clip as recorded, N "
                  "copies heard through random rooms (band-limited microphone, resonances, reverberation); 0 for "
                  "none.", "n"},
        {"noise", "Noise floors (with --rooms): every training copy, as recorded or heard through a room, also carries "
                  "a random noise floor under its word (white, pink, mains hum or babble, 8-40 dB below it; the voice "
                  "preset does)."},
        {"no-noise", "No noise floors (overrides the preset)."},
        {"voices", "Also train on the digits in DIR, e.g. the synthetic voices of tools/make-training-voices: they "
                   "join the training set of every split and never a test set.", "dir"},
        {"spec-augment", "SpecAugment: N time and N coefficient masks per MFCC training example (0 for none).", "n"},
        {"no-shuffle", "Keep the training order fixed, as the Python reference does."},
        {"seed", "Seed for the split, initialisation and shuffling (default 12345).", "n"},
        {"threads", "Training threads (default: every core).", "n"},
        {"limit", "Use only N clips, evenly spaced over the sorted files (for quick runs).", "n"},
    });
}

std::optional<TrainingRequest> readTrainingOptions(const QCommandLineParser &parser)
{
    if (parser.isSet("preset") == parser.isSet("net")) {
        printError("Give either --preset NAME or --net FILE.");
        return std::nullopt;
    }
    const QString source = parser.isSet("preset") ? "preset:" + parser.value("preset") : parser.value("net");
    std::optional<Shape> inputShape;
    if ((isPythonFile(source) || isTorchScriptFile(source)) && parser.isSet("input")) {
        const auto kind = parseInputKind(parser.value("input"));
        if (kind)
            inputShape = *kind == InputKind::Mfcc ? Shape{digits::kMfccCoefficients, digits::kMfccFrames} : Shape{1, digits::kWindowSamples};
    }
    const auto network = loadNetworkSource(source, inputShape, "--input raw or --input mfcc");
    if (!network)
        return std::nullopt;
    TrainingRequest request;
    if (parser.isSet("preset")) {
        const auto defaults = TrainingConfig::forPreset(parser.value("preset"), *network);
        if (!defaults) {
            printError("--preset: \"" + parser.value("preset")
                       + "\" is not trainable; use " + trainablePresetIds().join(", ") + ".");
            return std::nullopt;
        }
        request.config = *defaults;
    } else {
        request.config.network = *network;
        request.config.input = network->input == Shape{digits::kMfccCoefficients, digits::kMfccFrames} ? InputKind::Mfcc : InputKind::Raw;
    }
    TrainingConfig &c = request.config;
    if (parser.isSet("input")) {
        const auto input = parseInputKind(parser.value("input"));
        if (!input) {
            printError("--input: use raw or mfcc.");
            return std::nullopt;
        }
        c.input = *input;
    }
    if (parser.isSet("optimizer")) {
        const auto optimizer = parseOptimizerKind(parser.value("optimizer"));
        if (!optimizer) {
            printError("--optimizer: use sgd or adam.");
            return std::nullopt;
        }
        c.optimizer = *optimizer;
    }
    if (parser.isSet("lr-schedule")) {
        const auto schedule = parseLrSchedule(parser.value("lr-schedule"));
        if (!schedule) {
            printError("--lr-schedule: use constant or cosine.");
            return std::nullopt;
        }
        c.schedule = *schedule;
    }
    if (!readNumber(parser, "epochs", c.epochs, 1) || !readNumber(parser, "lr", c.learningRate, 1e-12)
        || !readNumber(parser, "batch", c.batchSize, 1) || !readNumber(parser, "momentum", c.momentum, 0.0)
        || !readNumber(parser, "weight-decay", c.weightDecay, 0.0) || !readNumber(parser, "temperature", c.temperature, 0.0)
        || !readNumber(parser, "label-smoothing", c.labelSmoothing, 0.0) || !readNumber(parser, "threads", c.threads, 1)
        || !readNumber<std::uint64_t>(parser, "seed", c.seed, 0))
        return std::nullopt;
    c.split.seed = c.seed;
    const QString split = parser.value("split").isEmpty() ? QStringLiteral("random") : parser.value("split");
    if (split == "loso") {
        request.leaveOneSpeakerOut = true;
    } else {
        QString error;
        const auto spec = SplitSpec::parse(split, c.seed, &error);
        if (!spec) {
            printError("--split: " + error);
            return std::nullopt;
        }
        c.split = *spec;
    }
    c.standardizeMfcc = c.standardizeMfcc || parser.isSet("standardize");
    c.shuffle = !parser.isSet("no-shuffle");
    return readRecipeOptions(parser, c) ? std::optional<TrainingRequest>(request) : std::nullopt;
}

std::optional<FeatureCache> loadFeatures(const QCommandLineParser &parser, InputKind input)
{
    auto dataset = loadDatasetArgument(parser.value("data"));
    if (!dataset)
        return std::nullopt;
    for (const auto &skipped : dataset->skipped)
        printError("Skipped " + skipped.file + ": " + skipped.reason);
    int limit = 0;
    if (!readNumber(parser, "limit", limit, 10))
        return std::nullopt;
    if (limit > 0 && limit < dataset->size()) {
        std::vector<DatasetItem> kept;
        for (int i = 0; i < limit; ++i)
            kept.push_back(std::move(dataset->items[static_cast<std::size_t>(i * dataset->size() / limit)]));
        dataset->items = std::move(kept);
    }
    if (parser.isSet("voices") && !addTrainingVoices(parser.value("voices"), *dataset))
        return std::nullopt;
    FeatureCacheOptions options;
    options.computeMfcc = input == InputKind::Mfcc;
    auto built = FeatureCache::build(*dataset, options);
    if (!built.cache) {
        printError(built.error);
        return std::nullopt;
    }
    return std::move(*built.cache);
}

}  // namespace convscope::cli
