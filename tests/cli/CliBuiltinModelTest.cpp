// The shipped ready model (resources/models/voice.cspt, made by tools/make-voice-model): it loads by name and by
// resource path, reaches 0.97 on all of FSDD through convscope-cli evaluate, predicts single files, and an unknown
// built-in name is refused with the known ones.
#include "SmallFeatureCache.h"
#include "TestPaths.h"
#include "train/BuiltinModels.h"
#include "train/TrainedModel.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace convscope;
using test::runCli;

namespace {

QString recording(const QString &name) { return test::fsddFolder() + "/" + name; }

}  // namespace

TEST(BuiltinModel, LoadsByNameAndByResourcePathAsTheVoicePreset)
{
    for (const QString &model : {QString(BuiltinModels::kVoice), BuiltinModels::find(BuiltinModels::kVoice)->resource}) {
        QString error;
        const auto loaded = TrainedModel::load(model, &error, TrainedModel::Threads::Leave);
        ASSERT_TRUE(loaded) << error.toStdString();
        EXPECT_TRUE(loaded->config().centreWord);  // the voice recipe: the word centred, as the model was trained
        EXPECT_EQ(loaded->config().input, InputKind::Mfcc);
        EXPECT_EQ(loaded->config().split.kind, SplitKind::None);  // trained on every clip
        EXPECT_TRUE(loaded->config().testAtSpeeds);  // judges each recording at the seven training speeds
    }
}

TEST(BuiltinModel, AnUnknownNameListsTheKnownOnes)
{
    QString error;
    EXPECT_FALSE(TrainedModel::load("builtin:nope", &error));
    EXPECT_TRUE(error.contains("builtin:nope")) << error.toStdString();
    EXPECT_TRUE(error.contains("builtin:voice")) << error.toStdString();

    const auto result = runCli({"predict", "--model", "builtin:nope", recording("7_jackson_32.wav")});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains("builtin:nope: there is no built-in model of that name; the built-in models are "
                                    "builtin:voice."))
        << result.err.toStdString();
}

TEST(BuiltinModel, EveryCommandThatLoadsAModelSaysWhyItCannot)
{
    QTemporaryDir data;
    ASSERT_TRUE(data.isValid());
    ASSERT_TRUE(QFile::copy(recording("7_jackson_32.wav"), data.filePath("7_jackson_32.wav")));
    const QList<QStringList> commands{{"embed", "--model", "builtin:nope", "--data", data.path()},
                                      {"listen", "--model", "builtin:nope", recording("7_jackson_32.wav")},
                                      {"bench-listen", "--model", "builtin:nope", "--data", data.path()},
                                      {"code", "--weights", "builtin:nope"},
                                      {"evaluate", "--model", "builtin:nope", "--data", data.path()}};
    for (const QStringList &command : commands) {
        const auto result = runCli(command);
        EXPECT_EQ(result.exitCode, 2) << command.join(' ').toStdString();
        EXPECT_TRUE(result.err.contains("builtin:nope: there is no built-in model of that name"))
            << command.join(' ').toStdString() << ": " << result.err.toStdString();
    }
}

TEST(BuiltinModel, HelpNamesIt)
{
    for (const QString command : {"predict", "evaluate"}) {
        const auto result = runCli({command, "--help"});
        EXPECT_EQ(result.exitCode, 0);
        EXPECT_TRUE(result.out.contains("builtin:voice")) << command.toStdString() << result.out.toStdString();
    }
}

TEST(BuiltinModel, ReachesNinetySevenPercentOnEveryFsddClip)
{
    const auto result = runCli({"evaluate", "--model", "builtin:voice", "--data", test::fsddFolder()}, 600000);
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const QJsonObject report = QJsonDocument::fromJson(result.out).object();
    EXPECT_EQ(report["count"].toInt(), 3000);
    EXPECT_GE(report["accuracy"].toDouble(), 0.97) << result.out.toStdString();
    for (const auto &speaker : report["per_speaker"].toArray())
        EXPECT_GE(speaker.toObject()["accuracy"].toDouble(), 0.9) << speaker.toObject()["speaker"].toString().toStdString();
}

TEST(BuiltinModel, PredictGivesTenProbabilitiesAndTheRightDigitForMost)
{
    const QStringList names{"7_jackson_32.wav", "3_theo_10.wav", "0_lucas_2.wav", "5_george_41.wav",
                            "9_nicolas_7.wav", "2_yweweler_19.wav"};
    QStringList files;
    for (const QString &name : names)
        files << recording(name);
    const auto result = runCli(QStringList{"predict", "--model", "builtin:voice"} + files);
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const QList<QByteArray> lines = result.out.trimmed().split('\n');
    ASSERT_EQ(lines.size(), files.size()) << result.out.toStdString();
    int right = 0;
    for (int i = 0; i < files.size(); ++i) {
        const QJsonObject line = QJsonDocument::fromJson(lines[i]).object();
        EXPECT_EQ(line["file"].toString(), files[i]);
        const QJsonArray probabilities = line["probabilities"].toArray();
        ASSERT_EQ(probabilities.size(), 10);
        double sum = 0.0;
        for (const auto &p : probabilities)
            sum += p.toDouble();
        EXPECT_NEAR(sum, 1.0, 1e-6);
        right += line["digit"].toInt() == names[i].left(1).toInt();
    }
    EXPECT_GE(right, files.size() - 1);
}
