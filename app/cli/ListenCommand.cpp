// convscope-cli listen: a recording of several digits heard as if it came from the microphone, word by word.
#include "CliCommands.h"
#include "CliCommon.h"
#include "ListenOptions.h"

#include "audio/AudioDecoder.h"
#include "data/DigitFormat.h"
#include "listen/ListenRun.h"
#include "train/BuiltinModels.h"
#include "train/Calibration.h"
#include "train/TrainedModel.h"

#include <QJsonArray>
#include <QJsonObject>

namespace convscope::cli {

namespace {

QJsonObject wordJson(const HeardWord &word)
{
    return QJsonObject{{"digit", word.digit},       {"confidence", word.confidence}, {"unsure", word.unsure},
                       {"runner_up", word.runnerUp}, {"start", word.start},           {"end", word.end},
                       {"decided_at", word.decidedAt}};
}

}  // namespace

std::optional<ListenSettings> listenSettingsOption(const QCommandLineParser &parser)
{
    ListenSettings settings;
    bool ok = true;
    if (parser.isSet("hop-ms"))
        settings.hopMs = parser.value("hop-ms").toInt(&ok);
    if (ok && parser.isSet("sensitivity"))
        settings.minDecibels = parser.value("sensitivity").toDouble(&ok);
    const QString problem = QString::fromUtf8(settings.problem());
    if (!ok || !problem.isEmpty()) {
        printError(QString("--hop-ms %1, --sensitivity %2: %3.")
                       .arg(parser.value("hop-ms"), parser.value("sensitivity"),
                            ok ? problem : QString("give whole milliseconds and decibels as numbers")));
        return std::nullopt;
    }
    return settings;
}

QList<QCommandLineOption> listenOptions()
{
    return {{"model", QString("A checkpoint saved by train --save or the Training tab, or a built-in model (default %1).")
                          .arg(BuiltinModels::kVoice),
             "file", BuiltinModels::kVoice},
            {"hop-ms", QString("How often the model is asked, in ms of stream time (default %1).")
                           .arg(ListenSettings::kDefaultHopMs),
             "ms"},
            {"sensitivity", QString("How far above the noise floor a word's loudest part must be, in dB (6-30, default "
                                    "%1; lower hears quieter words).").arg(ListenSettings::kDefaultMinDecibels),
             "dB"}};
}

int runListen(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions(listenOptions());
    parser.addOption({"realtime", "Play the file at real time, as the microphone would (default: as fast as it can)."});
    parser.addPositionalArgument("WAV", "A recording of digits said one after another (any rate, mono or stereo).");
    if (auto exit = parseArguments(
            parser, arguments,
            "Hears the recording through the live listening path (a ring buffer, features computed once, the model "
            "asked every hop on the 0.75 s window it hears, each word decided once it has ended) and prints one JSON "
            "line per word as it is decided: digit, confidence, unsure, runner_up, start and end (seconds) and "
            "decided_at (the stream time of the answer). A final line gives words, seconds, hops, model_calls and "
            "real_time_factor (the listening thread's CPU time over the stream's length)."))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        printError("Give one recording to listen to (WAV, FLAC, ... anything libsndfile reads).");
        return InvalidInput;
    }
    const auto settings = listenSettingsOption(parser);
    if (!settings)
        return InvalidInput;
    const QString file = parser.positionalArguments().front();
    const DecodeResult decoded = AudioDecoder::decodeFile(file);
    if (!decoded.clip) {
        printError(decoded.error);
        return Failure;
    }
    const auto model = loadModelFile(parser.value("model"));
    if (!model)
        return InvalidInput;
    const ListenRunResult result =
        listenToRecording(decoded.clip->samples, decoded.clip->sampleRate, *settings, ListenModel::of(*model),
                          parser.isSet("realtime"), [](const HeardWord &word) { printJson(wordJson(word)); });
    printJson(QJsonObject{{"words", static_cast<qint64>(result.words.size())},
                          {"seconds", result.streamSeconds},
                          {"hops", static_cast<qint64>(result.hops)},
                          {"model_calls", static_cast<qint64>(result.modelCalls)},
                          {"real_time_factor", result.realTimeFactor()}});
    return Success;
}

}  // namespace convscope::cli
