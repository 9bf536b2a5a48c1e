// Live listening (model/listen): streaming features equal the batch's, and streams made of FSDD recordings with
// room noise between them are heard word by word, each word once, at its time, and noise alone gives no word.
#include "TestPaths.h"
#include "SmallFeatureCache.h"

#include "audio/AudioDecoder.h"
#include "audio/WordWindow.h"
#include "data/DigitFormat.h"
#include "data/Mfcc.h"
#include "listen/ListenPipeline.h"
#include "listen/ListenRun.h"
#include "listen/SampleRing.h"
#include "listen/StreamingFeatures.h"
#include "listen/WordStream.h"
#include "train/Calibration.h"
#include "train/TrainedModel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <random>
#include <thread>

namespace convscope {
namespace {

constexpr int kRate = 8000;

std::vector<float> recording(int digit, const char *speaker, int take)
{
    const QString file = QString("%1/%2_%3_%4.wav").arg(test::fsddFolder()).arg(digit).arg(speaker).arg(take);
    const DecodeResult decoded = AudioDecoder::decodeFile(file);
    EXPECT_TRUE(decoded.clip) << decoded.error.toStdString();
    return decoded.clip ? decoded.clip->samples : std::vector<float>{};
}

const TrainedModel &readyModel()
{
    static const std::unique_ptr<TrainedModel> model = [] {
        QString error;
        auto loaded = TrainedModel::load("builtin:voice", &error);
        EXPECT_TRUE(loaded) << error.toStdString();
        return loaded;
    }();
    return *model;
}

ListenModel askReadyModel()
{
    return ListenModel::of(readyModel());
}

void expectSameFrames(const FeatureMatrix &batch, const StreamingFeatures &stream, bool mfcc)
{
    ASSERT_GE(batch.rows, stream.frames());
    ASSERT_GT(stream.frames(), 20);
    for (std::int64_t f = stream.firstKept(); f < stream.frames(); ++f) {
        const std::vector<float> &frame = mfcc ? stream.mfcc(f) : stream.logMel(f);
        ASSERT_EQ(static_cast<std::int64_t>(frame.size()), batch.columns);
        for (std::int64_t c = 0; c < batch.columns; ++c)
            ASSERT_NEAR(frame[static_cast<std::size_t>(c)], batch.at(f, c), 1e-4 * (1.0 + std::abs(batch.at(f, c))))
                << "frame " << f << " column " << c;
    }
}

TEST(StreamingFeatures, EveryFrameEqualsTheBatchMfccOfTheWholeStream)
{
    std::vector<float> signal = recording(3, "jackson", 5);
    const std::vector<float> more = recording(8, "nicolas", 12);
    signal.insert(signal.end(), more.begin(), more.end());
    StreamingFeatures stream(100000);
    std::mt19937 random(4);
    for (std::size_t at = 0; at < signal.size();) {  // blocks of 1 to 700 samples, as a callback delivers them
        const std::size_t n = std::min<std::size_t>(1 + random() % 700, signal.size() - at);
        stream.append(signal.data() + at, n);
        at += n;
    }
    EXPECT_EQ(stream.frames(), MfccOptions{}.frameCount(static_cast<std::int64_t>(signal.size())) - 1)
        << "every frame but the batch's zero-padded last one";
    expectSameFrames(Mfcc::compute(signal), stream, true);
    expectSameFrames(Mfcc::logMelFilterbank(signal), stream, false);
}

TEST(StreamingFeatures, KeepsTheLastFramesOnly)
{
    StreamingFeatures stream(10);
    const std::vector<float> signal = recording(1, "theo", 3);
    stream.append(signal.data(), signal.size());
    EXPECT_EQ(stream.frames() - stream.firstKept(), 10);
    expectSameFrames(Mfcc::compute(signal), stream, true);
}

/// Each digit once, one take of `speaker` each, in `order`, at 20 dB SNR.
WordStream digitStream(const char *speaker, const std::vector<int> &order, std::uint64_t seed,
                       std::vector<std::vector<float>> *recordings)
{
    std::mt19937 random(static_cast<std::uint32_t>(seed));
    for (int digit : order)
        recordings->push_back(recording(digit, speaker, static_cast<int>(random() % 50)));
    return makeWordStream(*recordings, order, kRate, 20.0, seed);
}

struct StreamCase {
    const char *speaker;
    std::uint64_t seed;
    int hopMs;
};

class HeardStream : public testing::TestWithParam<StreamCase> {};

/// Where `clip` lies in `stream` (it was cut from it), searched around `near`.
std::size_t offsetIn(const std::vector<float> &stream, const std::vector<float> &clip, std::size_t near)
{
    const std::size_t from = near > kRate ? near - kRate : 0;
    for (std::size_t at = from; at + clip.size() <= stream.size() && at < near + kRate; ++at) {
        if (std::equal(clip.begin(), clip.end(), stream.begin() + static_cast<std::ptrdiff_t>(at)))
            return at;
    }
    ADD_FAILURE() << "the model heard samples that are not the stream's near " << near;
    return near;
}

/// The model hears each word of the stream (the samples it is given, its word found in them and centred) as it hears
/// the word's recording cut from the same noisy stream: within the recording, not the room's noise around it (heard
/// as the "s" of "six"), give or take 20 ms, for all but `allowed` words.
void expectHeardWithinTheRecordings(const WordStream &stream, const std::vector<std::vector<float>> &recordings,
                                    const std::vector<std::vector<float>> &wordClips,
                                    const std::vector<HeardWord> &words, int allowed)
{
    ASSERT_EQ(wordClips.size(), words.size()) << "one model call per word, besides the hops";
    int within = 0;
    for (std::size_t i = 0; i < words.size() && i < recordings.size(); ++i) {
        const auto offset = static_cast<double>(
            offsetIn(stream.samples, wordClips[i], static_cast<std::size_t>(words[i].start * kRate)));
        const SoundRange heard = WordWindow::findWord(wordClips[i], kRate);
        const auto recording = static_cast<double>(stream.offsets[i]);
        const double before = (recording - offset - static_cast<double>(heard.begin)) / kRate;
        const double after =
            (offset + static_cast<double>(heard.end) - recording - static_cast<double>(recordings[i].size())) / kRate;
        within += before <= 0.02 && after <= 0.02;
    }
    EXPECT_GE(within, static_cast<int>(words.size()) - allowed) << "words heard within their recordings";
}

TEST_P(HeardStream, EachWordOnceAtItsTimeAsTheModelHearsItAlone)
{
    const StreamCase c = GetParam();
    std::vector<std::vector<float>> recordings;
    const WordStream stream = digitStream(c.speaker, {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 0}, c.seed, &recordings);
    ListenSettings settings;
    settings.hopMs = c.hopMs;
    std::vector<std::vector<float>> wordClips;  // what the model hears of each word
    std::int64_t glances = 0;
    ListenModel model = askReadyModel();
    model.word = [&](const std::vector<float> &samples) {
        wordClips.push_back(samples);
        return readyModel().classProbabilities(samples);
    };
    model.hop = [&](const std::vector<float> &samples) {
        ++glances;
        EXPECT_LE(samples.size(), static_cast<std::size_t>(digits::kWindowSamples)) << "a hop hears its window";
        return readyModel().glanceProbabilities(samples);
    };
    const ListenRunResult heard = listenToRecording(stream.samples, kRate, settings, model, false);
    EXPECT_EQ(wordClips.size(), heard.words.size()) << "each word judged once, with the model's whole judgement";
    EXPECT_EQ(heard.modelCalls, glances + static_cast<std::int64_t>(wordClips.size()));
    ASSERT_EQ(heard.words.size(), stream.words.size()) << "a word missed or heard twice";
    expectHeardWithinTheRecordings(stream, recordings, wordClips, heard.words, 1);
    EXPECT_EQ(scoreStream(stream, heard.words).missed, 0);
    int onTime = 0, sameAsAlone = 0;
    for (std::size_t i = 0; i < heard.words.size(); ++i) {
        const HeardWord &word = heard.words[i];
        const PlacedWord &truth = stream.words[i];
        onTime += std::abs(word.start - truth.start) <= 0.1 && std::abs(word.end - truth.end) <= 0.1;
        // Never before the end the stream lets one hear, and soon after it (the end found may move by a few frames
        // as the noise around it changes the floor).
        EXPECT_GE(word.decidedAt, word.end + settings.endSilenceSeconds - 1e-9) << "word " << i;
        EXPECT_LE(word.decidedAt, word.end + settings.endSilenceSeconds + 0.1) << "word " << i;
        // The clean recording's last 35 dB (a weak "v", the burst after the closure of "six" or "eight") may lie
        // under the room noise, or after a closure longer than the end silence: up to a quarter second.
        EXPECT_GT(word.decidedAt, truth.end - 0.25) << "word " << i << " decided while it was being said";
        sameAsAlone += word.digit == answerOf(readyModel().classProbabilities(recordings[i])).digit;
    }
    const int words = static_cast<int>(heard.words.size());
    EXPECT_GE(onTime, words - 2) << "start and end within 100 ms of the word's";
    EXPECT_GE(sameAsAlone, words - 1) << "the stream heard as the recordings alone";
    EXPECT_EQ(heard.hops, static_cast<std::int64_t>(std::floor(heard.streamSeconds * 1000.0 / c.hopMs)));
}

INSTANTIATE_TEST_SUITE_P(Speakers, HeardStream,
                         testing::Values(StreamCase{"lucas", 11, 50}, StreamCase{"yweweler", 12, 50},
                                         StreamCase{"george", 13, 20}, StreamCase{"theo", 14, 100}));

TEST(HeardStream, RoomNoiseAloneGivesNoWord)
{
    const ListenSettings settings;
    for (std::uint64_t seed : {1, 2}) {
        // As loud as the noise of a stream at 20 dB SNR, then 20 dB louder: noise is no word however loud.
        const double power = makeWordStream({recording(5, "lucas", 1)}, {5}, kRate, 20.0, seed).noisePower;
        for (double scale : {1.0, 100.0}) {
            const ListenRunResult heard =
                listenToRecording(roomNoise(30.0, kRate, power * scale, seed), kRate, settings, askReadyModel(), false);
            EXPECT_TRUE(heard.words.empty()) << heard.words.size() << " words in half a minute of noise, first at "
                                             << (heard.words.empty() ? 0.0 : heard.words.front().start) << " s";
        }
    }
    const ListenRunResult silent =
        listenToRecording(std::vector<float>(10 * kRate, 0.0f), kRate, settings, askReadyModel(), false);
    EXPECT_TRUE(silent.words.empty());
    EXPECT_EQ(silent.modelCalls, 0) << "digital silence is not worth asking about";
}

TEST(ListenPipeline, AChangedHopAppliesFromTheNextHop)
{
    int glances = 0;
    const DigitModel glance = [&glances](const std::vector<float> &) {
        ++glances;
        return std::array<double, 10>{};
    };
    const DigitModel noWord = [](const std::vector<float> &) -> std::array<double, 10> {
        ADD_FAILURE() << "noise judged as a word";
        return {};
    };
    ListenPipeline pipeline(ListenSettings{}, {noWord, glance}, kRate);
    const std::vector<float> noise = roomNoise(1.0, kRate, 1e-4, 3);
    EXPECT_EQ(pipeline.feed(noise.data(), noise.size()).hops.size(), 20u);
    ListenSettings slower;
    slower.hopMs = 200;
    pipeline.setSettings(slower);
    const ListenUpdate update = pipeline.feed(noise.data(), noise.size());
    ASSERT_EQ(update.hops.size(), 5u);
    EXPECT_DOUBLE_EQ(update.hops.front().time, 1.05);  // the hop already due, then every 200 ms
    EXPECT_EQ(update.samples.size(), noise.size());
    EXPECT_EQ(update.firstSample, kRate);
    EXPECT_EQ(update.logMel.size(), 100u);
    EXPECT_EQ(glances, 25) << "the strip chart's model once per hop";
}

TEST(ListenPipeline, ADrainTakesWhatTheRingHeldWhenItBegan)
{
    // A producer faster than listening keeps the ring full; one drain must still end, with what it found there.
    SampleRing ring(static_cast<std::size_t>(kRate));
    const DigitModel silent = [](const std::vector<float> &) { return std::array<double, 10>{}; };
    ListenPipeline pipeline(ListenSettings{}, {silent, silent}, kRate);
    const std::vector<float> noise = roomNoise(60.0, kRate, 1e-4, 5);
    std::atomic<bool> stop{false};
    std::thread producer([&] {
        for (std::size_t sent = 0; sent < noise.size() && !stop;)
            sent += ring.push(noise.data() + sent, std::min<std::size_t>(80, noise.size() - sent));
    });
    while (ring.available() < ring.capacity())
        std::this_thread::yield();
    const ListenUpdate update = pipeline.drain(ring);
    stop = true;
    producer.join();
    EXPECT_EQ(update.samples.size(), ring.capacity());
    EXPECT_TRUE(std::equal(update.samples.begin(), update.samples.end(), noise.begin()));
}

}  // namespace
}  // namespace convscope
