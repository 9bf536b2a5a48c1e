// convscope-cli mfcc and play: one recording's features, and listening to it.
#include "CliCommands.h"
#include "CliCommon.h"

#include "audio/AudioDecoder.h"
#include "audio/AudioPlayer.h"
#include "data/Mfcc.h"
#include "data/Preprocessing.h"

#include <QJsonObject>

#include <cstdio>

namespace convscope::cli {

namespace {

/// Decodes the single positional FILE; prints the error and returns nullopt when it cannot.
std::optional<AudioClip> decodeArgument(const QCommandLineParser &parser, int rate)
{
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        printError("Give exactly one audio file (WAV, FLAC, ... anything libsndfile reads).");
        return std::nullopt;
    }
    DecodeResult decoded = AudioDecoder::decodeFile(positional.front(), rate);
    if (!decoded.clip)
        printError(decoded.error);
    return std::move(decoded.clip);
}

}  // namespace

int runMfcc(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument("FILE", "An audio file; resampled to 8000 Hz and mixed to mono.");
    parser.addOption({"size", "Pad or truncate to this many samples first.", "samples", "6000"});
    if (auto done = parseArguments(parser, arguments, "Prints the MFCC of a recording as CSV, one frame per line and "
                                                      "13 coefficients (python_speech_features.mfcc defaults on "
                                                      "the waveform / 32768)."))
        return *done;
    bool ok = false;
    const int size = parser.value("size").toInt(&ok);
    // At most as long as the longest clip the decoder accepts: a mistyped size must not allocate gigabytes.
    const auto maxSize = static_cast<int>(AudioDecoder::defaultMaxSeconds * AudioDecoder::defaultRate);
    if (!ok || size < 1 || size > maxSize) {
        printError("--size: \"" + parser.value("size") + "\" is not a number of samples from 1 to "
                   + QString::number(maxSize) + " (such as 6000).");
        return InvalidInput;
    }
    const std::optional<AudioClip> clip = decodeArgument(parser, AudioDecoder::defaultRate);
    if (!clip)
        return InvalidInput;
    const FeatureMatrix mfcc = Mfcc::compute(Preprocessing::padOrTruncate(clip->samples, size));
    QByteArray csv;
    for (std::int64_t r = 0; r < mfcc.rows; ++r) {
        for (std::int64_t c = 0; c < mfcc.columns; ++c) {
            if (c > 0)
                csv += ',';
            csv += QByteArray::number(mfcc.at(r, c), 'g', 9);
        }
        csv += '\n';
    }
    std::fwrite(csv.constData(), 1, static_cast<std::size_t>(csv.size()), stdout);
    return Success;
}

int runPlay(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument("FILE", "An audio file (mixed to mono, played at its own rate).");
    if (auto done = parseArguments(parser, arguments, "Plays a recording on the default audio output."))
        return *done;
    const std::optional<AudioClip> clip = decodeArgument(parser, 0);
    if (!clip)
        return InvalidInput;
    AudioPlayer player;
    if (!player.isAvailable()) {
        printError(player.unavailableReason());
        return Failure;
    }
    player.load(*clip);
    if (const QString error = player.play(); !error.isEmpty()) {
        printError(error);
        return Failure;
    }
    const int timeoutMs = static_cast<int>(clip->seconds() * 1000.0) + 5000;
    if (!player.waitUntilFinished(timeoutMs)) {
        player.stop();
        printError("Playback did not finish in time; the audio device may be stuck.");
        return Failure;
    }
    printJson(QJsonObject{{"played_frames", static_cast<qint64>(player.position())},
                          {"sample_rate", clip->sampleRate},
                          {"seconds", clip->seconds()}});
    return Success;
}

}  // namespace convscope::cli
