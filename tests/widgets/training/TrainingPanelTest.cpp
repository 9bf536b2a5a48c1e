// The training panel end to end: real LibTorch training on 300 real FSDD clips, offscreen.
#include "ConfusionMatrixView.h"
#include "QCustomPlotShim.h"
#include "RunsModel.h"
#include "RunsTable.h"
#include "SmallFeatureCache.h"
#include "TrainingCurves.h"
#include "TrainingPanel.h"
#include "data/FeatureCache.h"
#include "train/TrainingWorker.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace convscope;

class TrainingPanelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void trainDisabledUntilData();
    void twoEpochsDrawCurvesAddRunAndConfusion();
    void stopMidRunEndsStopped();
    void pauseThenStepRunsOneBatch();
    void destroyingMidTrainingReturnsPromptly();

private:
    /// Starts a long mfcc run on `panel` and waits for its first drawn point.
    void startLongRun(TrainingPanel &panel, QSignalSpy &shown);

    std::shared_ptr<const FeatureCache> m_cache;
};

void TrainingPanelTest::initTestCase()
{
    QString error;
    m_cache = test::smallFeatureCache(300, &error);
    QVERIFY2(m_cache, qPrintable(error));
    QCOMPARE(m_cache->size(), 300);
}

void TrainingPanelTest::trainDisabledUntilData()
{
    TrainingPanel panel;
    QVERIFY(!panel.trainButton()->isEnabled());
    QVERIFY(!panel.stopButton()->isEnabled());
    QVERIFY(panel.worker() == nullptr);
    panel.startTraining();  // must not crash without data
    QVERIFY(!panel.isTraining());
    panel.setData(m_cache);
    QVERIFY(panel.trainButton()->isEnabled());
    QVERIFY(panel.worker() != nullptr);
    // The split list offers every speaker of the data.
    const auto config = panel.config();
    QVERIFY(config);
    QCOMPARE(toString(config->input), QString("mfcc"));  // the mfcc preset is selected by default
    QCOMPARE(config->epochs, 20);              // TrainingConfig::forPreset("mfcc") defaults
    QCOMPARE(config->learningRate, 0.05);
}

void TrainingPanelTest::twoEpochsDrawCurvesAddRunAndConfusion()
{
    TrainingPanel panel;
    panel.resize(1280, 820);
    panel.show();
    panel.setData(m_cache);
    QVERIFY(panel.selectNetwork("mfcc"));
    panel.setEpochs(2);
    TrainingWorker *worker = panel.worker();
    QSignalSpy started(worker, &TrainingWorker::started);
    QSignalSpy progress(worker, &TrainingWorker::progress);
    QSignalSpy finished(worker, &TrainingWorker::finished);
    QSignalSpy runFinished(&panel, &TrainingPanel::runFinished);
    QSignalSpy evaluated(&panel, &TrainingPanel::evaluationShown);

    QTest::mouseClick(panel.trainButton(), Qt::LeftButton);
    QVERIFY(panel.isTraining());
    QVERIFY(!panel.trainButton()->isEnabled());
    QVERIFY(panel.stopButton()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(runFinished.count(), 1, 120000);
    QTRY_COMPARE_WITH_TIMEOUT(evaluated.count(), 1, 60000);
    // The worker is idle now (it answered the evaluation), so its spies may be read.
    QCOMPARE(finished.count(), 1);
    QCOMPARE(started.count(), 1);
    const qint64 trainSize = started.at(0).at(1).toLongLong(), testSize = started.at(0).at(2).toLongLong();
    QCOMPARE(trainSize, 200);
    QCOMPARE(testSize, 100);
    // 200 clips in batches of 32: 7 batches, one point each (reportsPerEpoch 5), 2 epochs.
    QCOMPARE(progress.count(), 14);
    const auto summary = finished.at(0).at(0).value<TrainingSummary>();
    QCOMPARE(toString(summary.outcome), QString("finished"));
    QCOMPARE(summary.epochsDone, 2);
    QVERIFY(summary.testAccuracy > 0.1);  // better than chance after two epochs of the mfcc net

    TrainingCurves *curves = panel.curves();
    QCOMPARE(curves->pointCount(TrainingCurves::Series::TrainLoss), progress.count());
    QCOMPARE(curves->pointCount(TrainingCurves::Series::TrainAccuracy), progress.count());
    QCOMPARE(curves->pointCount(TrainingCurves::Series::TestAccuracy), 2);
    const auto last = progress.last().at(0).value<TrainingProgress>();
    QCOMPARE(last.fraction, 2.0);
    QCOMPARE((curves->plot()->graph(0)->data()->constEnd() - 1)->value, last.loss);
    QCOMPARE(panel.progressBar()->value(), panel.progressBar()->maximum());

    // One row in the runs table with the run's numbers.
    RunsModel *runs = panel.runsTable()->runsModel();
    QCOMPARE(runs->rowCount(), 1);
    QCOMPARE(runs->run(0).network, QString("mfcc"));
    QCOMPARE(runs->run(0).input, QString("mfcc"));
    QCOMPARE(static_cast<int>(runs->run(0).history.size()), 14);
    QCOMPARE(runs->run(0).summary.testAccuracy, summary.testAccuracy);
    QCOMPARE(runs->data(runs->index(0, RunsModel::TestAccuracyColumn)).toString(),
             QString::number(100.0 * summary.testAccuracy, 'f', 1) + " %");

    // The confusion matrix covers the whole test set and agrees with the accuracy.
    ConfusionMatrixView *matrix = panel.confusionMatrix();
    QVERIFY(matrix->hasReport());
    QCOMPARE(matrix->total(), 100);
    int diagonal = 0;
    for (int d = 0; d < 10; ++d)
        diagonal += matrix->count(d, d);
    QCOMPARE(diagonal, static_cast<int>(std::lround(summary.testAccuracy * 100)));
    // Clicking an off-diagonal cell lists its clips.
    const auto confusion = matrix->largestConfusion();
    QVERIFY(confusion);
    const auto [truth, predicted] = *confusion;
    for (int t = 0; t < 10; ++t)
        for (int p = 0; p < 10; ++p)
            QVERIFY(t == p || matrix->count(t, p) <= matrix->count(truth, predicted));
    QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellRect(truth, predicted).center());
    QCOMPARE(panel.clipList()->count(), matrix->count(truth, predicted));
    QVERIFY(panel.clipList()->item(0)->text().startsWith(QString::number(truth) + "_"));

    // Ticking the run overlays it; a second run of the same curve length is then drawn over it.
    runs->setData(runs->index(0, 0), Qt::Checked, Qt::CheckStateRole);
    QCOMPARE(curves->overlayCount(), 3);

    QApplication::processEvents();
    const QImage shot = panel.grab().toImage();
    QVERIFY(shot.save("/tmp/training_panel.png"));
    QTemporaryDir dir;
    QVERIFY(curves->savePng(dir.filePath("curves.png"), 640, 400));
    QVERIFY(curves->savePdf(dir.filePath("curves.pdf"), 640, 400));
    QVERIFY(QFileInfo(dir.filePath("curves.pdf")).size() > 1000);
    QCOMPARE(QImage(dir.filePath("curves.png")).width(), 640);
}

