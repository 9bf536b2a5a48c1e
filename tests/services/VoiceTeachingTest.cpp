// "Teach it your voice" without widgets: the round's prompts, and teaching real FSDD takes of one speaker, whose
// figures must be adaptToVoice's own on the same split; the saved model answers through the training controller,
// and Cancel saves nothing.
#include "SmallFeatureCache.h"
#include "audio/AudioDecoder.h"
#include "data/DatasetScanner.h"
#include "services/DatasetDocument.h"
#include "services/ModelService.h"
#include "services/TrainingController.h"
#include "services/VoiceTeaching.h"
#include "train/BuiltinModels.h"
#include "train/TrainedModel.h"
#include "train/VoiceAdaptation.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace convscope;

class VoiceTeachingTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void promptsAdvanceDigitByDigitThenTakeByTake();
    void fewerTakesPerDigitDropsTheExtraOnes();
    void heldOutFiguresAreAdaptToVoicesOwn();
    void oneTakePerDigitReportsTheLearntTakes();
    void cancelSavesNothingAndKeepsTheModelAnswering();
};

namespace {

const QString kSpeaker = QStringLiteral("nicolas");

/// Small but real fine-tuning: a few epochs on one thread.
AdaptOptions quickOptions()
{
    AdaptOptions options;
    options.epochs = 8;
    options.threads = 1;
    return options;
}

/// The samples of FSDD's `{digit}_nicolas_{take}.wav`.
std::vector<float> fsddTake(int digit, int take)
{
    const DecodeResult decoded =
        AudioDecoder::decodeFile(QString("%1/%2_%3_%4.wav").arg(test::fsddFolder()).arg(digit).arg(kSpeaker).arg(take));
    return decoded.clip ? decoded.clip->samples : std::vector<float>();
}

/// Feeds takes 0..count-1 of every digit in the order the teaching asks for them.
void recordRound(VoiceTeaching &teaching, int count)
{
    teaching.setTakesPerDigit(count);
    while (const auto prompt = teaching.next())
        QVERIFY(teaching.addTake(prompt->digit, fsddTake(prompt->digit, prompt->take)));
}

/// Takes `first`..`end`-1 of every digit, copied into `folder` and loaded as the dataset scanner loads them.
Dataset scannedTakes(int first, int end, const QString &folder)
{
    QDir().mkpath(folder);
    for (int digit = 0; digit < 10; ++digit)
        for (int take = first; take < end; ++take) {
            const QString name = QString("%1_%2_%3.wav").arg(digit).arg(kSpeaker).arg(take);
            QFile::copy(test::fsddFolder() + "/" + name, folder + "/" + name);
        }
    return DatasetScanner::load(folder).dataset;
}

/// Teaches the round and waits for its result; checks that the progress never goes back and ends at 1.
void teachAndWait(VoiceTeaching &teaching, const QString &savePath, TeachingResult *result)
{
    QSignalSpy finished(&teaching, &VoiceTeaching::finished);
    QSignalSpy failed(&teaching, &VoiceTeaching::failed);
    std::vector<double> heard;
    const auto listening = QObject::connect(&teaching, &VoiceTeaching::progress, [&](double f) { heard.push_back(f); });
    QCOMPARE(teaching.teach(BuiltinModels::kVoice, savePath), QString());
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() == 1, 240000);
    QObject::disconnect(listening);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    QVERIFY(!heard.empty());
    QVERIFY(std::is_sorted(heard.begin(), heard.end()));
    QCOMPARE(heard.back(), 1.0);  // the progress arrives before the result
    *result = finished.first().first().value<TeachingResult>();
}

}  // namespace

