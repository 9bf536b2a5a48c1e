#include "audio/AudioDecoder.h"
#include "audio/Resampler.h"
#include "audio/SilenceTrimmer.h"
#include "audio/WavWriter.h"
#include "TestPaths.h"

#include <QTemporaryDir>

#include <sndfile.h>

#include <gtest/gtest.h>

#include <cmath>

using namespace convscope;

namespace {

/// Writes `seconds` of a sine (amplitude 0.5) in every channel with libsndfile itself.
QString writeSine(const QString &path, int format, int rate, int channels, double hz, double seconds = 0.5)
{
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = channels;
    info.format = format;
    SNDFILE *file = sf_open(path.toLocal8Bit().constData(), SFM_WRITE, &info);
    if (!file)
        return QString::fromUtf8(sf_strerror(nullptr));
    const int frames = static_cast<int>(seconds * rate);
    std::vector<double> samples(static_cast<std::size_t>(frames * channels));
    for (int i = 0; i < frames; ++i)
        for (int c = 0; c < channels; ++c)
            samples[static_cast<std::size_t>(i * channels + c)] = 0.5 * std::sin(2.0 * M_PI * hz * i / rate);
    sf_writef_double(file, samples.data(), frames);
    sf_close(file);
    return {};
}

/// Frequency from the zero crossings of the middle of the signal.
double measuredFrequency(const std::vector<float> &samples, int rate)
{
    const std::size_t begin = samples.size() / 4, end = samples.size() * 3 / 4;
    int crossings = 0;
    for (std::size_t i = begin + 1; i < end; ++i)
        if ((samples[i - 1] < 0.0f) != (samples[i] < 0.0f))
            ++crossings;
    return crossings / 2.0 / (static_cast<double>(end - begin) / rate);
}

}  // namespace

