// The training tab's leave-one-speaker-out page and folder evaluation, on real LibTorch runs (300 FSDD clips),
// offscreen. Set CONVSCOPE_SCREENSHOTS to a folder to keep PNGs of the pages.
#include "common/ConfusionMatrixView.h"
#include "common/QCustomPlotShim.h"
#include "SmallFeatureCache.h"
#include "training/FolderEvaluationPanel.h"
#include "training/SpeakerChart.h"
#include "training/SpeakerStudyPanel.h"
#include "training/TrainingForm.h"
#include "training/TrainingPanel.h"
#include "train/FolderEvaluation.h"
#include "services/SpeakerStudy.h"
#include "train/TrainedModel.h"
#include "services/TrainingController.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace convscope;

class SpeakerStudyPanelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void chartWithoutRandomRunAsksForOne();
    void studyDrawsSpeakerBarsNextToTheRandomSplit();
    void folderEvaluationShowsTheModelFunctionsNumbers();
    void badFolderOrModelIsNamed();

private:
    /// Trains one epoch of the mfcc preset from the panel's form and waits until it is recorded.
    void trainOneEpoch(TrainingController &training, TrainingPanel &panel);
    void saveShot(QWidget &widget, const QString &name);

    std::shared_ptr<const FeatureCache> m_cache;
};

void SpeakerStudyPanelTest::initTestCase()
{
    QString error;
    m_cache = test::smallFeatureCache(300, &error);
    QVERIFY2(m_cache, qPrintable(error));
}

void SpeakerStudyPanelTest::saveShot(QWidget &widget, const QString &name)
{
    const QString folder = qEnvironmentVariable("CONVSCOPE_SCREENSHOTS");
    if (!folder.isEmpty())
        QVERIFY(widget.grab().save(QDir(folder).filePath(name)));
}

void SpeakerStudyPanelTest::trainOneEpoch(TrainingController &training, TrainingPanel &panel)
{
    QSignalSpy recorded(&training, &TrainingController::runRecorded);
    QVERIFY(panel.selectNetwork("mfcc"));
    panel.setEpochs(1);
    panel.startTraining();
    QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(isSettled(training.state()), 30000);
}

void SpeakerStudyPanelTest::chartWithoutRandomRunAsksForOne()
{
    SpeakerChart chart;
    SpeakerStudyResult result;
    result.preset = "mfcc";
    result.epochs = 1;
    result.speakerCount = 2;
    HeldOutSpeaker speaker;
    speaker.speaker = "theo";
    speaker.accuracy = 0.5;
    result.speakers.push_back(speaker);
    chart.setResult(result);
    QCOMPARE(chart.speakerBars()->data()->size(), 1);
    QCOMPARE(chart.randomSplitBar()->data()->size(), 0);
    QVERIFY2(chart.caption().contains("once on the random split with the same settings to compare"), qPrintable(chart.caption()));
}

void SpeakerStudyPanelTest::studyDrawsSpeakerBarsNextToTheRandomSplit()
{
    TrainingController training;
    training.setData(m_cache);
    TrainingPanel panel(&training);
    panel.resize(1500, 900);
    trainOneEpoch(training, panel);
    const double randomAccuracy = training.evaluation()->accuracy;

    SpeakerStudyPanel *page = panel.speakerStudy();
    panel.pages()->setCurrentWidget(page);
    QSignalSpy finished(page->study(), &SpeakerStudy::finished);
    // The study may take well under a second: keep every progress text the bar showed (this runs after its slot).
    QStringList shownProgress;
    connect(page->study(), &SpeakerStudy::progress, this,
            [&shownProgress, page] { shownProgress << page->progressBar()->format(); });
    QVERIFY(page->startButton()->isEnabled());
    page->startButton()->click();
    QVERIFY(page->study()->isRunning());
    // The form and the training buttons lock while the study runs; Stop is the study's.
    QVERIFY(!panel.trainButton()->isEnabled());
    QVERIFY(!panel.form()->findChild<QComboBox *>()->isEnabled());
    QVERIFY(!page->startButton()->isEnabled());
    QVERIFY(page->stopButton()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 300000);
    QVERIFY(shownProgress.filter("Speaker 2 of 6 (").size() >= 1);
    QVERIFY(shownProgress.last().startsWith("Speaker 6 of 6 ("));
    QVERIFY(panel.trainButton()->isEnabled());
    QVERIFY(panel.form()->findChild<QComboBox *>()->isEnabled());

    const SpeakerStudyResult &result = page->study()->result();
    QCPBars *bars = page->chart()->speakerBars();
    QCOMPARE(bars->data()->size(), 6);
    for (int i = 0; i < 6; ++i) {
        QCOMPARE(bars->data()->at(i)->key, i + 1.0);
        QCOMPARE(bars->data()->at(i)->value, result.speakers[static_cast<std::size_t>(i)].accuracy);
    }
    QCPBars *random = page->chart()->randomSplitBar();
    QCOMPARE(random->data()->size(), 1);
    QCOMPARE(random->data()->at(0)->value, randomAccuracy);
    const QString mean = QString::number(100.0 * result.mean(), 'f', 1) + " %";
    QVERIFY2(page->chart()->caption().contains("mean " + mean), qPrintable(page->chart()->caption()));
    QVERIFY2(page->messageText().contains(mean), qPrintable(page->messageText()));
    QVERIFY(page->chart()->caption().contains("3.7(e)"));
    // It names the run it compares with: the panel's one-epoch run, trained with the study's settings.
    QVERIFY2(page->chart()->caption().contains("Random split (the same settings, 1 epoch(s), the run that ended at "),
             qPrintable(page->chart()->caption()));
    saveShot(panel, "training-tab-speakers.png");
}

