#include "data/DatasetScanner.h"
#include "data/FileNameParser.h"
#include "data/Preprocessing.h"
#include "data/Split.h"
#include "TestPaths.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtEndian>

#include <sndfile.h>

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <set>

using namespace convscope;

namespace {

QString recordings() { return test::sharedDir() + "/fsdd/recordings"; }

void writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

QByteArray fsddBytes(const QString &name)
{
    QFile file(recordings() + "/" + name);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    return file.readAll();
}

void writeSine(const QString &path, int frames)
{
    SF_INFO info{};
    info.samplerate = 8000;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE *file = sf_open(path.toLocal8Bit().constData(), SFM_WRITE, &info);
    ASSERT_NE(file, nullptr) << sf_strerror(nullptr);
    std::vector<float> samples(static_cast<std::size_t>(frames));
    for (int i = 0; i < frames; ++i)
        samples[static_cast<std::size_t>(i)] = 0.3f * static_cast<float>(std::sin(i * 0.1));
    sf_writef_float(file, samples.data(), frames);
    sf_close(file);
}

std::map<QString, QString> skippedByFile(const Dataset &dataset)
{
    std::map<QString, QString> map;
    for (const SkippedFile &s : dataset.skipped)
        map[s.file] = s.reason;
    return map;
}

}  // namespace

TEST(FileNameParser, ParsesFsddNamesAndRejectsEverythingElse)
{
    const auto name = FileNameParser::parse("7_jackson_32.wav");
    ASSERT_TRUE(name);
    EXPECT_EQ(name->digit, 7);
    EXPECT_EQ(name->speaker.toStdString(), "jackson");
    EXPECT_EQ(name->take, 32);
    EXPECT_TRUE(FileNameParser::parse("0_george_0.WAV"));
    for (const char *bad : {"10_jackson_1.wav", "a_jackson_1.wav", "7_jackson.wav", "7__1.wav", "7_jack son_1.wav",
                            "7_jackson_1_2.wav", "7_jackson_x.wav", "7_jackson_1.flac", "7_jackson_12345.wav"}) {
        QString reason;
        EXPECT_FALSE(FileNameParser::parse(bad, &reason)) << bad;
        EXPECT_TRUE(reason.startsWith("name does not match {digit}_{speaker}_{take}.wav")) << reason.toStdString();
    }
}

TEST(DatasetScanner, ReadsAllOfFsdd)
{
    int calls = 0, lastDone = 0, lastTotal = 0;
    const DatasetLoadResult result = DatasetScanner::load(recordings(), [&](int done, int total) {
        ++calls;
        lastDone = done;
        lastTotal = total;
    });
    ASSERT_EQ(result.status, LoadStatus::Ok) << result.error.toStdString();
    EXPECT_EQ(result.dataset.size(), 3000);
    EXPECT_TRUE(result.dataset.skipped.empty()) << result.dataset.skipped.front().reason.toStdString();
    EXPECT_EQ(calls, 3000);
    EXPECT_EQ(lastDone, 3000);
    EXPECT_EQ(lastTotal, 3000);
    EXPECT_EQ(result.dataset.speakers(), (QStringList{"george", "jackson", "lucas", "nicolas", "theo", "yweweler"}));
    // Sorted like Python's sorted(os.listdir()): "0_george_0", "0_george_1", "0_george_10", ...
    EXPECT_EQ(result.dataset.items[0].fileName.toStdString(), "0_george_0.wav");
    EXPECT_EQ(result.dataset.items[2].fileName.toStdString(), "0_george_10.wav");
    const DatasetItem &item = result.dataset.items[static_cast<std::size_t>(result.dataset.indexOf("7_jackson_32.wav"))];
    EXPECT_EQ(item.name.digit, 7);
    EXPECT_GT(item.samples.size(), 1000u);
}

