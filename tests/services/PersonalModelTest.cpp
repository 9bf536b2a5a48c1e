// A voice's personal model: adaptToVoice fine-tunes the ready model on a few takes, and the model service lets it
// answer in place of the ready model, with the saved model's own probabilities.
#include "SmallFeatureCache.h"
#include "audio/AudioDecoder.h"
#include "data/DatasetScanner.h"
#include "services/DatasetDocument.h"
#include "services/ModelService.h"
#include "services/TrainingController.h"
#include "train/BuiltinModels.h"
#include "train/TrainedModel.h"
#include "train/VoiceAdaptation.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace convscope;

class PersonalModelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void adaptsAndAnswersInPlaceOfTheReadyModel();
    void aStoppedAdaptationSavesNothing();
    void aPersonalModelAdaptedAgainIsNamedOnce();
};

namespace {

/// Take `take` of every digit of `speaker`, loaded as a dataset (copied into `folder` first).
Dataset takes(const QString &speaker, int take, const QString &folder)
{
    QDir().mkpath(folder);
    for (int digit = 0; digit < 10; ++digit) {
        const QString name = QString("%1_%2_%3.wav").arg(digit).arg(speaker).arg(take);
        QFile::copy(test::fsddFolder() + "/" + name, folder + "/" + name);
    }
    return DatasetScanner::load(folder).dataset;
}

}  // namespace

void PersonalModelTest::adaptsAndAnswersInPlaceOfTheReadyModel()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Dataset learn = takes("lucas", 0, dir.filePath("learn")), check = takes("lucas", 1, dir.filePath("check"));
    QCOMPARE(learn.size(), 10);
    AdaptOptions options;
    options.epochs = 10;
    options.threads = 1;
    TrainingControl control;
    std::vector<double> heard;
    const QString personal = dir.filePath("lucas.cspt");
    const VoiceAdaptation adapted =
        adaptToVoice(BuiltinModels::kVoice, learn, check, options, personal, control,
                     [&](double fraction) { heard.push_back(fraction); });
    QVERIFY2(adapted.ok(), qPrintable(adapted.error));
    QVERIFY(QFile::exists(personal));
    QVERIFY(adapted.seconds > 0.0);
    QVERIFY(!heard.empty());
    QCOMPARE(heard.back(), 1.0);
    for (const double accuracy : {adapted.learnAccuracyBefore, adapted.learnAccuracyAfter, adapted.checkAccuracyBefore,
                                  adapted.checkAccuracyAfter})
        QVERIFY(accuracy >= 0.0 && accuracy <= 1.0);
    QVERIFY(adapted.learnAccuracyAfter >= adapted.learnAccuracyBefore);
    // It names itself as adapted: the run name the runs table and the tabs show when it is opened.
    QString error;
    const auto saved = TrainedModel::load(personal, &error, TrainedModel::Threads::Leave);
    QVERIFY2(saved, qPrintable(error));
    QCOMPARE(runLabel(saved->config()), QString("adapted voice"));

    // The model service lets the personal model answer, with the saved file's probabilities.
    TrainingController training;
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    QSignalSpy changed(&models, &ModelService::modelChanged);
    models.usePersonalModel(personal);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(models.answerer(), ModelService::Answerer::Personal);
    QCOMPARE(models.description(), QString("your personal model (lucas.cspt)"));
    const std::vector<float> &samples = check.items[3].samples;
    QSignalSpy answered(&models, &ModelService::probabilities);
    QCOMPARE(models.requestProbabilities(samples), QString());
    QTRY_COMPARE_WITH_TIMEOUT(answered.count(), 1, 30000);
    const auto values = answered.first().first().value<std::array<double, 10>>();
    const auto expected = saved->classProbabilities(samples);
    for (std::size_t d = 0; d < 10; ++d)
        QCOMPARE(values[d], expected[d]);
    QVERIFY(models.answeringConfig());
}

void PersonalModelTest::aStoppedAdaptationSavesNothing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Dataset learn = takes("theo", 0, dir.filePath("learn"));
    TrainingControl control;
    control.requestStop();
    const VoiceAdaptation adapted =
        adaptToVoice(BuiltinModels::kVoice, learn, Dataset(), AdaptOptions(), dir.filePath("theo.cspt"), control);
    QCOMPARE(adapted.error, QString("Cancelled."));
    QVERIFY(!QFile::exists(dir.filePath("theo.cspt")));
    const VoiceAdaptation missing =
        adaptToVoice(dir.filePath("none.cspt"), learn, Dataset(), AdaptOptions(), dir.filePath("x.cspt"), control);
    QVERIFY2(missing.error.contains("none.cspt"), qPrintable(missing.error));
}

void PersonalModelTest::aPersonalModelAdaptedAgainIsNamedOnce()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Dataset learn = takes("jackson", 0, dir.filePath("learn"));
    AdaptOptions options;
    options.epochs = 1;
    options.threads = 1;
    TrainingControl control;
    const QString first = dir.filePath("first.cspt"), second = dir.filePath("second.cspt");
    QVERIFY(adaptToVoice(BuiltinModels::kVoice, learn, Dataset(), options, first, control).ok());
    QVERIFY(adaptToVoice(first, learn, Dataset(), options, second, control).ok());
    QString error;
    const auto twice = TrainedModel::load(second, &error, TrainedModel::Threads::Leave);
    QVERIFY2(twice, qPrintable(error));
    QCOMPARE(runLabel(twice->config()), QString("adapted voice"));
}

QTEST_GUILESS_MAIN(PersonalModelTest)
#include "PersonalModelTest.moc"
