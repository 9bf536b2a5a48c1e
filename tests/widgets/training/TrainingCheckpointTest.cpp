// The training panel's checkpoints and runs files: real LibTorch training on 300 real FSDD clips, offscreen.
#include "common/ConfusionMatrixView.h"
#include "training/RunsModel.h"
#include "training/RunsTable.h"
#include "SmallFeatureCache.h"
#include "TestPaths.h"
#include "training/TrainingCurves.h"
#include "training/TrainingPanel.h"
#include "services/DatasetDocument.h"
#include "services/ModelService.h"
#include "services/TrainingController.h"
#include "audio/AudioDecoder.h"
#include "train/TrainedModel.h"

#include <QFile>
#include <QProcess>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace convscope;

class TrainingCheckpointTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void nothingToSaveOrContinueWithoutModel();
    void saveOpenContinueRestoresModelAndCurve();
    void openingAnUnreadableFileSaysWhy();
    void aTorchScriptModelOpensWithItsWeights();
    void runsJsonRoundTrip();

private:
    /// Trains the mfcc preset for `epochs` on `panel` and waits for the run and its evaluation.
    void train(TrainingController &training, TrainingPanel &panel, int epochs);
    std::array<double, 10> probabilities(TrainingController &training, const std::vector<float> &samples);
    /// Trains two epochs, keeps the model's answer for the test clip and the curve's length, and saves it to `path`.
    void trainAndSave(const QString &path, std::array<double, 10> &before, int &points);
    void misclassifiedClipPlaysAndGoesToTheVoiceTest(TrainingPanel &panel);

    std::shared_ptr<const FeatureCache> m_cache;
    std::vector<float> m_clip;
};

void TrainingCheckpointTest::initTestCase()
{
    QString error;
    m_cache = test::smallFeatureCache(300, &error);
    QVERIFY2(m_cache, qPrintable(error));
    const DecodeResult decoded = AudioDecoder::decodeFile(test::fsddFolder() + "/" + test::clipFiles(*m_cache).at(7));
    QVERIFY2(decoded.clip, qPrintable(decoded.error));
    m_clip = decoded.clip->samples;
}

void TrainingCheckpointTest::train(TrainingController &training, TrainingPanel &panel, int epochs)
{
    QVERIFY(panel.selectNetwork("mfcc"));
    panel.setEpochs(epochs);
    QSignalSpy recorded(&training, &TrainingController::runRecorded);
    panel.startTraining();
    QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 120000);
}

std::array<double, 10> TrainingCheckpointTest::probabilities(TrainingController &training,
                                                             const std::vector<float> &samples)
{
    DatasetDocument recordings;
    ModelService models(&training, &recordings);  // the user's model answers through it
    QSignalSpy answered(&models, &ModelService::probabilities);
    const QString error = models.requestProbabilities(samples);
    [&] { QVERIFY2(error.isEmpty(), qPrintable(error)); }();
    [&] { QTRY_COMPARE_WITH_TIMEOUT(answered.count(), 1, 30000); }();
    return answered.isEmpty() ? std::array<double, 10>{} : answered.at(0).at(0).value<std::array<double, 10>>();
}

void TrainingCheckpointTest::nothingToSaveOrContinueWithoutModel()
{
    TrainingController training;
    TrainingPanel panel(&training);
    training.setData(m_cache, test::fsddFolder());
    QVERIFY(!training.hasModel());
    QVERIFY(!training.saveModel("/tmp/never.cspt").isEmpty());
    QVERIFY(training.continueTo(5).contains("no model"));
    DatasetDocument recordings;
    const ModelService models(&training, &recordings);
    QCOMPARE(models.answerer(), ModelService::Answerer::Ready);  // the voice test asks the ready model meanwhile
    QVERIFY(!panel.continueButton()->isEnabled());
    QVERIFY(!QFile::exists("/tmp/never.cspt"));
}

void TrainingCheckpointTest::trainAndSave(const QString &path, std::array<double, 10> &before, int &points)
{
    TrainingController training;
    TrainingPanel panel(&training);
    training.setData(m_cache, test::fsddFolder());
    train(training, panel, 2);
    QVERIFY(training.hasModel());
    QCOMPARE(training.epochsDone(), 2);
    points = static_cast<int>(training.history().size());
    QCOMPARE(points, 14);  // 200 training clips, batches of 32: 7 points per epoch
    before = probabilities(training, m_clip);
    QSignalSpy saved(&training, &TrainingController::modelSaved);
    QCOMPARE(training.saveModel(path), QString());
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 30000);
    QCOMPARE(saved.at(0).at(1).toString(), QString());
    QVERIFY(panel.messageText().startsWith("Saved the model"));
}

