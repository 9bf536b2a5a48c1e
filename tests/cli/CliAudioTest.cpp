#include "TestPaths.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

using convscope::test::runCli;
using convscope::test::runProgram;
using convscope::test::sharedDir;
using convscope::test::testDataFile;

namespace {

QString recordings() { return sharedDir() + "/fsdd/recordings"; }

QJsonObject parseObject(const QByteArray &out)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(out, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << out.toStdString();
    return document.object();
}

}  // namespace

TEST(CliDataset, CountsFsddPerDigitSpeakerAndSplit)
{
    const auto result = runCli({"dataset", recordings()});
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const QJsonObject json = parseObject(result.out);
    EXPECT_EQ(json["recordings"].toInt(), 3000);
    EXPECT_EQ(json["digits"].toObject()["7"].toInt(), 300);
    EXPECT_EQ(json["speakers"].toObject()["jackson"].toInt(), 500);
    EXPECT_EQ(json["speakers"].toObject().size(), 6);
    const QJsonObject split = json["split"].toObject();
    EXPECT_EQ(split["kind"].toString().toStdString(), "random");
    EXPECT_EQ(split["seed"].toString().toStdString(), "12345");
    EXPECT_EQ(split["train"].toObject()["count"].toInt(), 2000);
    EXPECT_EQ(split["test"].toObject()["count"].toInt(), 1000);
    EXPECT_TRUE(json["skipped"].toArray().isEmpty());

    const auto official = runCli({"dataset", recordings(), "--split", "official"});
    ASSERT_EQ(official.exitCode, 0);
    const QJsonObject test = parseObject(official.out)["split"].toObject()["test"].toObject();
    EXPECT_EQ(test["count"].toInt(), 300);
    EXPECT_EQ(test["digits"].toObject()["0"].toInt(), 30);

    const auto speaker = runCli({"dataset", "--data", recordings(), "--split", "speaker=lucas", "--seed", "3"});
    ASSERT_EQ(speaker.exitCode, 0);
    const QJsonObject held = parseObject(speaker.out)["split"].toObject();
    EXPECT_EQ(held["test"].toObject()["speakers"].toObject().keys(), QStringList{"lucas"});
    EXPECT_FALSE(held["train"].toObject()["speakers"].toObject().contains("lucas"));
    EXPECT_EQ(held["train"].toObject()["count"].toInt(), 2500);
}

TEST(CliDataset, ReportsSkippedFilesAndBadInput)
{
    QTemporaryDir dir;
    QFile::copy(recordings() + "/1_jackson_7.wav", dir.filePath("1_jackson_7.wav"));
    QFile text(dir.filePath("2_jackson_0.wav"));
    ASSERT_TRUE(text.open(QIODevice::WriteOnly));
    text.write("hello\n");
    text.close();
    QFile::copy(recordings() + "/1_jackson_7.wav", dir.filePath("one_jackson_7.wav"));
    const auto result = runCli({"dataset", dir.path()});
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const QJsonObject json = parseObject(result.out);
    EXPECT_EQ(json["recordings"].toInt(), 1);
    const QJsonArray skipped = json["skipped"].toArray();
    ASSERT_EQ(skipped.size(), 2);
    EXPECT_EQ(skipped[0].toObject()["file"].toString().toStdString(), "2_jackson_0.wav");
    EXPECT_NE(skipped[0].toObject()["reason"].toString().indexOf("Format not recognised"), -1);
    EXPECT_EQ(skipped[1].toObject()["file"].toString().toStdString(), "one_jackson_7.wav");

    const auto missing = runCli({"dataset", "/nonexistent/fsdd"});
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_NE(missing.err.indexOf("/nonexistent/fsdd"), -1);
    EXPECT_EQ(runCli({"dataset", recordings(), "--split", "thirds"}).exitCode, 2);
    const auto nobody = runCli({"dataset", recordings(), "--split", "speaker=nobody"});
    EXPECT_EQ(nobody.exitCode, 2);
    EXPECT_NE(nobody.err.indexOf("george, jackson"), -1);
}

