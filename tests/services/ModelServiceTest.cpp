// ModelService, the one owner of "which model answers", on real models: the ready voice model before anything is
// trained, the run's model once a run has one, a personal model adapted to a voice until the user has a model of
// their own, and that personal model remembered across a restart (or forgotten, with a message, when its file is
// gone). Every answer is compared with that model's own probabilities, read from its file by TrainedModel.
#include "SmallFeatureCache.h"
#include "audio/AudioDecoder.h"
#include "data/DatasetScanner.h"
#include "network/PresetLibrary.h"
#include "services/DatasetDocument.h"
#include "services/ModelService.h"
#include "services/TrainingController.h"
#include "train/BuiltinModels.h"
#include "train/TrainedModel.h"
#include "train/VoiceAdaptation.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace convscope;

namespace {

const QString kReady = "the ready voice model (voice preset, the six FSDD speakers and 65 synthetic voices)";

/// The probabilities `file` gives `samples`, read as convscope-cli predict reads it.
std::array<double, 10> fromFile(const QString &file, const std::vector<float> &samples)
{
    QString error;
    const auto model = TrainedModel::load(file, &error, TrainedModel::Threads::Leave);
    [&] { QVERIFY2(model, qPrintable(error)); }();
    return model ? model->classProbabilities(samples) : std::array<double, 10>{};
}

/// What `models` answers for `samples` (a failure when it refuses or does not answer).
std::array<double, 10> answerOf(ModelService &models, const std::vector<float> &samples)
{
    QSignalSpy answered(&models, &ModelService::probabilities);
    const QString error = models.requestProbabilities(samples);
    [&] { QVERIFY2(error.isEmpty(), qPrintable(error)); }();
    [&] { QTRY_COMPARE_WITH_TIMEOUT(answered.count(), 1, 30000); }();
    return answered.isEmpty() ? std::array<double, 10>{} : answered.at(0).at(0).value<std::array<double, 10>>();
}

/// The file requestModelFile hands a listener, and the description it comes with.
std::pair<QString, QString> modelFileOf(ModelService &models)
{
    QSignalSpy handed(&models, &ModelService::modelFile);
    const QString error = models.requestModelFile();
    [&] { QVERIFY2(error.isEmpty(), qPrintable(error)); }();
    [&] { QTRY_COMPARE_WITH_TIMEOUT(handed.count(), 1, 30000); }();
    return handed.isEmpty() ? std::pair<QString, QString>{}
                            : std::pair{handed.at(0).at(0).toString(), handed.at(0).at(1).toString()};
}

void compare(const std::array<double, 10> &actual, const std::array<double, 10> &expected, double tolerance)
{
    for (std::size_t d = 0; d < 10; ++d)
        QVERIFY2(std::abs(actual[d] - expected[d]) <= tolerance,
                 qPrintable(QString("digit %1: %2, expected %3").arg(d).arg(actual[d]).arg(expected[d])));
}

}  // namespace

class ModelServiceTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void noneTrainedTheReadyModelAnswers();
    void afterARunTheRunsModelAnswers();
    void aPersonalModelAnswersUntilTheUserHasOne();
    void aRestartRemembersThePersonalModel();
    void aPersonalModelThatIsGoneFallsBackToTheReadyModel();

private:
    void trainOneEpoch(TrainingController &training);

    QTemporaryDir m_dir;
    std::shared_ptr<const FeatureCache> m_cache;
    std::vector<float> m_clip;  ///< 5_jackson_3.wav
    QString m_personal;         ///< the ready model adapted to lucas's takes 0
};

void ModelServiceTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_cache = test::smallFeatureCache(300, &error);
    QVERIFY2(m_cache, qPrintable(error));
    const DecodeResult decoded = AudioDecoder::decodeFile(test::fsddFolder() + "/5_jackson_3.wav");
    QVERIFY2(decoded.clip, qPrintable(decoded.error));
    m_clip = decoded.clip->samples;
    // A personal model, as "Teach it your voice" makes one: the ready model fine-tuned on one take of each digit.
    const QString takes = m_dir.filePath("lucas");
    QDir().mkpath(takes);
    for (int digit = 0; digit < 10; ++digit) {
        const QString name = QString("%1_lucas_0.wav").arg(digit);
        QVERIFY(QFile::copy(test::fsddFolder() + "/" + name, takes + "/" + name));
    }
    AdaptOptions options;
    options.epochs = 3;
    options.threads = 1;
    TrainingControl control;
    m_personal = m_dir.filePath("lucas.cspt");
    const VoiceAdaptation adapted = adaptToVoice(BuiltinModels::kVoice, DatasetScanner::load(takes).dataset, Dataset(),
                                                 options, m_personal, control);
    QVERIFY2(adapted.ok(), qPrintable(adapted.error));
}