void TrainingCheckpointTest::misclassifiedClipPlaysAndGoesToTheVoiceTest(TrainingPanel &panel)
{
    // A misclassified clip plays on click (or says why not: no audio device here) and is offered to the voice
    // test on double-click, with its full path, true and predicted digit.
    ConfusionMatrixView *matrix = panel.confusionMatrix();
    const auto confusion = matrix->largestConfusion();
    QVERIFY(confusion);
    const auto [truth, predicted] = *confusion;
    QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellRect(truth, predicted).center());
    QListWidget *clips = panel.clipList();
    QVERIFY(clips->count() > 0);
    const QRect first = clips->visualItemRect(clips->item(0));
    QTest::mouseClick(clips->viewport(), Qt::LeftButton, {}, first.center());
    QVERIFY2(panel.messageText().startsWith("Playing " + clips->item(0)->text())
                 || panel.messageText().contains("cannot be played: No audio"),
             qPrintable(panel.messageText()));
    QSignalSpy chosen(&panel, &TrainingPanel::clipChosen);
    Q_EMIT clips->itemActivated(clips->item(0));
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.at(0).at(0).toString(), test::fsddFolder() + "/" + clips->item(0)->text());
    QVERIFY(QFile::exists(chosen.at(0).at(0).toString()));
    QCOMPARE(chosen.at(0).at(1).toInt(), truth);
    QCOMPARE(chosen.at(0).at(2).toInt(), predicted);
}

void TrainingCheckpointTest::saveOpenContinueRestoresModelAndCurve()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("mfcc.cspt");
    std::array<double, 10> before{};
    int points = 0;
    trainAndSave(path, before, points);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(QFileInfo(path).size() > 1000);

    // A fresh panel (a fresh worker and trainer) opens it: the curve and the model come back.
    TrainingController training;
    TrainingPanel panel(&training);
    panel.resize(1280, 820);
    panel.show();
    training.setData(m_cache, test::fsddFolder());
    QSignalSpy loaded(&training, &TrainingController::modelLoaded);
    QSignalSpy evaluated(&training, &TrainingController::evaluated);
    QCOMPARE(training.openModel(path), QString());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
    QCOMPARE(loaded.at(0).at(1).toInt(), 2);
    QVERIFY(training.hasModel());
    QCOMPARE(training.epochsDone(), 2);
    QCOMPARE(static_cast<int>(training.history().size()), points);
    QCOMPARE(panel.curves()->pointCount(TrainingCurves::Series::TrainLoss), points);
    QCOMPARE(panel.curves()->pointCount(TrainingCurves::Series::TestAccuracy), 2);
    QCOMPARE(toString(panel.config()->input), QString("mfcc"));  // the form shows the opened run's settings
    QVERIFY(panel.messageText().startsWith("Opened mfcc: 2 epochs done"));
    QTRY_COMPARE_WITH_TIMEOUT(evaluated.count(), 1, 60000);  // the confusion matrix of the opened model
    // Idle again: the progress bar says what was opened, not "Evaluating…" any longer.
    QCOMPARE(toString(training.state()), toString(TrainingState::Idle));
    QCOMPARE(panel.progressBar()->format(), QString("Opened · 2 epochs done"));

    misclassifiedClipPlaysAndGoesToTheVoiceTest(panel);
    if (QTest::currentTestFailed())
        return;

    const std::array<double, 10> after = probabilities(training, m_clip);
    for (int d = 0; d < 10; ++d)
        QCOMPARE(after[static_cast<std::size_t>(d)], before[static_cast<std::size_t>(d)]);

    // Continue to 4 epochs: the curve goes on from the opened one.
    QVERIFY(panel.continueButton()->isEnabled());
    QVERIFY(training.continueTo(2).contains("already done 2 epochs"));
    QSignalSpy finished(&training, &TrainingController::runRecorded);
    panel.continueEpochsBox()->setValue(4);
    QTest::mouseClick(panel.continueButton(), Qt::LeftButton);
    QVERIFY(isRunning(training.state()));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    const auto summary = finished.at(0).at(0).value<RunRecord>().summary;
    QCOMPARE(summary.epochsDone, 4);
    QCOMPARE(training.epochsDone(), 4);
    QCOMPARE(static_cast<int>(training.history().size()), 2 * points);
    QCOMPARE(training.history().back().fraction, 4.0);
    QCOMPARE(panel.curves()->pointCount(TrainingCurves::Series::TestAccuracy), 4);
    RunsModel *runs = panel.runsTable()->runsModel();
    QCOMPARE(runs->rowCount(), 1);
    QCOMPARE(runs->run(0).network, QString("mfcc"));
    QCOMPARE(static_cast<int>(runs->run(0).history.size()), 2 * points);
    QCOMPARE(panel.progressBar()->value(), panel.progressBar()->maximum());
    QTest::qWait(300);
    QVERIFY(panel.grab().save("/tmp/training_continued.png"));
}

void TrainingCheckpointTest::openingAnUnreadableFileSaysWhy()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("notes.cspt");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is not a model");
    file.close();
    TrainingController training;
    TrainingPanel panel(&training);
    training.setData(m_cache, test::fsddFolder());
    QCOMPARE(training.openModel(path), QString());
    QTRY_VERIFY_WITH_TIMEOUT(panel.messageText().startsWith("Could not open the model"), 30000);
    QVERIFY(panel.messageText().contains("notes.cspt"));
    QVERIFY(!training.hasModel());
    QVERIFY(panel.trainButton()->isEnabled());
}