TEST(DatasetScanner, BrokenFilesAreSkippedWithTheirReason)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString d = dir.path() + "/";
    const QByteArray good = fsddBytes("0_george_0.wav");
    writeBytes(d + "1_good_0.wav", good);
    writeSine(d + "2_good_1.wav", 4000);
    writeBytes(d + "3_trunc_0.wav", good.left(3000));  // header claims 4768 data bytes
    writeBytes(d + "3_empty_0.wav", {});
    writeBytes(d + "3_text_0.wav", "this is not audio\n");
    writeBytes(d + "3_zero_0.wav", good.left(44));  // a header and no frames
    QByteArray huge = good;                          // claims 2 GB of samples
    const int data = huge.indexOf("data");
    qToLittleEndian<quint32>(0x7ffffff0u, huge.data() + data + 4);
    qToLittleEndian<quint32>(0x7ffffff8u, huge.data() + 4);
    writeBytes(d + "3_huge_0.wav", huge);
    std::mt19937 random(7);
    QByteArray noise(5000, 0);
    for (char &c : noise)
        c = static_cast<char>(random() & 0xff);
    writeBytes(d + "3_noise_0.wav", noise);
    writeBytes(d + "george_0_0.wav", good);
    writeBytes(d + "12_george_0.wav", good);
    writeBytes(d + "README.md", "not a recording");
    writeBytes(d + "0_george_0.flac", "ignored: not .wav");
    ASSERT_TRUE(QDir(d).mkdir("4_folder_0.wav"));

    const DatasetLoadResult result = DatasetScanner::load(dir.path());
    ASSERT_EQ(result.status, LoadStatus::Ok);
    ASSERT_EQ(result.dataset.size(), 2);
    EXPECT_EQ(result.dataset.items[0].fileName.toStdString(), "1_good_0.wav");
    EXPECT_EQ(result.dataset.items[1].samples.size(), 4000u);
    const auto skipped = skippedByFile(result.dataset);
    ASSERT_EQ(skipped.size(), 8u);
    auto reason = [&](const char *file) { return skipped.at(file).toStdString(); };
    EXPECT_NE(reason("3_trunc_0.wav").find("header claims more audio data"), std::string::npos);
    EXPECT_NE(reason("3_huge_0.wav").find("header claims more audio data"), std::string::npos);
    EXPECT_NE(reason("3_empty_0.wav").find("empty"), std::string::npos);
    EXPECT_NE(reason("3_text_0.wav").find("Format not recognised"), std::string::npos);
    EXPECT_NE(reason("3_noise_0.wav").find("Format not recognised"), std::string::npos);
    EXPECT_NE(reason("3_zero_0.wav").find("no audio frames"), std::string::npos);
    EXPECT_NE(reason("george_0_0.wav").find("is not a single digit"), std::string::npos);
    EXPECT_NE(reason("12_george_0.wav").find("is not a single digit"), std::string::npos);
}

TEST(DatasetScanner, MissingFolderAndCancel)
{
    const DatasetLoadResult missing = DatasetScanner::load("/nonexistent/fsdd");
    EXPECT_EQ(missing.status, LoadStatus::FolderUnreadable);
    EXPECT_NE(missing.error.indexOf("/nonexistent/fsdd"), -1);

    std::atomic<bool> cancel{false};
    const DatasetLoadResult cancelled = DatasetScanner::load(recordings(), [&](int done, int) {
        if (done == 10)
            cancel = true;
    }, &cancel);
    EXPECT_EQ(cancelled.status, LoadStatus::Cancelled);
    EXPECT_EQ(cancelled.dataset.size(), 10);
}

TEST(Preprocessing, PadTruncateAndNormalise)
{
    const std::vector<float> wave{1 / 32768.0f, 3 / 32768.0f};
    EXPECT_EQ(Preprocessing::padOrTruncate(wave, 4), (std::vector<float>{1 / 32768.0f, 3 / 32768.0f, 0, 0}));
    EXPECT_EQ(Preprocessing::padOrTruncate(wave, 1), (std::vector<float>{1 / 32768.0f}));

    // numpy: w = [1, 3, 0, 0]; (w - 1) / (std + 1e-9), std = sqrt(1.5)
    const std::vector<float> z = Preprocessing::apply(wave, {4, Normalisation::ZScore});
    const double s = std::sqrt(1.5) + 1e-9;
    EXPECT_NEAR(z[0], 0.0, 1e-6);
    EXPECT_NEAR(z[1], 2.0 / s, 1e-6);
    EXPECT_NEAR(z[2], -1.0 / s, 1e-6);

    const std::vector<float> m = Preprocessing::apply({-0.5f, 0.5f, 0.0f}, {3, Normalisation::MinMax});
    EXPECT_EQ(m, (std::vector<float>{0.0f, 1.0f, 0.5f}));
    const std::vector<float> div = Preprocessing::apply({16384 / 32768.0f}, {1, Normalisation::Divide32768});
    EXPECT_EQ(div, (std::vector<float>{0.5f}));
    EXPECT_EQ(Preprocessing::apply({0.2f, 0.2f}, {2, Normalisation::MinMax}), (std::vector<float>{0.0f, 0.0f}));
    EXPECT_EQ(Preprocessing::parseNormalisation("MinMax"), Normalisation::MinMax);
    EXPECT_FALSE(Preprocessing::parseNormalisation("none"));
}

TEST(Split, RandomMatchesPythonRandomSplit)
{
    // Python: torch.manual_seed(12345); random_split(range(3000), [2000, 1000])
    const std::vector<RecordingName> names(3000, RecordingName{1, "a", 1});
    const DatasetSplit split = makeSplit(names, {});
    ASSERT_TRUE(split.ok());
    ASSERT_EQ(split.train.size(), 2000u);
    ASSERT_EQ(split.test.size(), 1000u);
    EXPECT_EQ(std::vector<std::int64_t>(split.train.begin(), split.train.begin() + 8),
              (std::vector<std::int64_t>{690, 202, 173, 501, 2924, 2822, 2392, 738}));
    EXPECT_EQ(std::vector<std::int64_t>(split.test.begin(), split.test.begin() + 8),
              (std::vector<std::int64_t>{2205, 1334, 2832, 2480, 75, 1820, 2833, 1837}));
    EXPECT_EQ(std::accumulate(split.train.begin(), split.train.end(), std::int64_t{0}), 2983363);
    // torch.manual_seed(7); torch.randperm(10) = [5, 0, 3, 4, 1, 7, 9, 6, 8, 2] -> random_split [6, 4]
    const DatasetSplit small = makeSplit(std::vector<RecordingName>(10), {SplitKind::Random, 7, {}});
    EXPECT_EQ(small.train, (std::vector<std::int64_t>{5, 0, 3, 4, 1, 7}));
    EXPECT_EQ(small.test, (std::vector<std::int64_t>{9, 6, 8, 2}));
    // Reproducible, and another seed gives another split.
    EXPECT_EQ(makeSplit(names, {}).train, split.train);
    EXPECT_NE(makeSplit(names, {SplitKind::Random, 1, {}}).train, split.train);
}

