// convscope-cli bench-listen: live listening measured on streams made of isolated recordings, against the same
// recordings heard one by one, in the same run.
#include "CliCommands.h"
#include "CliCommon.h"
#include "ListenOptions.h"

#include "audio/AudioDecoder.h"
#include "data/DigitFormat.h"
#include "data/FileNameParser.h"
#include "listen/ListenRun.h"
#include "listen/WordStream.h"
#include "train/Calibration.h"
#include "train/TrainedModel.h"

#include <QDir>
#include <QJsonObject>

#include <algorithm>
#include <map>
#include <random>

namespace convscope::cli {

namespace {

struct Take {
    int digit = 0;
    std::vector<float> samples;
};

/// Every readable {digit}_{speaker}_{take} recording of DIR, by speaker.
std::map<QString, std::vector<Take>> takesBySpeaker(const QString &folder)
{
    std::map<QString, std::vector<Take>> takes;
    for (const QString &file : QDir(folder).entryList({"*.wav", "*.WAV"}, QDir::Files, QDir::Name)) {
        const auto name = FileNameParser::parse(file);
        const DecodeResult decoded = AudioDecoder::decodeFile(QDir(folder).filePath(file));
        if (name && decoded.clip)
            takes[name->speaker].push_back({name->digit, decoded.clip->samples});
    }
    return takes;
}

double percentile(std::vector<double> values, double fraction)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(values.size()))) - 1];
}

/// Totals over the streams.
struct Tally {
    StreamScore score;
    int aloneCorrect = 0;
    double seconds = 0.0, cpu = 0.0;
};

void addStream(Tally &tally, const std::vector<Take> &takes, std::mt19937 &random, const ListenSettings &settings,
               const DigitModel &model)
{
    std::vector<std::vector<float>> recordings;
    std::vector<int> digits;
    for (int w = 0; w < 10; ++w) {
        const Take &take = takes[random() % takes.size()];
        recordings.push_back(take.samples);
        digits.push_back(take.digit);
        tally.aloneCorrect += answerOf(model(take.samples)).digit == take.digit;
    }
    const WordStream stream = makeWordStream(recordings, digits, digits::kSampleRate, 20.0, random());
    const ListenRunResult heard = listenToRecording(stream.samples, digits::kSampleRate, settings, model, false);
    const StreamScore score = scoreStream(stream, heard.words);
    tally.score.words += score.words;
    tally.score.correct += score.correct;
    tally.score.missed += score.missed;
    tally.score.doubled += score.doubled;
    tally.score.falseWords += score.falseWords;
    tally.score.latencies.insert(tally.score.latencies.end(), score.latencies.begin(), score.latencies.end());
    tally.seconds += heard.streamSeconds;
    tally.cpu += heard.cpuSeconds;
}

}  // namespace

int runListenBench(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions(listenOptions());
    parser.addOptions({{"data", "A folder of {digit}_{speaker}_{take}.wav recordings (FSDD, or tools/make-test-voices).",
                        "dir"},
                       {"streams", "Streams of ten recordings per speaker (default 3).", "n", "3"},
                       {"noise-minutes", "Minutes of room noise alone, for false words (default 5).", "n", "5"}});
    if (auto exit = parseArguments(
            parser, arguments,
            "Makes streams of ten recordings of one speaker with 0.3-1.5 s of room noise (pink, 20 dB below the "
            "words) between them, listens to them as `listen` does, and prints one JSON line: words, missed, "
            "doubled, false words, the stream's accuracy beside the same recordings heard one by one, the latency "
            "from a word's end to its answer (p50, p95, max; ms), the real-time factor, and false words per minute "
            "of room noise alone."))
        return *exit;
    const auto settings = listenSettingsOption(parser);
    if (!settings)
        return InvalidInput;
    const auto takes = takesBySpeaker(parser.value("data"));
    if (takes.empty()) {
        printError(QString("No {digit}_{speaker}_{take}.wav recordings in '%1'; give --data DIR.").arg(parser.value("data")));
        return InvalidInput;
    }
    QString error;
    const auto model = TrainedModel::load(parser.value("model"), &error);
    if (!model) {
        printError(error);
        return InvalidInput;
    }
    const DigitModel ask = [&](const std::vector<float> &samples) { return model->classProbabilities(samples); };
    std::mt19937 random(7);
    Tally tally;
    for (const auto &[speaker, speakerTakes] : takes)
        for (int s = 0; s < parser.value("streams").toInt(); ++s)
            addStream(tally, speakerTakes, random, *settings, ask);
    const double noiseMinutes = std::max(0.1, parser.value("noise-minutes").toDouble());
    const double noisePower = makeWordStream({takes.begin()->second.front().samples}, {0}, digits::kSampleRate, 20.0, 1)
                                  .noisePower;
    const ListenRunResult noise = listenToRecording(roomNoise(noiseMinutes * 60.0, digits::kSampleRate, noisePower, 2),
                                                    digits::kSampleRate, *settings, ask, false);
    const double words = std::max(1, tally.score.words);
    printJson(QJsonObject{{"speakers", static_cast<int>(takes.size())},
                          {"words", tally.score.words},
                          {"missed", tally.score.missed},
                          {"doubled", tally.score.doubled},
                          {"false_words", tally.score.falseWords},
                          {"stream_accuracy", tally.score.correct / words},
                          {"alone_accuracy", tally.aloneCorrect / words},
                          {"latency_p50_ms", 1000.0 * percentile(tally.score.latencies, 0.5)},
                          {"latency_p95_ms", 1000.0 * percentile(tally.score.latencies, 0.95)},
                          {"latency_max_ms", 1000.0 * percentile(tally.score.latencies, 1.0)},
                          {"real_time_factor", tally.cpu / std::max(1e-9, tally.seconds)},
                          {"hop_ms", settings->hopMs},
                          {"noise_false_words_per_minute", static_cast<double>(noise.words.size()) / noiseMinutes}});
    return Success;
}

}  // namespace convscope::cli