TEST(AudioDecoder, ReadsEveryFormatLibsndfileWrites)
{
    QTemporaryDir dir;
    struct Case {
        const char *name;
        int format;
        double tolerance;
    };
    const Case cases[] = {
        {"u8.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_U8, 1.0 / 64},  {"s16.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1e-4},
        {"s24.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 1e-6},    {"s32.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_32, 1e-6},
        {"f32.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 1e-6},     {"f64.wav", SF_FORMAT_WAV | SF_FORMAT_DOUBLE, 1e-6},
        {"s16.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 1e-4},  {"s24.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 1e-6},
        {"s16.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16, 1e-4},  {"vorbis.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 0.05},
    };
    for (const Case &c : cases) {
        const QString path = dir.filePath(c.name);
        ASSERT_EQ(writeSine(path, c.format, 8000, 1, 440.0).toStdString(), "") << c.name;
        const DecodeResult result = AudioDecoder::decodeFile(path);
        ASSERT_TRUE(result.clip) << c.name << ": " << result.error.toStdString();
        EXPECT_EQ(result.clip->sampleRate, 8000) << c.name;
        EXPECT_EQ(result.clip->frames(), 4000) << c.name;
        for (int i : {10, 1000, 2345}) {
            const double expected = 0.5 * std::sin(2.0 * M_PI * 440.0 * i / 8000.0);
            EXPECT_NEAR(result.clip->samples[static_cast<std::size_t>(i)], expected, c.tolerance) << c.name << " " << i;
        }
    }
}

TEST(AudioDecoder, FsddSixteenBitIsValueOver32768)
{
    const DecodeResult result = AudioDecoder::decodeFile(test::sharedDir() + "/fsdd/recordings/0_george_0.wav");
    ASSERT_TRUE(result.clip);
    EXPECT_EQ(result.clip->frames(), (4812 - 44) / 2);
    for (float v : result.clip->samples)
        ASSERT_EQ(v * 32768.0f, std::round(v * 32768.0f));  // exact 16-bit values
}

TEST(AudioDecoder, StereoAt44100BecomesMonoAt8000WithTheSameFrequency)
{
    QTemporaryDir dir;
    const QString path = dir.filePath("stereo.wav");
    ASSERT_EQ(writeSine(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 440.0, 1.0).toStdString(), "");
    const DecodeResult result = AudioDecoder::decodeFile(path);
    ASSERT_TRUE(result.clip) << result.error.toStdString();
    EXPECT_EQ(result.clip->sampleRate, 8000);
    EXPECT_NEAR(static_cast<double>(result.clip->frames()), 8000.0, 2.0);
    EXPECT_NEAR(measuredFrequency(result.clip->samples, 8000), 440.0, 2.0);
    float peak = 0.0f;
    for (float v : result.clip->samples)
        peak = std::max(peak, std::abs(v));
    EXPECT_NEAR(peak, 0.5f, 0.02f);

    const DecodeResult native = AudioDecoder::decodeFile(path, 0);
    ASSERT_TRUE(native.clip);
    EXPECT_EQ(native.clip->sampleRate, 44100);
    EXPECT_EQ(native.clip->frames(), 44100);
}

TEST(AudioDecoder, ErrorsNameTheFileAndCarryLibsndfilesMessage)
{
    const DecodeResult missing = AudioDecoder::decodeFile("/nonexistent/x.wav");
    EXPECT_FALSE(missing.clip);
    EXPECT_EQ(missing.error.toStdString(), "/nonexistent/x.wav: no such file.");
    QTemporaryDir dir;
    const QString text = dir.filePath("text.wav");
    QFile file(text);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("RIFF but not really\n");
    file.close();
    const DecodeResult bad = AudioDecoder::decodeFile(text);
    EXPECT_FALSE(bad.clip);
    EXPECT_TRUE(bad.error.startsWith(text + ": ")) << bad.error.toStdString();
    EXPECT_NE(bad.error.indexOf("(libsndfile)"), -1) << bad.error.toStdString();
    // Longer than the limit: refused without reading it all.
    const QString longFile = dir.filePath("long.wav");
    ASSERT_EQ(writeSine(longFile, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, 100.0, 3.0).toStdString(), "");
    const DecodeResult tooLong = AudioDecoder::decodeFile(longFile, 8000, 2.0);
    EXPECT_FALSE(tooLong.clip);
    EXPECT_NE(tooLong.error.indexOf("longer than 2 seconds"), -1) << tooLong.error.toStdString();
}

TEST(AudioDecoder, AHeaderWithoutFramesSaysOnlyThat)
{
    // Seen: "contains no audio frames (libsndfile: No Error.)": libsndfile's text was added though it had no error.
    QTemporaryDir dir;
    const QString path = dir.filePath("silent.wav");
    ASSERT_EQ(writeSine(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, 440.0, 0.0).toStdString(), "");
    const DecodeResult decoded = AudioDecoder::decodeFile(path);
    EXPECT_FALSE(decoded.clip);
    EXPECT_EQ(decoded.error.toStdString(), (path + ": contains no audio frames.").toStdString());
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(AudioDecoder::decodeBytes(file.readAll(), "silent.wav").error.toStdString(),
              "silent.wav: contains no audio frames.");
}

TEST(AudioDecoder, BytesInMemoryDecodeLikeTheFileAndErrorsNameTheGivenName)
{
    QTemporaryDir dir;
    for (const int format : {SF_FORMAT_WAV | SF_FORMAT_PCM_16, SF_FORMAT_FLAC | SF_FORMAT_PCM_24,
                             SF_FORMAT_OGG | SF_FORMAT_VORBIS}) {
        const QString path = dir.filePath(QString("clip%1").arg(format));
        ASSERT_EQ(writeSine(path, format, 16000, 2, 440.0).toStdString(), "");
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::ReadOnly));
        const DecodeResult fromBytes = AudioDecoder::decodeBytes(file.readAll(), "memory");
        const DecodeResult fromFile = AudioDecoder::decodeFile(path);
        ASSERT_TRUE(fromBytes.clip) << fromBytes.error.toStdString();
        ASSERT_TRUE(fromFile.clip);
        EXPECT_EQ(fromBytes.clip->sampleRate, 8000);
        EXPECT_EQ(fromBytes.clip->samples, fromFile.clip->samples) << format;
    }
    const DecodeResult empty = AudioDecoder::decodeBytes({}, "empty.wav");
    EXPECT_FALSE(empty.clip);
    EXPECT_TRUE(empty.error.startsWith("empty.wav: the file is empty (libsndfile: ")) << empty.error.toStdString();
    const DecodeResult junk = AudioDecoder::decodeBytes("RIFF but not really\n", "junk.wav");
    EXPECT_FALSE(junk.clip);
    EXPECT_TRUE(junk.error.startsWith("junk.wav: ")) << junk.error.toStdString();
    EXPECT_NE(junk.error.indexOf("(libsndfile)"), -1) << junk.error.toStdString();
    // A WAV header whose data chunk claims more than the bytes hold is reported, not silently shortened.
    QFile fsdd(test::sharedDir() + "/fsdd/recordings/0_george_0.wav");
    ASSERT_TRUE(fsdd.open(QIODevice::ReadOnly));
    const DecodeResult truncated = AudioDecoder::decodeBytes(fsdd.readAll().left(2000), "cut.wav");
    EXPECT_FALSE(truncated.clip);
    EXPECT_NE(truncated.error.indexOf("the file is truncated or damaged"), -1) << truncated.error.toStdString();
    // Found by fuzz/: a few frames at a high rate resample to nothing, which is an error, not an empty clip.
    const QString blip = dir.filePath("blip.wav");
    ASSERT_EQ(writeSine(blip, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 192000, 1, 440.0, 10.0 / 192000).toStdString(), "");
    const DecodeResult tooShort = AudioDecoder::decodeFile(blip);
    EXPECT_FALSE(tooShort.clip);
    EXPECT_EQ(tooShort.error, blip + ": too short: 10 frames at 192000 Hz leave no sample at 8000 Hz.");
}