TEST(CliMfcc, PrintsTheGoldenCsv)
{
    const auto result = runCli({"mfcc", recordings() + "/9_theo_16.wav"});
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    QFile golden(convscope::test::goldenFile("mfcc/9_theo_16.csv"));
    ASSERT_TRUE(golden.open(QIODevice::ReadOnly));
    const QList<QByteArray> expected = golden.readAll().trimmed().split('\n');
    const QList<QByteArray> actual = result.out.trimmed().split('\n');
    ASSERT_EQ(actual.size(), 74);
    ASSERT_EQ(expected.size(), 74);
    for (int r = 0; r < 74; ++r) {
        const QList<QByteArray> a = actual[r].split(','), e = expected[r].split(',');
        ASSERT_EQ(a.size(), 13);
        for (int c = 0; c < 13; ++c)
            EXPECT_NEAR(a[c].toDouble(), e[c].toDouble(), 1e-3) << r << "," << c;
    }
    const auto shorter = runCli({"mfcc", recordings() + "/9_theo_16.wav", "--size", "1000"});
    EXPECT_EQ(shorter.out.trimmed().split('\n').size(), 11);  // 1 + ceil((1000 - 200) / 80)
    EXPECT_EQ(runCli({"mfcc", "/nonexistent.wav"}).exitCode, 2);
    EXPECT_EQ(runCli({"mfcc", recordings() + "/9_theo_16.wav", "--size", "zero"}).exitCode, 2);
    const auto huge = runCli({"mfcc", recordings() + "/9_theo_16.wav", "--size", "2000000000"});
    EXPECT_EQ(huge.exitCode, 2);
    EXPECT_TRUE(huge.err.contains("--size: \"2000000000\" is not a number of samples from 1 to 4800000")) << huge.err.toStdString();
}

TEST(CliPlay, NoDeviceIsAClearFailureAndTheFilePluginPlays)
{
    QTemporaryDir home;
    const QByteArray oldHome = qgetenv("HOME");
    qputenv("HOME", home.path().toLocal8Bit());
    const auto none = runCli({"play", recordings() + "/0_george_0.wav"});
    if (none.exitCode == 0)
        GTEST_SKIP() << "this machine has an audio device";
    EXPECT_EQ(none.exitCode, 1);
    EXPECT_EQ(none.err.trimmed().toStdString(), "No audio device found; playback and recording are disabled.");

    QFile rc(home.filePath(".asoundrc"));
    ASSERT_TRUE(rc.open(QIODevice::WriteOnly));
    rc.write("pcm.!default {\n type file\n slave.pcm \"null\"\n file \"" + home.filePath("played.raw").toUtf8()
             + "\"\n format \"raw\"\n}\n");
    rc.close();
    const auto played = runCli({"play", recordings() + "/0_george_0.wav"});
    qputenv("HOME", oldHome);
    ASSERT_EQ(played.exitCode, 0) << played.err.toStdString();
    EXPECT_EQ(parseObject(played.out)["played_frames"].toInt(), 2384);
    EXPECT_GE(QFileInfo(home.filePath("played.raw")).size(), 2384 * 4);
}

TEST(CliBench, UnknownOrUntrainableModelsAreInvalidInput)
{
    for (const char *models : {"nosuch", "plain,3.3c", ","}) {
        const auto result = runCli({"bench", "--data", recordings(), "--reference", "/dev/null", "--models", models});
        EXPECT_EQ(result.exitCode, 2) << models;
        EXPECT_TRUE(result.err.contains("is not a trainable preset")) << result.err.toStdString();
    }
    const auto noRounds = runCli({"bench", "--data", recordings(), "--reference", "/dev/null", "--rounds", "0"});
    EXPECT_EQ(noRounds.exitCode, 2);
    EXPECT_TRUE(noRounds.err.contains("--rounds")) << noRounds.err.toStdString();
}