void VoiceTeachingTest::promptsAdvanceDigitByDigitThenTakeByTake()
{
    VoiceTeaching teaching;
    QCOMPARE(teaching.takesPerDigit(), 2);
    QSignalSpy changed(&teaching, &VoiceTeaching::takesChanged);
    const std::vector<float> take(800, 0.1f);
    for (int round = 0; round < 2; ++round)
        for (int digit = 0; digit < 10; ++digit) {
            QVERIFY(!teaching.complete());
            const auto prompt = teaching.next();
            QVERIFY(prompt);
            QCOMPARE(prompt->digit, digit);
            QCOMPARE(prompt->take, round);
            QVERIFY(teaching.teach().contains("Record every take first"));
            QVERIFY(teaching.addTake(prompt->digit, take));
        }
    QVERIFY(teaching.complete());
    QCOMPARE(changed.count(), 20);
    QCOMPARE(teaching.takes().size(), std::size_t(20));
    QVERIFY(!teaching.addTake(4, take));  // digit 4 has its two takes
    QVERIFY(!teaching.addTake(10, take));
    teaching.removeLast();
    QCOMPARE(teaching.next()->digit, 9);
    QCOMPARE(teaching.next()->take, 1);
    QVERIFY(!teaching.addTake(9, {}));  // an empty take is no take
    QVERIFY(teaching.replaceTake(3, 1, std::vector<float>(400, 0.2f)));
    QCOMPARE(teaching.takeSamples(3, 1)->size(), std::size_t(400));
    QVERIFY(!teaching.replaceTake(9, 1, take));  // not recorded yet
    QVERIFY(!teaching.takeSamples(9, 1));
}

void VoiceTeachingTest::fewerTakesPerDigitDropsTheExtraOnes()
{
    VoiceTeaching teaching;
    teaching.setTakesPerDigit(3);
    for (int digit = 0; digit < 10; ++digit)
        for (int take = 0; take < (digit < 5 ? 3 : 1); ++take)
            QVERIFY(teaching.addTake(digit, std::vector<float>(100, 0.1f)));
    teaching.setTakesPerDigit(1);
    QVERIFY(teaching.complete());
    QCOMPARE(teaching.takes().size(), std::size_t(10));
    teaching.setTakesPerDigit(9);
    QCOMPARE(teaching.takesPerDigit(), VoiceTeaching::kMaxTakesPerDigit);
    QCOMPARE(teaching.next()->digit, 0);
    QCOMPARE(teaching.next()->take, 1);
}

void VoiceTeachingTest::heldOutFiguresAreAdaptToVoicesOwn()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    VoiceTeaching teaching;
    teaching.setOptions(quickOptions());
    recordRound(teaching, 2);
    QVERIFY(!QTest::currentTestFailed());
    const QString personal = dir.filePath("personal/voice.cspt");  // its folder is made
    TeachingResult result;
    teachAndWait(teaching, personal, &result);
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(result.path, personal);
    QVERIFY(QFile::exists(personal));
    QVERIFY(result.heldOut);
    QVERIFY(result.before >= 0.0 && result.before <= 1.0);
    QVERIFY(result.after >= 0.0 && result.after <= 1.0);
    qInfo("On the held-out takes: %.2f before, %.2f after", result.before, result.after);
    QCOMPARE(result.checkedTakes, 10);
    QCOMPARE(result.learntTakes, 20);
    QVERIFY(result.seconds > 0.0);
    QVERIFY(teaching.lastResult());

    // The measuring pass: adaptToVoice on takes 0, checked on takes 1, gives the same figures.
    TrainingControl control;
    const Dataset learn = scannedTakes(0, 1, dir.filePath("learn")), check = scannedTakes(1, 2, dir.filePath("check"));
    const VoiceAdaptation measured =
        adaptToVoice(BuiltinModels::kVoice, learn, check, quickOptions(), dir.filePath("measured.cspt"), control);
    QVERIFY2(measured.ok(), qPrintable(measured.error));
    QCOMPARE(result.before, measured.checkAccuracyBefore);
    QCOMPARE(result.after, measured.checkAccuracyAfter);

    // The saved model is the one fine-tuned on all twenty takes.
    const Dataset all = scannedTakes(0, 2, dir.filePath("all"));
    const VoiceAdaptation direct =
        adaptToVoice(BuiltinModels::kVoice, all, Dataset(), quickOptions(), dir.filePath("all.cspt"), control);
    QVERIFY2(direct.ok(), qPrintable(direct.error));
    QString error;
    const auto saved = TrainedModel::load(personal, &error, TrainedModel::Threads::Leave);
    const auto expected = TrainedModel::load(dir.filePath("all.cspt"), &error, TrainedModel::Threads::Leave);
    QVERIFY2(saved && expected, qPrintable(error));
    QCOMPARE(saved->classProbabilities(check.items[2].samples), expected->classProbabilities(check.items[2].samples));

    // It answers the voice test through the model service, named as the personal model.
    TrainingController training;
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    models.usePersonalModel(result.path);
    QCOMPARE(models.description(), QString("your personal model (voice.cspt)"));
    QSignalSpy answered(&models, &ModelService::probabilities);
    QCOMPARE(models.requestProbabilities(check.items[2].samples), QString());
    QTRY_COMPARE_WITH_TIMEOUT(answered.count(), 1, 30000);

    const QString copy = dir.filePath("copy.cspt");
    QCOMPARE(teaching.copyModelTo(copy), QString());
    QFile a(personal), b(copy);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QCOMPARE(a.readAll(), b.readAll());
}