// A spoken-digit model traced in Python opens like a checkpoint: its weights answer, and the studio's trained
// effective field can be traced with them.
void TrainingCheckpointTest::aTorchScriptModelOpensWithItsWeights()
{
    if (QProcess::execute("/usr/bin/python3", {"-c", "import torch"}) != 0)
        QSKIP("python3-torch is not installed (.ci/run installs it)");
    QTemporaryDir dir;
    const QString path = dir.filePath("notebook.pt");
    const test::ProcessResult python = test::runProgram(
        "/usr/bin/python3", {"-W", "ignore", "-", path},
        "import sys, torch\nfrom torch import nn\ntorch.manual_seed(3)\n"
        "net = nn.Sequential(nn.Conv1d(13, 8, 3, padding=1), nn.ReLU(), nn.AvgPool1d(2), nn.Flatten(),"
        " nn.Linear(8 * 37, 10)).eval()\n"
        "torch.jit.trace(net, torch.zeros(1, 13, 74)).save(sys.argv[1])\n");
    QVERIFY2(python.exitCode == 0, python.err.constData());
    TrainingController training;
    TrainingPanel panel(&training);
    training.setData(m_cache, test::fsddFolder());
    QSignalSpy loaded(&training, &TrainingController::modelLoaded);
    QSignalSpy evaluated(&training, &TrainingController::evaluated);
    QCOMPARE(training.openModel(path), QString());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
    QCOMPARE(loaded.at(0).at(1).toInt(), 0);
    QVERIFY(training.hasModel());
    QCOMPARE(toString(training.modelConfig().input), QString("mfcc"));
    QTRY_COMPARE_WITH_TIMEOUT(evaluated.count(), 1, 60000);
    QString error;
    const auto alone = TrainedModel::load(path, &error, TrainedModel::Threads::Leave);
    QVERIFY2(alone, qPrintable(error));
    const std::array<double, 10> expected = alone->classProbabilities(m_clip);
    const std::array<double, 10> answered = probabilities(training, m_clip);
    for (int d = 0; d < 10; ++d)
        QVERIFY(std::abs(answered[static_cast<std::size_t>(d)] - expected[static_cast<std::size_t>(d)]) < 1e-6);
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    QSignalSpy field(&models, &ModelService::effectiveField);
    QCOMPARE(models.requestEffectiveField(EffectiveFieldQuery{}), QString());
    QTRY_COMPARE_WITH_TIMEOUT(field.count(), 1, 60000);
    const auto result = field.at(0).at(0).value<SharedFieldResult>();
    QVERIFY(result && result->maps);
    QCOMPARE(result->maps->weights, ProbeWeights::Trained);
    QVERIFY(result->maps->rfSize > 1);
}

void TrainingCheckpointTest::runsJsonRoundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("runs.json");
    TrainingController training;
    TrainingPanel panel(&training);
    training.setData(m_cache, test::fsddFolder());
    train(training, panel, 1);
    train(training, panel, 2);
    RunsModel *runs = panel.runsTable()->runsModel();
    QCOMPARE(runs->rowCount(), 2);
    QCOMPARE(runs->saveJson(path), QString());

    TrainingController otherTraining;
    TrainingPanel other(&otherTraining);
    QCOMPARE(other.openRuns(path), QString());
    RunsModel *opened = other.runsTable()->runsModel();
    QCOMPARE(opened->rowCount(), 2);
    for (int row = 0; row < 2; ++row) {
        const RunRecord &a = runs->run(row), &b = opened->run(row);
        QCOMPARE(b.network, a.network);
        QCOMPARE(b.input, a.input);
        QCOMPARE(b.epochsTarget, a.epochsTarget);
        QCOMPARE(b.learningRate, a.learningRate);
        QCOMPARE(b.config, a.config);
        QCOMPARE(b.summary.epochsDone, a.summary.epochsDone);
        QCOMPARE(b.summary.testAccuracy, a.summary.testAccuracy);
        QCOMPARE(b.history.size(), a.history.size());
        QCOMPARE(b.history.back().loss, a.history.back().loss);
        QCOMPARE(b.history.back().epochEnd, true);
        QCOMPARE(b.convergence().converged, a.convergence().converged);
        for (int column = 0; column < RunsModel::ColumnCount; ++column)
            QCOMPARE(opened->data(opened->index(row, column)), runs->data(runs->index(row, column)));
    }
    QVERIFY(other.messageText().startsWith("Opened 2 run(s)"));
    // Ticking an opened run draws it.
    opened->setChecked(1, true);
    QCOMPARE(other.curves()->overlayCount(), 3);

    // A file that is not a runs file is refused with the reason and adds nothing.
    QFile bad(dir.filePath("bad.json"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{\"layers\": []}");
    bad.close();
    QVERIFY(other.openRuns(bad.fileName()).contains("no \"runs\" list"));
    QCOMPARE(opened->rowCount(), 2);
}

QTEST_MAIN(TrainingCheckpointTest)
#include "TrainingCheckpointTest.moc"