TEST(CliBench, NetworkReferenceTrainsTheNetworkThatCodePrints)
{
    // bench's Python side for voice: the script it carries trains `convscope-cli code`'s network, batch by batch.
    const auto code = runCli({"code", "preset:voice"});
    ASSERT_EQ(code.exitCode, 0) << code.err.toStdString();
    QTemporaryDir folder;
    QFile network(folder.filePath("network.py"));
    ASSERT_TRUE(network.open(QIODevice::WriteOnly));
    network.write(code.out);
    network.close();
    const auto run = runProgram("/usr/bin/python3",
                                {testDataFile("../resources/bench/network_reference.py"), "--network",
                                 network.fileName(), "--model", "voice", "--input", "13,74", "--examples", "130",
                                 "--epochs", "2", "--batch", "64", "--lr", "0.05", "--momentum", "0.9", "--threads",
                                 "1"});
    if (run.exitCode != 0 && run.err.contains("No module named 'torch'"))
        GTEST_SKIP() << "python3-torch is not installed";
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const QJsonObject line = parseObject(run.out);
    EXPECT_EQ(line["model"].toString(), "voice");
    EXPECT_EQ(line["steps"].toInt(), 2 * 3);  // 130 examples in batches of 64: 64, 64 and 2, twice
    const auto inspect = runCli({"inspect", "preset:voice"});
    EXPECT_EQ(line["params"].toInt(), parseObject(inspect.out)["total_params"].toInt());
    EXPECT_GT(line["examples_per_sec"].toDouble(), 0.0);
}

TEST(CliBench, ReportsSpeedsFlopsGemmAndScalingAtOneThreadAndAllCores)
{
    // Two rounds of both sides at both thread counts take minutes under ASan: a ten-minute limit.
    const auto result = runCli({"bench", "--data", recordings(), "--reference",
                                sharedDir() + "/reference/notebook_reference.py", "--models", "plain", "--epochs", "1",
                                "--rounds", "2"},
                               600000);
    if (result.exitCode == 1 && result.err.contains("The Python reference failed"))
        GTEST_SKIP() << result.err.toStdString();
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const QJsonObject json = parseObject(result.out);
    EXPECT_EQ(json["rounds"].toInt(), 2);
    EXPECT_GT(json["load_seconds"].toDouble(), 0.0);
    EXPECT_GT(json["python_load_seconds"].toDouble(), 0.0);
    EXPECT_NEAR(json["load_ratio"].toDouble(), json["load_seconds"].toDouble() / json["python_load_seconds"].toDouble(),
                1e-9);

    const QJsonObject gemm = json["gemm"].toObject();
    for (const char *mode : {"one_thread", "all_cores"}) {
        SCOPED_TRACE(mode);
        const QJsonObject speed = gemm[mode].toObject();
        EXPECT_GT(speed["sgemm_gflops_per_second"].toDouble(), 0.5);
        EXPECT_GT(speed["torch_mm_gflops_per_second"].toDouble(), 0.5);
        const QJsonObject plain = json[mode].toObject()["plain"].toObject();
        EXPECT_EQ(plain["flop_per_example"].toDouble(), 3.0 * 2.0 * 4982448);  // the plain net's 4,982,448 MACs
        const QJsonObject ours = plain["convscope"].toObject();
        EXPECT_EQ(ours["threads"].toInt(), speed["threads"].toInt());
        const double examples = ours["examples_per_second"].toDouble();
        EXPECT_GT(examples, 0.0);
        EXPECT_NEAR(ours["gflops_per_second"].toDouble(), examples * 3.0 * 2.0 * 4982448 / 1e9, 1e-9);
        EXPECT_NEAR(ours["gemm_fraction"].toDouble(),
                    ours["gflops_per_second"].toDouble() / speed["sgemm_gflops_per_second"].toDouble(), 1e-12);
        EXPECT_GT(plain["python"].toObject()["examples_per_sec"].toDouble(), 0.0);
        EXPECT_EQ(plain["python"].toObject()["threads"].toInt(), speed["threads"].toInt());
        EXPECT_GT(plain["speedup"].toDouble(), 0.0);
    }
    EXPECT_EQ(gemm["one_thread"].toObject()["threads"].toInt(), 1);
    EXPECT_GE(gemm["all_cores"].toObject()["threads"].toInt(), 1);
    const auto speedAt = [&](const char *mode) {
        return json[mode].toObject()["plain"].toObject()["convscope"].toObject()["examples_per_second"].toDouble();
    };
    EXPECT_NEAR(json["scaling"].toObject()["plain"].toDouble(), speedAt("all_cores") / speedAt("one_thread"), 1e-12);
}