void ModelServiceTest::trainOneEpoch(TrainingController &training)
{
    const PresetLibrary presets;
    TrainingConfig config = TrainingConfig::forPreset("mfcc", *presets.find("mfcc")).value();
    config.epochs = 1;
    config.threads = 1;
    QSignalSpy recorded(&training, &TrainingController::runRecorded);
    QCOMPARE(training.start(config), QString());
    QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 120000);
    QTRY_VERIFY_WITH_TIMEOUT(training.canAnswer(), 10000);
}

void ModelServiceTest::noneTrainedTheReadyModelAnswers()
{
    TrainingController training;
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    QCOMPARE(models.answerer(), ModelService::Answerer::Ready);
    QCOMPARE(models.description(), kReady);
    QVERIFY(models.canAnswer());
    QVERIFY(!models.isGuess());
    QVERIFY(!models.answeringConfig());  // read with the first question
    QSignalSpy loaded(&models, &ModelService::readyModelLoaded);
    compare(answerOf(models, m_clip), fromFile(BuiltinModels::kVoice, m_clip), 0.0);
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(modelFileOf(models), std::pair(QString(BuiltinModels::kVoice), kReady));
    QVERIFY(models.answeringConfig());
    QCOMPARE(toString(models.answeringConfig()->input), QString("mfcc"));
    // The trained field needs test clips, which only a model trained or opened here has.
    QCOMPARE(models.requestEffectiveField({}),
             QString("There is no trained model yet: train one on the Training tab or open a saved model (.cspt)."));
    // Loading data gives no model yet: the ready model still answers.
    training.setData(m_cache);
    QCOMPARE(models.answerer(), ModelService::Answerer::Ready);
    QCOMPARE(models.requestProbabilities({}), QString("The recording is empty: record again, closer to the microphone."));
}

void ModelServiceTest::afterARunTheRunsModelAnswers()
{
    TrainingController training;
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    training.setData(m_cache);
    QSignalSpy announced(&models, &ModelService::answererChanged);
    const PresetLibrary presets;
    TrainingConfig config = TrainingConfig::forPreset("mfcc", *presets.find("mfcc")).value();
    config.epochs = 1;
    config.threads = 1;
    QSignalSpy recorded(&training, &TrainingController::runRecorded);
    QCOMPARE(training.start(config), QString());
    // From the start of the run the run's model answers, and it is busy until the run ends.
    QCOMPARE(models.answerer(), ModelService::Answerer::User);
    QVERIFY(!models.canAnswer());
    QVERIFY(models.isGuess());
    QCOMPARE(models.description(), QString("your model (mfcc, mfcc input, 0 epochs)"));
    QCOMPARE(models.requestProbabilities(m_clip),
             QString("The model is busy training: it answers when the run ends (or press Stop)."));
    QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 120000);
    QTRY_VERIFY_WITH_TIMEOUT(models.canAnswer(), 10000);
    QVERIFY(!models.isGuess());
    QCOMPARE(models.description(), QString("your model (mfcc, mfcc input, 1 epoch)"));
    QVERIFY(announced.count() >= 2);
    QCOMPARE(announced.last().first().toString(), models.description());
    QCOMPARE(models.answeringConfig(), &training.modelConfig());
    // Its answer is the saved run's, as predict reads the file.
    const QString saved = m_dir.filePath("run.cspt");
    QSignalSpy written(&training, &TrainingController::modelSaved);
    QCOMPARE(training.saveModel(saved), QString());
    QTRY_COMPARE_WITH_TIMEOUT(written.count(), 1, 30000);
    compare(answerOf(models, m_clip), fromFile(saved, m_clip), 1e-5);
    QCOMPARE(models.whyCannotMap(), QString());
    // A listener gets a copy of this same model, saved to a scratch file.
    const auto [copy, description] = modelFileOf(models);
    QCOMPARE(description, models.description());
    QVERIFY(copy != saved);
    compare(fromFile(copy, m_clip), fromFile(saved, m_clip), 0.0);
}

