// convscope-cli adapt: the ready model fine-tuned on two takes of each digit of one FSDD voice becomes a personal
// model that every command reads like any checkpoint, and its figures are evaluate's.
#include "SmallFeatureCache.h"
#include "TestPaths.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace convscope;
using test::runCli;

namespace {

/// Links (copies) the takes of `speaker` numbered `first` to `last` of every digit into `folder`.
void copyTakes(const QString &speaker, int first, int last, const QString &folder)
{
    QDir().mkpath(folder);
    for (int digit = 0; digit < 10; ++digit)
        for (int take = first; take <= last; ++take) {
            const QString name = QString("%1_%2_%3.wav").arg(digit).arg(speaker).arg(take);
            ASSERT_TRUE(QFile::copy(test::fsddFolder() + "/" + name, folder + "/" + name)) << name.toStdString();
        }
}

QJsonObject lastLine(const QString &out)
{
    return QJsonDocument::fromJson(out.trimmed().split('\n').last().toUtf8()).object();
}

}  // namespace

TEST(CliAdapt, APersonalModelIsACheckpointAndItsFiguresAreEvaluates)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    copyTakes("nicolas", 0, 1, dir.filePath("learn"));
    copyTakes("nicolas", 2, 4, dir.filePath("other"));
    const QString personal = dir.filePath("nicolas.cspt");
    const auto adapted = runCli({"adapt", "--model", "builtin:voice", "--data", dir.filePath("learn"), "--test",
                                 dir.filePath("other"), "--save", personal, "--epochs", "20", "--threads", "1"});
    ASSERT_EQ(adapted.exitCode, 0) << adapted.err.toStdString();
    const QJsonObject line = lastLine(adapted.out);
    EXPECT_EQ(line["count"].toInt(), 20);
    EXPECT_GT(line["seconds"].toDouble(), 0.0);
    for (const char *key : {"accuracy_before", "accuracy_after", "test_accuracy_before", "test_accuracy_after"}) {
        const double value = line[key].toDouble(-1.0);
        EXPECT_TRUE(value >= 0.0 && value <= 1.0) << key;
    }
    EXPECT_GE(line["accuracy_after"].toDouble(), line["accuracy_before"].toDouble());

    // The saved model is a checkpoint like any other: evaluate gives the same figures, predict reads it.
    const auto before = runCli({"evaluate", "--model", "builtin:voice", "--data", dir.filePath("other")});
    const auto after = runCli({"evaluate", "--model", personal, "--data", dir.filePath("other")});
    ASSERT_EQ(after.exitCode, 0) << after.err.toStdString();
    EXPECT_DOUBLE_EQ(lastLine(before.out)["accuracy"].toDouble(), line["test_accuracy_before"].toDouble());
    EXPECT_DOUBLE_EQ(lastLine(after.out)["accuracy"].toDouble(), line["test_accuracy_after"].toDouble());
    const auto predicted = runCli({"predict", "--model", personal, dir.filePath("other") + "/3_nicolas_2.wav"});
    ASSERT_EQ(predicted.exitCode, 0) << predicted.err.toStdString();
    EXPECT_TRUE(lastLine(predicted.out).contains("confidence"));
}

TEST(CliAdapt, MissingTakesOrModelAreNamed)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    auto result = runCli({"adapt", "--model", "builtin:voice", "--save", dir.filePath("x.cspt")});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains("--data DIR --save FILE")) << result.err.toStdString();
    copyTakes("theo", 0, 0, dir.filePath("learn"));
    result = runCli({"adapt", "--model", dir.filePath("none.cspt"), "--data", dir.filePath("learn"), "--save",
                     dir.filePath("x.cspt"), "--epochs", "1"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains("none.cspt")) << result.err.toStdString();
    EXPECT_FALSE(QFile::exists(dir.filePath("x.cspt")));
}
