// Live listening through a real PortAudio input stream where there is no sound hardware: ALSA's file plugin reads a
// file as the microphone (docs/architecture.md, "Audio without sound hardware"), MicrophoneStream's callback copies
// it into a SampleRing and a ListenPipeline hears it, as the Listen panel does with a microphone.
#include "SmallFeatureCache.h"

#include "audio/AudioDecoder.h"
#include "listen/ListenPipeline.h"
#include "listen/MicrophoneStream.h"
#include "listen/SampleRing.h"
#include "listen/WordStream.h"
#include "train/TrainedModel.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

namespace convscope {
namespace {

constexpr int kRate = 8000;

/// Five FSDD digits of one speaker with room noise between them (the stream the Listen panel's test replays).
WordStream digitStream(const std::vector<int> &digits)
{
    std::vector<std::vector<float>> recordings;
    for (int digit : digits) {
        const QString file = QString("%1/%2_nicolas_%3.wav").arg(test::fsddFolder()).arg(digit).arg(digit + 3);
        const DecodeResult decoded = AudioDecoder::decodeFile(file);
        EXPECT_TRUE(decoded.clip) << decoded.error.toStdString();
        recordings.push_back(decoded.clip ? decoded.clip->samples : std::vector<float>{});
    }
    return makeWordStream(recordings, digits, kRate, 20.0, 5);
}

/// Points HOME at a folder whose .asoundrc makes ALSA's default device read `microphone` (float32) as its input.
bool microphoneReads(const QTemporaryDir &home, const std::vector<float> &microphone)
{
    QFile rc(home.filePath(".asoundrc"));
    QFile mic(home.filePath("mic.raw"));
    if (!rc.open(QIODevice::WriteOnly) || !mic.open(QIODevice::WriteOnly))
        return false;
    rc.write(QString("pcm.!default {\n  type file\n  slave.pcm \"null\"\n  file \"%1/played.raw\"\n"
                     "  infile \"%1/mic.raw\"\n  format \"raw\"\n}\n")
                 .arg(home.path())
                 .toUtf8());
    mic.write(reinterpret_cast<const char *>(microphone.data()),
              static_cast<qint64>(microphone.size() * sizeof(float)));
    return ::setenv("HOME", home.path().toLocal8Bit().constData(), 1) == 0;
}

TEST(ListenMicrophone, AStreamReadThroughPortAudioIsTranscribed)
{
    const std::vector<int> digits{4, 0, 7, 2, 9};
    const WordStream stream = digitStream(digits);
    QTemporaryDir home;
    ASSERT_TRUE(microphoneReads(home, stream.samples));  // before PortAudio starts: it reads .asoundrc once

    QString error;
    const auto model = TrainedModel::load("builtin:voice", &error);
    ASSERT_TRUE(model) << error.toStdString();
    // ALSA's null device is not paced: the file may arrive faster than real time, so the ring holds all of it.
    SampleRing ring(stream.samples.size() + 10 * kRate);
    MicrophoneStream microphone(ring);
    ASSERT_TRUE(microphone.isAvailable()) << microphone.unavailableReason().toStdString();
    ListenPipeline pipeline(ListenSettings{}, ListenModel::of(*model), kRate);
    ASSERT_EQ(microphone.start().toStdString(), "");
    std::vector<float> heard;
    std::vector<HeardWord> words;
    const std::size_t enough = stream.samples.size() + 4096;  // PortAudio primes the input with up to 4096 zeros
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (heard.size() < enough && std::chrono::steady_clock::now() < deadline) {
        const ListenUpdate update = pipeline.drain(ring);
        heard.insert(heard.end(), update.samples.begin(), update.samples.end());
        words.insert(words.end(), update.words.begin(), update.words.end());
        if (update.samples.empty())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    microphone.stop();

    ASSERT_GE(heard.size(), enough) << "the microphone's file was not read in time";
    const auto first = std::find_if(heard.begin(), heard.end(), [](float x) { return x != 0.0f; });
    const auto primed = static_cast<std::size_t>(first - heard.begin());
    ASSERT_LE(primed, 4096u);
    ASSERT_TRUE(std::equal(stream.samples.begin(), stream.samples.end(), first)) << "the file, sample for sample";
    std::vector<int> transcript;
    for (const HeardWord &word : words)
        transcript.push_back(word.digit);
    EXPECT_EQ(transcript, digits);
    ASSERT_EQ(words.size(), stream.words.size());
    for (std::size_t i = 0; i < words.size(); ++i) {
        const double start = words[i].start - static_cast<double>(primed) / kRate;
        EXPECT_NEAR(start, stream.words[i].start, 0.1) << "word " << i;
    }
}

}  // namespace
}  // namespace convscope