TEST(Split, OfficialAndSpeakerSplitsOnFsdd)
{
    const DatasetLoadResult loaded = DatasetScanner::load(recordings());
    ASSERT_EQ(loaded.dataset.size(), 3000);
    const std::vector<RecordingName> names = loaded.dataset.recordings();

    const DatasetSplit official = makeSplit(names, *SplitSpec::parse("official"));
    EXPECT_EQ(official.test.size(), 300u);  // 6 speakers × 10 digits × takes 0-4
    EXPECT_EQ(official.train.size(), 2700u);
    for (std::int64_t i : official.test)
        EXPECT_LE(names[static_cast<std::size_t>(i)].take, 4);
    for (std::int64_t i : official.train)
        EXPECT_GE(names[static_cast<std::size_t>(i)].take, 5);

    const DatasetSplit speaker = makeSplit(names, *SplitSpec::parse("speaker=theo"));
    EXPECT_EQ(speaker.test.size(), 500u);
    EXPECT_EQ(speaker.train.size(), 2500u);
    for (std::int64_t i : speaker.train)
        EXPECT_NE(names[static_cast<std::size_t>(i)].speaker.toStdString(), "theo");
    for (std::int64_t i : speaker.test)
        EXPECT_EQ(names[static_cast<std::size_t>(i)].speaker.toStdString(), "theo");

    for (const DatasetSplit &s : {official, speaker, makeSplit(names, {})}) {
        std::set<std::int64_t> all(s.train.begin(), s.train.end());
        all.insert(s.test.begin(), s.test.end());
        EXPECT_EQ(all.size(), 3000u);  // disjoint and complete
    }

    const DatasetSplit nobody = makeSplit(names, *SplitSpec::parse("speaker=nobody"));
    EXPECT_FALSE(nobody.ok());
    EXPECT_NE(nobody.error.indexOf("george, jackson, lucas, nicolas, theo, yweweler"), -1);
    QString error;
    EXPECT_FALSE(SplitSpec::parse("halves", 1, &error));
    EXPECT_NE(error.indexOf("speaker=NAME"), -1);
    EXPECT_EQ(SplitSpec::parse("speaker=lucas")->toString().toStdString(), "speaker=lucas");
}

TEST(Split, TrainOnlyRecordingsTrainInEverySplitAndChangeNoTestSet)
{
    // Ten FSDD-like recordings of two speakers, and training voices interleaved with them (as a merged folder
    // could sort): the testable rows split exactly as they do alone, and every trainOnly row trains.
    std::vector<RecordingName> names, testable;
    std::vector<std::int64_t> rowOf;  // testable index -> merged row
    for (int i = 0; i < 16; ++i) {
        RecordingName name{i % 10, i < 8 ? "anna" : "bert", i};
        if (i % 3 == 2) {
            name.speaker = "synvoice";
            name.trainOnly = true;
        } else {
            testable.push_back(name);
            rowOf.push_back(i);
        }
        names.push_back(name);
    }
    const auto trainOnlyRows = std::vector<std::int64_t>{2, 5, 8, 11, 14};
    for (const char *text : {"random", "official", "speaker=anna", "none"}) {
        const SplitSpec spec = *SplitSpec::parse(text, 7);
        const DatasetSplit alone = makeSplit(testable, spec), merged = makeSplit(names, spec);
        ASSERT_TRUE(merged.ok()) << text;
        std::vector<std::int64_t> expectedTest, expectedTrain;
        for (const std::int64_t i : alone.test)
            expectedTest.push_back(rowOf[static_cast<std::size_t>(i)]);
        for (const std::int64_t i : alone.train)
            expectedTrain.push_back(rowOf[static_cast<std::size_t>(i)]);
        expectedTrain.insert(expectedTrain.end(), trainOnlyRows.begin(), trainOnlyRows.end());
        EXPECT_EQ(merged.test, expectedTest) << text;
        EXPECT_EQ(merged.train, expectedTrain) << text;
    }
    EXPECT_EQ(testableSpeakers(names), (QStringList{"anna", "bert"}));
    const DatasetSplit synthetic = makeSplit(names, *SplitSpec::parse("speaker=synvoice"));
    EXPECT_FALSE(synthetic.ok());  // a training voice is nobody to leave out
    EXPECT_NE(synthetic.error.indexOf("choose one of: anna, bert."), -1) << synthetic.error.toStdString();
}
