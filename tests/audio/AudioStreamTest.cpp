#include "audio/AudioDecoder.h"
#include "audio/AudioPlayer.h"
#include "audio/AudioRecorder.h"
#include "audio/AudioSystem.h"
#include "TestPaths.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <thread>

using namespace convscope;

namespace {

/// Real PortAudio streams without sound hardware: ALSA's file plugin over the null device (docs/architecture.md, "Audio without sound hardware").
/// Played audio lands in played.raw, and the "microphone" reads mic.raw, both float32 like the streams.
class AudioStream : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_home = new QTemporaryDir;
        const QString dir = s_home->path();
        QFile rc(dir + "/.asoundrc");
        ASSERT_TRUE(rc.open(QIODevice::WriteOnly));
        rc.write(QString("pcm.!default {\n  type file\n  slave.pcm \"null\"\n  file \"%1/played.raw\"\n"
                         "  infile \"%1/mic.raw\"\n  format \"raw\"\n}\n")
                     .arg(dir)
                     .toUtf8());
        rc.close();
        // The microphone: 0.5 s of silence, an FSDD clip, 0.5 s of silence.
        const DecodeResult clip = AudioDecoder::decodeFile(test::sharedDir() + "/fsdd/recordings/3_theo_10.wav");
        ASSERT_TRUE(clip.clip);
        s_clip = new AudioClip(*clip.clip);
        std::vector<float> mic(4000, 0.0f);
        mic.insert(mic.end(), s_clip->samples.begin(), s_clip->samples.end());
        mic.insert(mic.end(), 4000, 0.0f);
        QFile micFile(dir + "/mic.raw");
        ASSERT_TRUE(micFile.open(QIODevice::WriteOnly));
        micFile.write(reinterpret_cast<const char *>(mic.data()), static_cast<qint64>(mic.size() * sizeof(float)));
        ::setenv("HOME", dir.toLocal8Bit().constData(), 1);
    }
    static void TearDownTestSuite()
    {
        delete s_clip;
        delete s_home;
    }
    static QTemporaryDir *s_home;
    static AudioClip *s_clip;
};

QTemporaryDir *AudioStream::s_home = nullptr;
AudioClip *AudioStream::s_clip = nullptr;

}  // namespace

TEST_F(AudioStream, PlaysTheClipIntoTheFileAndReportsThePosition)
{
    AudioPlayer player;
    ASSERT_TRUE(player.isAvailable()) << player.unavailableReason().toStdString();
    player.load(*s_clip);
    ASSERT_EQ(player.play().toStdString(), "");
    // No isPlaying() check here: ALSA's null device is not paced, so a loaded machine may finish the clip
    // before this thread runs again. Position and completion below are what must hold.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_GT(player.position(), 0);
    ASSERT_TRUE(player.waitUntilFinished(10000));
    EXPECT_EQ(player.position(), player.length());
    EXPECT_FALSE(player.isPlaying());

    QFile played(s_home->path() + "/played.raw");
    ASSERT_TRUE(played.open(QIODevice::ReadOnly));
    const QByteArray bytes = played.readAll();
    const auto *values = reinterpret_cast<const float *>(bytes.constData());
    const std::size_t count = static_cast<std::size_t>(bytes.size()) / sizeof(float);
    // PortAudio primes the device with some silence first; then comes the clip, sample for sample.
    std::size_t offset = 0;
    while (offset < count && values[offset] == 0.0f)
        ++offset;
    EXPECT_LE(offset, 4096u);
    ASSERT_GE(count, offset + s_clip->samples.size());
    for (std::size_t i = 0; i < s_clip->samples.size(); ++i)
        ASSERT_EQ(values[offset + i], s_clip->samples[i]) << "sample " << i;
    for (std::size_t i = offset + s_clip->samples.size(); i < count; ++i)
        ASSERT_EQ(values[i], 0.0f);
}

TEST_F(AudioStream, StopAndSeekWhilePlaying)
{
    AudioPlayer player;
    ASSERT_TRUE(player.isAvailable());
    player.load({std::vector<float>(80000, 0.1f), 8000});  // 10 s
    ASSERT_EQ(player.play().toStdString(), "");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    player.seek(60000);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_GE(player.position(), 60000);
    EXPECT_LT(player.position(), 70000);
    player.stop();
    EXPECT_FALSE(player.isPlaying());
    const std::int64_t stopped = player.position();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(player.position(), stopped);
    ASSERT_EQ(player.play().toStdString(), "");  // resumes
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_GT(player.position(), stopped);
    player.stop();
}

TEST_F(AudioStream, RecordsTheMicrophoneTrimmedToTheSpeech)
{
    AudioRecorder recorder(3.0);
    ASSERT_TRUE(recorder.isAvailable()) << recorder.unavailableReason().toStdString();
    ASSERT_EQ(recorder.start().toStdString(), "");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (recorder.recordedFrames() < 4000 + s_clip->frames() + 3000 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const AudioClip clip = recorder.stop();
    EXPECT_EQ(recorder.deviceRate(), 8000);
    EXPECT_EQ(clip.sampleRate, 8000);
    // The speech is kept (with up to 50 ms margins) and most of the silence around it is gone.
    EXPECT_GT(clip.frames(), s_clip->frames() / 2);
    EXPECT_LT(clip.frames(), s_clip->frames() + 800 + 160);
    float peak = 0.0f, clipPeak = 0.0f;
    for (float v : clip.samples)
        peak = std::max(peak, std::abs(v));
    for (float v : s_clip->samples)
        clipPeak = std::max(clipPeak, std::abs(v));
    EXPECT_FLOAT_EQ(peak, clipPeak);
}