void ModelServiceTest::aPersonalModelAnswersUntilTheUserHasOne()
{
    TrainingController training;
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    QSignalSpy announced(&models, &ModelService::answererChanged);
    QSignalSpy changed(&models, &ModelService::modelChanged);
    models.usePersonalModel(m_personal);
    QCOMPARE(models.answerer(), ModelService::Answerer::Personal);
    QCOMPARE(models.description(), QString("your personal model (lucas.cspt)"));
    QCOMPARE(announced.count(), 1);
    QCOMPARE(announced.first().first().toString(), QString("your personal model (lucas.cspt)"));
    QCOMPARE(changed.count(), 1);
    const std::array<double, 10> personal = fromFile(m_personal, m_clip);
    compare(answerOf(models, m_clip), personal, 0.0);
    QCOMPARE(modelFileOf(models), std::pair(m_personal, QString("your personal model (lucas.cspt)")));
    QVERIFY(personal != fromFile(BuiltinModels::kVoice, m_clip));  // fine-tuning changed it

    // A model of the user's answers instead, while it exists; then the personal model again.
    training.setData(m_cache);
    trainOneEpoch(training);
    QCOMPARE(models.answerer(), ModelService::Answerer::User);
    QCOMPARE(models.description(), QString("your model (mfcc, mfcc input, 1 epoch)"));
    QCOMPARE(models.personalModel(), m_personal);
    training.setData(m_cache);  // new data: the user's model is gone
    QCOMPARE(models.answerer(), ModelService::Answerer::Personal);
    QCOMPARE(announced.last().first().toString(), QString("your personal model (lucas.cspt)"));
    compare(answerOf(models, m_clip), personal, 0.0);
}

void ModelServiceTest::aRestartRemembersThePersonalModel()
{
    const QString settings = m_dir.filePath("restart.ini");
    {
        TrainingController training;
        DatasetDocument recordings;
        ModelService models(&training, &recordings);
        models.rememberIn(settings);
        models.usePersonalModel(m_personal);
    }
    QCOMPARE(QSettings(settings, QSettings::IniFormat).value(ModelService::kPersonalModelKey).toString(), m_personal);

    // The next start: the personal model answers again, with its own probabilities.
    TrainingController training;
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    models.rememberIn(settings);
    models.restorePersonalModel();
    QCOMPARE(models.answerer(), ModelService::Answerer::Personal);
    QCOMPARE(models.description(), QString("your personal model (lucas.cspt)"));
    compare(answerOf(models, m_clip), fromFile(m_personal, m_clip), 0.0);

    // Without a settings file nothing is remembered or restored.
    ModelService forgetful(&training, &recordings);
    forgetful.restorePersonalModel();
    QCOMPARE(forgetful.answerer(), ModelService::Answerer::Ready);
}

void ModelServiceTest::aPersonalModelThatIsGoneFallsBackToTheReadyModel()
{
    const QString settings = m_dir.filePath("gone.ini");
    const QString copy = m_dir.filePath("copy.cspt");
    QVERIFY(QFile::copy(m_personal, copy));
    {
        TrainingController training;
        DatasetDocument recordings;
        ModelService models(&training, &recordings);
        models.rememberIn(settings);
        models.usePersonalModel(copy);
    }
    QVERIFY(QFile::remove(copy));
    TrainingController training;
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    models.rememberIn(settings);
    QSignalSpy message(&models, &ModelService::message);
    models.restorePersonalModel();
    QCOMPARE(models.answerer(), ModelService::Answerer::Ready);
    QCOMPARE(models.description(), kReady);
    QCOMPARE(message.count(), 1);
    QCOMPARE(message.first().first().toString(),
             QString("Your personal model %1 is gone, so the ready voice model answers. Teach it your voice again in "
                     "Test your voice to make a new one.").arg(copy));
    QVERIFY(!QSettings(settings, QSettings::IniFormat).contains(ModelService::kPersonalModelKey));
    compare(answerOf(models, m_clip), fromFile(BuiltinModels::kVoice, m_clip), 0.0);
}

QTEST_GUILESS_MAIN(ModelServiceTest)
#include "ModelServiceTest.moc"
