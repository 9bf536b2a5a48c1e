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
#include <QDirIterator>
#include <QFileInfo>
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

/// Every readable {digit}_{speaker}_{take} recording of DIR and the folders in it (tools/make-test-voices writes one
/// folder per synthesiser), by speaker, in file name order.
std::map<QString, std::vector<Take>> takesBySpeaker(const QString &folder)
{
    QStringList files;
    for (QDirIterator it(folder, {"*.wav", "*.WAV"}, QDir::Files, QDirIterator::Subdirectories); it.hasNext();)
        files.append(it.next());
    std::sort(files.begin(), files.end());
    std::map<QString, std::vector<Take>> takes;
    for (const QString &file : files) {
        const auto name = FileNameParser::parse(QFileInfo(file).fileName());
        const DecodeResult decoded = AudioDecoder::decodeFile(file);
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
    int aloneCorrect = 0;       ///< the recordings one by one, as recorded
    int aloneNoisyCorrect = 0;  ///< the recordings one by one, each with the noise that lies over it in the stream
    double seconds = 0.0, cpu = 0.0;
};

void add(StreamScore &into, const StreamScore &score)
{
    into.words += score.words;
    into.correct += score.correct;
    into.missed += score.missed;
    into.doubled += score.doubled;
    into.falseWords += score.falseWords;
    into.latencies.insert(into.latencies.end(), score.latencies.begin(), score.latencies.end());
}

void addStream(Tally &tally, const std::vector<Take> &takes, std::mt19937 &random, const ListenSettings &settings,
               const ListenModel &model)
{
    std::vector<std::vector<float>> recordings;
    std::vector<int> digits;
    for (int w = 0; w < 10; ++w) {
        const Take &take = takes[random() % takes.size()];
        recordings.push_back(take.samples);
        digits.push_back(take.digit);
        tally.aloneCorrect += answerOf(model.word(take.samples)).digit == take.digit;
    }
    const WordStream stream = makeWordStream(recordings, digits, digits::kSampleRate, 20.0, random());
    const ListenRunResult heard = listenToRecording(stream.samples, digits::kSampleRate, settings, model, false);
    add(tally.score, scoreStream(stream, heard.words));
    tally.seconds += heard.streamSeconds;
    tally.cpu += heard.cpuSeconds;
    for (std::size_t r = 0; r < recordings.size(); ++r) {
        const auto begin = stream.samples.begin() + static_cast<std::ptrdiff_t>(stream.offsets[r]);
        const std::vector<float> noisy(begin, begin + static_cast<std::ptrdiff_t>(recordings[r].size()));
        tally.aloneNoisyCorrect += answerOf(model.word(noisy)).digit == digits[r];
    }
}

QJsonObject scoreJson(const StreamScore &score)
{
    return QJsonObject{{"words", score.words},
                       {"missed", score.missed},
                       {"doubled", score.doubled},
                       {"false_words", score.falseWords},
                       {"stream_accuracy", score.correct / std::max(1.0, static_cast<double>(score.words))},
                       {"latency_p50_ms", 1000.0 * percentile(score.latencies, 0.5)},
                       {"latency_p95_ms", 1000.0 * percentile(score.latencies, 0.95)},
                       {"latency_max_ms", 1000.0 * percentile(score.latencies, 1.0)}};
}

}  // namespace

int runListenBench(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions(listenOptions());
    parser.addOptions({{"data", "A folder of {digit}_{speaker}_{take}.wav recordings, or of folders of them (FSDD, or the voices "
                                "tools/make-test-voices makes, which the ready model has not heard).",
                        "dir"},
                       {"streams", "Streams of ten recordings per speaker (default 3).", "n", "3"},
                       {"noise-minutes", "Minutes of room noise alone, for false words (default 5).", "n", "5"}});
    if (auto exit = parseArguments(
            parser, arguments,
            "Makes streams of ten recordings of one speaker with 0.3-1.5 s between them and room noise (pink, 20 dB "
            "below the words) all along, listens to them as `listen` does, and prints one JSON line: words, missed, "
            "doubled, false words, the stream's accuracy beside the same recordings heard one by one (alone_accuracy "
            "as recorded, alone_noisy_accuracy with the noise that lies over each in the stream), the latency from a "
            "word's end to its answer (p50, p95, max; ms), the real-time factor, and false words per minute of room "
            "noise alone."))
        return *exit;
    const auto settings = listenSettingsOption(parser);
    if (!settings)
        return InvalidInput;
    const auto takes = takesBySpeaker(parser.value("data"));
    if (takes.empty()) {
        printError(QString("No {digit}_{speaker}_{take}.wav recordings in '%1'; give --data DIR.").arg(parser.value("data")));
        return InvalidInput;
    }
    const auto model = loadModelFile(parser.value("model"));
    if (!model)
        return InvalidInput;
    const ListenModel ask = ListenModel::of(*model);
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
    QJsonObject result = scoreJson(tally.score);
    result["speakers"] = static_cast<int>(takes.size());
    result["alone_accuracy"] = tally.aloneCorrect / words;
    result["alone_noisy_accuracy"] = tally.aloneNoisyCorrect / words;
    result["real_time_factor"] = tally.cpu / std::max(1e-9, tally.seconds);
    result["hop_ms"] = settings->hopMs;
    result["noise_false_words_per_minute"] = static_cast<double>(noise.words.size()) / noiseMinutes;
    printJson(result);
    return Success;
}

}  // namespace convscope::cli