TEST(Resampler, ConvertsRatesAndMixesDown)
{
    std::vector<float> tone(16000);
    for (std::size_t i = 0; i < tone.size(); ++i)
        tone[i] = static_cast<float>(std::sin(2.0 * M_PI * 1000.0 * i / 16000.0));
    const ResampleResult down = Resampler::resample(tone, 16000, 8000);
    ASSERT_TRUE(down.error.isEmpty());
    EXPECT_NEAR(static_cast<double>(down.samples.size()), 8000.0, 2.0);
    EXPECT_NEAR(measuredFrequency(down.samples, 8000), 1000.0, 2.0);
    EXPECT_EQ(Resampler::resample(tone, 8000, 8000).samples, tone);
    EXPECT_FALSE(Resampler::resample(tone, 0, 8000).error.isEmpty());
    EXPECT_EQ(Resampler::mixDown({1.0f, 0.0f, 0.5f, 0.5f}, 2), (std::vector<float>{0.5f, 0.5f}));
}

TEST(SilenceTrimmer, CutsQuietEndsKeepingAMargin)
{
    std::vector<float> samples(8000, 0.001f);  // 1 s of near-silence
    for (int i = 3040; i < 4000; ++i)  // 10 ms windows: 38 to 49
        samples[static_cast<std::size_t>(i)] = (i % 2 ? 0.3f : -0.3f);
    const SoundRange range = SilenceTrimmer::findSound(samples, 8000, 0.01f, 0.05);
    EXPECT_EQ(range.begin, 3040u - 400u);
    EXPECT_EQ(range.end, 4000u + 400u);
    EXPECT_EQ(SilenceTrimmer::trim(samples, 8000).size(), 1760u);
    EXPECT_TRUE(SilenceTrimmer::trim(std::vector<float>(800, 0.0f), 8000).empty());
}

TEST(WavWriter, SavedClipsReadBackSampleForSample)
{
    const DecodeResult original = AudioDecoder::decodeFile(test::sharedDir() + "/fsdd/recordings/7_jackson_32.wav");
    ASSERT_TRUE(original.clip);
    QTemporaryDir dir;
    const QString path = dir.filePath("copy.wav");
    ASSERT_EQ(WavWriter::save(path, *original.clip).toStdString(), "");
    const DecodeResult again = AudioDecoder::decodeFile(path);
    ASSERT_TRUE(again.clip);
    EXPECT_EQ(again.clip->samples, original.clip->samples);
    EXPECT_NE(WavWriter::save("/nonexistent/dir/x.wav", *original.clip).indexOf("/nonexistent/dir/x.wav"), -1);
}