void SpeakerStudyPanelTest::folderEvaluationShowsTheModelFunctionsNumbers()
{
    TrainingController training;
    training.setData(m_cache);
    TrainingPanel panel(&training);
    panel.resize(1500, 900);
    trainOneEpoch(training, panel);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString modelPath = dir.filePath("model.cspt");
    QSignalSpy saved(&training, &TrainingController::modelSaved);
    QCOMPARE(training.saveModel(modelPath), QString());
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 30000);

    // A folder of a few real recordings, a file that does not decode and one whose name is not a recording's.
    QDir recordings(dir.filePath("recordings"));
    QVERIFY(QDir().mkpath(recordings.path()));
    const QStringList clips = test::clipFiles(*m_cache);
    for (int i = 0; i < 300; i += 25)
        QVERIFY(QFile::copy(QDir(test::fsddFolder()).filePath(clips[i]), recordings.filePath(clips[i])));
    QFile broken(recordings.filePath("3_nobody_0.wav"));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("this is not audio");
    broken.close();
    QVERIFY(QFile::copy(QDir(test::fsddFolder()).filePath(clips[0]), recordings.filePath("hello.wav")));

    QString error;
    const auto model = TrainedModel::load(modelPath, &error);
    QVERIFY2(model, qPrintable(error));
    const FolderEvaluation expected = evaluateFolder(*model, recordings.path());
    QVERIFY(expected.ok());
    QCOMPARE(expected.count, 12);
    QCOMPARE(static_cast<int>(expected.skipped.size()), 2);

    FolderEvaluationPanel *page = panel.folderEvaluation();
    panel.pages()->setCurrentWidget(page);
    QSignalSpy done(page, &FolderEvaluationPanel::evaluationFinished);
    page->setFolder(recordings.path());
    for (const QString &choice : {modelPath, QString()}) {  // the saved file, then the current model
        page->setModelFile(choice);
        QCOMPARE(page->evaluate(), QString());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), choice.isEmpty() ? 2 : 1, 60000);
        const FolderEvaluation &shown = *page->evaluation();
        QVERIFY2(shown.ok(), qPrintable(shown.error));
        QCOMPARE(shown.correct, expected.correct);
        QCOMPARE(shown.count, expected.count);
        QVERIFY(shown.confusion == expected.confusion);
        QCOMPARE(page->confusionMatrix()->total(), expected.count);
        QCOMPARE(page->speakerTable()->rowCount(), static_cast<int>(expected.speakers.size()));
        QCOMPARE(page->speakerTable()->item(0, 0)->text(), expected.speakers[0].speaker);
        QCOMPARE(page->skippedList()->count(), 2);
        QVERIFY(page->skippedList()->item(0)->text().startsWith("3_nobody_0.wav: "));
        QVERIFY(page->skippedList()->item(1)->text().startsWith("hello.wav: "));
        const QString accuracy = QString::number(100.0 * expected.accuracy(), 'f', 1) + " %";
        QVERIFY2(page->summaryText().contains(accuracy), qPrintable(page->summaryText()));
    }
    // The current model went through a scratch checkpoint; the tab's message line does not announce that save
    // (seen: "Saved the model to /tmp/…/current-model.cspt").
    QVERIFY2(!panel.messageText().contains("current-model.cspt"), qPrintable(panel.messageText()));
    saveShot(panel, "training-tab-folder-evaluation.png");
}

void SpeakerStudyPanelTest::badFolderOrModelIsNamed()
{
    TrainingController training;
    TrainingPanel panel(&training);
    FolderEvaluationPanel *page = panel.folderEvaluation();
    QVERIFY(page->evaluate().contains("Choose the folder"));
    page->setFolder(test::fsddFolder());
    QVERIFY(page->evaluate().contains("no current model"));

    QTemporaryDir dir;
    QFile garbage(dir.filePath("garbage.cspt"));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write("not a model");
    garbage.close();
    QSignalSpy done(page, &FolderEvaluationPanel::evaluationFinished);
    page->setModelFile(garbage.fileName());
    QCOMPARE(page->evaluate(), QString());
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 30000);
    QVERIFY(!page->evaluation()->ok());
    QVERIFY2(page->summaryText().contains("garbage.cspt"), qPrintable(page->summaryText()));

    // A real model on a folder that does not exist.
    training.setData(m_cache);
    trainOneEpoch(training, panel);
    page->setModelFile({});
    page->setFolder(dir.filePath("no-such-folder"));
    QCOMPARE(page->evaluate(), QString());
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 30000);
    QVERIFY(!page->evaluation()->ok());
    QVERIFY2(page->summaryText().contains("no-such-folder"), qPrintable(page->summaryText()));
}

QTEST_MAIN(SpeakerStudyPanelTest)
#include "SpeakerStudyPanelTest.moc"