void VoiceTeachingTest::oneTakePerDigitReportsTheLearntTakes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    VoiceTeaching teaching;
    teaching.setOptions(quickOptions());
    recordRound(teaching, 1);
    QVERIFY(!QTest::currentTestFailed());
    TeachingResult result;
    teachAndWait(teaching, dir.filePath("one.cspt"), &result);
    QVERIFY(!QTest::currentTestFailed());
    QVERIFY(!result.heldOut);
    QVERIFY(result.after >= result.before);
    QCOMPARE(result.checkedTakes, 10);
    QCOMPARE(result.learntTakes, 10);
    TrainingControl control;
    const VoiceAdaptation direct = adaptToVoice(BuiltinModels::kVoice, scannedTakes(0, 1, dir.filePath("learn")),
                                                Dataset(), quickOptions(), dir.filePath("direct.cspt"), control);
    QVERIFY2(direct.ok(), qPrintable(direct.error));
    QCOMPARE(result.before, direct.learnAccuracyBefore);
    QCOMPARE(result.after, direct.learnAccuracyAfter);
}

void VoiceTeachingTest::cancelSavesNothingAndKeepsTheModelAnswering()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TrainingController training;
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    const QString readyModel = models.description();
    VoiceTeaching teaching;
    AdaptOptions options = quickOptions();
    options.epochs = 200;  // far longer than the cancel takes
    teaching.setOptions(options);
    recordRound(teaching, 2);
    QVERIFY(!QTest::currentTestFailed());
    QSignalSpy failed(&teaching, &VoiceTeaching::failed);
    QSignalSpy finished(&teaching, &VoiceTeaching::finished);
    const QString personal = dir.filePath("cancelled.cspt");
    QCOMPARE(teaching.teach(BuiltinModels::kVoice, personal), QString());
    QVERIFY(teaching.isTeaching());
    QVERIFY(teaching.teach().contains("already"));
    teaching.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
    QCOMPARE(failed.first().first().toString(), QString("Cancelled."));
    QCOMPARE(finished.count(), 0);
    QVERIFY(!teaching.isTeaching());
    QVERIFY(!QFile::exists(personal));
    QVERIFY(!teaching.lastResult());
    QVERIFY(teaching.copyModelTo(dir.filePath("copy.cspt")).contains("no personal model"));
    QCOMPARE(models.description(), readyModel);
}

QTEST_GUILESS_MAIN(VoiceTeachingTest)
#include "VoiceTeachingTest.moc"