void TrainingPanelTest::startLongRun(TrainingPanel &panel, QSignalSpy &shown)
{
    panel.setData(m_cache);
    QVERIFY(panel.selectNetwork("mfcc"));
    panel.setEpochs(500);  // far longer than the test waits
    QTest::mouseClick(panel.trainButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 2, 60000);
}

void TrainingPanelTest::stopMidRunEndsStopped()
{
    TrainingPanel panel;
    QSignalSpy shown(&panel, &TrainingPanel::progressShown);
    QSignalSpy runFinished(&panel, &TrainingPanel::runFinished);
    startLongRun(panel, shown);
    QTest::mouseClick(panel.stopButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(runFinished.count(), 1, 30000);
    const auto summary = runFinished.at(0).at(0).value<TrainingSummary>();
    QCOMPARE(toString(summary.outcome), QString("stopped"));
    QVERIFY(summary.epochsDone < 500);
    QVERIFY(panel.messageText().startsWith("Stopped"));
    QVERIFY(!panel.isTraining());
    QVERIFY(panel.trainButton()->isEnabled());
    QCOMPARE(panel.runsTable()->runsModel()->rowCount(), 1);
    QCOMPARE(toString(panel.runsTable()->runsModel()->run(0).summary.outcome), QString("stopped"));
}

void TrainingPanelTest::pauseThenStepRunsOneBatch()
{
    TrainingPanel panel;
    QSignalSpy shown(&panel, &TrainingPanel::progressShown);
    startLongRun(panel, shown);
    QTest::mouseClick(panel.pauseButton(), Qt::LeftButton);
    QVERIFY(panel.isPaused());
    QCOMPARE(panel.pauseButton()->text(), QString("Resume"));
    // The batch in flight when Pause was pressed may still report; then nothing more arrives.
    int settled = -1;
    for (int i = 0; i < 20 && settled != shown.count(); ++i) {
        settled = shown.count();
        QTest::qWait(400);
    }
    QCOMPARE(shown.count(), settled);
    const auto before = shown.last().at(0).value<TrainingProgress>();

    QTest::mouseClick(panel.stepButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), settled + 1, 10000);
    const auto after = shown.last().at(0).value<TrainingProgress>();
    QCOMPARE(after.step, before.step + 1);
    QTest::qWait(800);
    QCOMPARE(shown.count(), settled + 1);  // still paused after the single step
    QVERIFY(panel.isPaused());

    QTest::mouseClick(panel.pauseButton(), Qt::LeftButton);  // resume
    QVERIFY(!panel.isPaused());
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() > settled + 2, 10000);
    panel.stopTraining();
    QSignalSpy runFinished(&panel, &TrainingPanel::runFinished);
    QTRY_COMPARE_WITH_TIMEOUT(runFinished.count(), 1, 30000);
}

void TrainingPanelTest::destroyingMidTrainingReturnsPromptly()
{
    auto *panel = new TrainingPanel;
    QSignalSpy shown(panel, &TrainingPanel::progressShown);
    startLongRun(*panel, shown);
    QVERIFY(panel->isTraining());
    QElapsedTimer clock;
    clock.start();
    delete panel;
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString("took %1 ms").arg(clock.elapsed())));

    // The same while paused.
    panel = new TrainingPanel;
    QSignalSpy shownPaused(panel, &TrainingPanel::progressShown);
    startLongRun(*panel, shownPaused);
    panel->togglePause();
    QTest::qWait(200);
    clock.restart();
    delete panel;
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString("took %1 ms").arg(clock.elapsed())));
}

QTEST_MAIN(TrainingPanelTest)
#include "TrainingPanelTest.moc"
