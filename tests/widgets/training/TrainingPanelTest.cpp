// The training panel end to end: real LibTorch training on 300 real FSDD clips, offscreen.
#include "audio/AudioDecoder.h"
#include "common/ConfusionMatrixView.h"
#include "data/Dataset.h"
#include "data/FileNameParser.h"
#include "common/QCustomPlotShim.h"
#include "training/RunsModel.h"
#include "training/RunsTable.h"
#include "SmallFeatureCache.h"
#include "training/TrainingCurves.h"
#include "training/TrainingForm.h"
#include "training/TrainingPanel.h"
#include "network/PresetLibrary.h"
#include "services/TrainingController.h"
#include "train/TrainingWorker.h"

#include <QCheckBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QHeaderView>
#include <QtTest>

using namespace convscope;

class TrainingPanelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void trainDisabledUntilData();
    void readyDataReplacesPreparingOnTheProgressBar();
    void voicePresetKeepsAndShowsItsRecipe();
    void twoEpochsDrawCurvesAddRunAndConfusion();
    void stopMidRunEndsStopped();
    void aOneEpochTestPointSitsInsideThePlot();
    void pauseThenStepRunsOneBatch();
    void destroyingMidTrainingReturnsPromptly();

private:
    /// The confusion matrix covers the whole test set, agrees with the accuracy and lists a cell's clips on click.
    void confusionMatrixAgreesAndListsClips(TrainingPanel &panel, double testAccuracy);
    /// Starts a long mfcc run on `panel` and waits for two progress points.
    void startLongRun(TrainingController &training, TrainingPanel &panel, QSignalSpy &progress);

    std::shared_ptr<const FeatureCache> m_cache;
};

void TrainingPanelTest::initTestCase()
{
    QString error;
    m_cache = test::smallFeatureCache(300, &error);
    QVERIFY2(m_cache, qPrintable(error));
    QCOMPARE(test::clipFiles(*m_cache).size(), 300);
}

void TrainingPanelTest::trainDisabledUntilData()
{
    TrainingController training;
    TrainingPanel panel(&training);
    QVERIFY(!panel.trainButton()->isEnabled());
    QVERIFY(!panel.stopButton()->isEnabled());
    panel.startTraining();  // must not crash without data
    QCOMPARE(toString(training.state()), toString(TrainingState::Idle));
    QVERIFY(panel.messageText().contains("Load the dataset"));
    training.setData(m_cache);
    QVERIFY(panel.trainButton()->isEnabled());
    QVERIFY(training.worker() != nullptr);
    // The split list offers every speaker of the data.
    const auto config = panel.config();
    QVERIFY(config);
    QCOMPARE(toString(config->input), QString("mfcc"));  // the mfcc preset is selected by default
    QCOMPARE(config->epochs, 20);              // TrainingConfig::forPreset("mfcc") defaults
    QCOMPARE(config->learningRate, 0.05);
}

void TrainingPanelTest::readyDataReplacesPreparingOnTheProgressBar()
{
    // Seen: "Preparing the data…" stayed on the progress bar after the message line said "Ready: 3000 clips".
    Dataset dataset;
    dataset.folder = test::fsddFolder();
    for (int digit = 0; digit < 10; ++digit)
        for (int take = 0; take < 3; ++take) {
            DatasetItem item;
            item.fileName = QString("%1_george_%2.wav").arg(digit).arg(take);
            item.name = FileNameParser::parse(item.fileName).value();
            const DecodeResult decoded = AudioDecoder::decodeFile(dataset.folder + "/" + item.fileName);
            QVERIFY2(decoded.clip, qPrintable(decoded.error));
            item.samples = decoded.clip->samples;
            dataset.items.push_back(std::move(item));
        }
    TrainingController training;
    TrainingPanel panel(&training);
    QCOMPARE(panel.progressBar()->format(), QString("Not started"));
    training.prepareData(dataset);
    QCOMPARE(panel.progressBar()->format(), QString("Preparing the data…"));
    QTRY_VERIFY_WITH_TIMEOUT(training.hasData(), 30000);
    QVERIFY2(panel.messageText().contains("Ready: 30 clips"), qPrintable(panel.messageText()));
    QCOMPARE(panel.progressBar()->format(), QString("Ready · 30 clips"));
    QCOMPARE(panel.progressBar()->value(), 0);
}

void TrainingPanelTest::voicePresetKeepsAndShowsItsRecipe()
{
    // Seen: the form dropped the voice recipe's MFCC standardisation (its box stayed unticked) and showed nothing
    // of the word centring, schedule, speeds and masks it has no field for.
    TrainingController training;
    TrainingPanel panel(&training);
    training.setData(m_cache);
    TrainingForm *form = panel.form();
    auto *recipe = form->findChild<QLabel *>("recipe");
    QVERIFY(recipe);
    QVERIFY(form->selectNetwork("voice"));
    const auto voice = form->config();
    QVERIFY(voice);
    const auto preset = TrainingConfig::forPreset("voice", *PresetLibrary().find("voice"));
    QVERIFY(preset);
    QCOMPARE(voice->toJson(), preset->toJson());
    QCOMPARE(runLabel(*voice), QString("voice"));
    auto *augment = form->findChild<QCheckBox *>("augment");
    QVERIFY(augment && augment->isChecked());
    QCOMPARE(augment->text(), QString("time shift"));  // an MFCC net's augmentation is the time shift alone
    QCOMPARE(recipe->text(), QString("word's core centred · cosine learning rate · 7 speeds 0.85–1.15 · judged at each "
                                     "speed · 1 random room · noise floors · 3 SpecAugment masks"));
    panel.resize(1280, 820);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(form->grab().save("/tmp/training_form_voice.png"));

    // Back to the assignment's mfcc preset: no recipe, standardisation off again.
    QVERIFY(form->selectNetwork("mfcc"));
    const auto mfcc = form->config();
    QVERIFY(mfcc);
    QVERIFY(!mfcc->centreWord && !mfcc->standardizeMfcc && mfcc->speeds.empty());
    QCOMPARE(toString(mfcc->schedule), QString("constant"));
    QCOMPARE(recipe->text(), QString("none"));
    QVERIFY(!augment->isChecked());

    // An opened run's recipe is kept too, and listed.
    TrainingConfig opened = *voice;
    opened.centreWord = false;
    opened.speeds.clear();
    opened.testAtSpeeds = false;  // test-time speeds need speeds
    opened.rooms = 0;             // and the rooms the centred word
    opened.noiseFloors = false;   // and the noise floors the rooms
    opened.specAugmentMasks = 0;
    opened.labelSmoothing = 0.1;
    form->showConfig(opened, "voice");
    QCOMPARE(form->config()->toJson(), opened.toJson());
    QCOMPARE(recipe->text(), QString("cosine learning rate · label smoothing 0.1"));
}

void TrainingPanelTest::confusionMatrixAgreesAndListsClips(TrainingPanel &panel, double testAccuracy)
{
    // The confusion matrix covers the whole test set and agrees with the accuracy.
    ConfusionMatrixView *matrix = panel.confusionMatrix();
    QVERIFY(matrix->hasReport());
    QCOMPARE(matrix->total(), 100);
    int diagonal = 0;
    for (int d = 0; d < 10; ++d)
        diagonal += matrix->count(d, d);
    QCOMPARE(diagonal, static_cast<int>(std::lround(testAccuracy * 100)));
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

}

void TrainingPanelTest::twoEpochsDrawCurvesAddRunAndConfusion()
{
    TrainingController training;
    TrainingPanel panel(&training);
    panel.resize(1280, 820);
    panel.show();
    training.setData(m_cache);
    QVERIFY(panel.selectNetwork("mfcc"));
    panel.setEpochs(2);
    TrainingWorker *worker = training.worker();
    QSignalSpy started(worker, &TrainingWorker::started);
    QSignalSpy progress(worker, &TrainingWorker::progress);
    QSignalSpy finished(worker, &TrainingWorker::finished);
    QSignalSpy recorded(&training, &TrainingController::runRecorded);
    QSignalSpy evaluated(&training, &TrainingController::evaluated);

    QTest::mouseClick(panel.trainButton(), Qt::LeftButton);
    QCOMPARE(toString(training.state()), toString(TrainingState::Training));
    QVERIFY(!panel.trainButton()->isEnabled());
    QVERIFY(panel.stopButton()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 120000);
    QCOMPARE(evaluated.count(), 1);
    QCOMPARE(toString(training.state()), toString(TrainingState::Finished));
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
    // The recorded run's accuracy is the final evaluation's; for a finished run it is the last epoch's too.
    QCOMPARE(recorded.at(0).at(0).value<RunRecord>().summary.testAccuracy,
             evaluated.at(0).at(0).value<EvaluationReport>().accuracy);

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

    confusionMatrixAgreesAndListsClips(panel, summary.testAccuracy);
    if (QTest::currentTestFailed())
        return;

    // Ticking the run overlays it; a second run of the same curve length is then drawn over it.
    runs->setData(runs->index(0, 0), Qt::Checked, Qt::CheckStateRole);
    QCOMPARE(curves->overlayCount(), 3);

    QApplication::processEvents();
    const QImage shot = panel.grab().toImage();
    QVERIFY(shot.save("/tmp/training_panel.png"));
    // Every column, Time the last, fits the table (seen: a long convergence verdict pushed it out of view).
    RunsTable *table = panel.runsTable();
    QVERIFY2(table->horizontalHeader()->length() <= table->viewport()->width(),
             qPrintable(QString("%1 > %2").arg(table->horizontalHeader()->length()).arg(table->viewport()->width())));
    QTemporaryDir dir;
    QVERIFY(curves->savePng(dir.filePath("curves.png"), 640, 400));
    QVERIFY(curves->savePdf(dir.filePath("curves.pdf"), 640, 400));
    QVERIFY(QFileInfo(dir.filePath("curves.pdf")).size() > 1000);
    QCOMPARE(QImage(dir.filePath("curves.png")).width(), 640);
}

void TrainingPanelTest::startLongRun(TrainingController &training, TrainingPanel &panel, QSignalSpy &progress)
{
    training.setData(m_cache);
    QVERIFY(panel.selectNetwork("mfcc"));
    panel.setEpochs(500);  // far longer than the test waits
    QTest::mouseClick(panel.trainButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 2, 60000);
}

void TrainingPanelTest::stopMidRunEndsStopped()
{
    TrainingController training;
    TrainingPanel panel(&training);
    QSignalSpy progress(&training, &TrainingController::progress);
    QSignalSpy recorded(&training, &TrainingController::runRecorded);
    QSignalSpy evaluated(&training, &TrainingController::evaluated);
    startLongRun(training, panel, progress);
    QTest::mouseClick(panel.stopButton(), Qt::LeftButton);
    QCOMPARE(toString(training.state()), toString(TrainingState::Stopping));
    QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 30000);
    QCOMPARE(toString(training.state()), toString(TrainingState::Stopped));
    const auto run = recorded.at(0).at(0).value<RunRecord>();
    QCOMPARE(toString(run.summary.outcome), QString("stopped"));
    QVERIFY(run.summary.epochsDone < 500);
    QVERIFY(panel.trainButton()->isEnabled());
    QVERIFY(panel.saveModelButton()->isEnabled());

    // One test accuracy everywhere: runs table, status line, confusion matrix, runs JSON (seen: 35.3 % vs 82.4 %).
    QCOMPARE(evaluated.count(), 1);
    const double accuracy = evaluated.at(0).at(0).value<EvaluationReport>().accuracy;
    RunsModel *runs = panel.runsTable()->runsModel();
    QCOMPARE(runs->rowCount(), 1);
    QCOMPARE(runs->run(0).summary.testAccuracy, accuracy);
    const QString percent = QString::number(100.0 * accuracy, 'f', 1) + " %";
    QCOMPARE(runs->data(runs->index(0, RunsModel::TestAccuracyColumn)).toString(), percent);
    QVERIFY2(panel.messageText().contains(percent), qPrintable(panel.messageText()));
    int diagonal = 0;
    for (int d = 0; d < 10; ++d)
        diagonal += panel.confusionMatrix()->count(d, d);
    QCOMPARE(diagonal, static_cast<int>(std::lround(accuracy * panel.confusionMatrix()->total())));
    QCOMPARE(runs->run(0).toJson()["test_accuracy"].toDouble(), accuracy);

    // "Stopped" once, not "Stopped: Stopped at …".
    QVERIFY2(panel.messageText().startsWith("Stopped at epoch"), qPrintable(panel.messageText()));
    QCOMPARE(panel.messageText().count("Stopped"), 1);

    // A run stopped early is not judged converged (seen: "yes (stopped)" at epoch 3 of 15).
    const QString verdict = runs->data(runs->index(0, RunsModel::ConvergedColumn)).toString();
    QVERIFY2(!verdict.startsWith("yes"), qPrintable(verdict));
    QVERIFY(run.convergence().reason.startsWith("not judged: stopped at epoch"));
    QVERIFY(run.toJson()["converged"].isNull());

    // The curve agrees too: its last test point is that evaluation, at the run's last point, marked "at stop" in the
    // legend (seen: the curve ended at its last epoch's 0.38 while everything else said 74.2 %).
    const auto graphNamed = [&panel](const QString &name) -> QCPGraph * {
        QCustomPlot *plot = panel.curves()->plot();
        for (int i = 0; i < plot->graphCount(); ++i)
            if (plot->graph(i)->name() == name)
                return plot->graph(i);
        return nullptr;
    };
    QCPGraph *testCurve = graphNamed("test acc");
    QVERIFY(testCurve);
    int epochEnds = 0;
    for (const TrainingProgress &point : run.history)
        epochEnds += point.epochEnd ? 1 : 0;
    QCOMPARE(testCurve->dataCount(), epochEnds + 1);
    const QCPGraphData last = *(testCurve->data()->constEnd() - 1);
    QCOMPARE(last.key, run.history.back().fraction);
    QCOMPARE(last.value, run.summary.testAccuracy);
    QCPGraph *stopMark = graphNamed("test acc at stop");
    QVERIFY(stopMark);
    QCOMPARE(stopMark->dataCount(), 1);
    QCOMPARE(stopMark->data()->constBegin()->key, last.key);
    QCOMPARE(stopMark->data()->constBegin()->value, accuracy);
    QVERIFY(panel.curves()->plot()->legend->hasItemWithPlottable(stopMark));
    QVERIFY(stopMark->scatterStyle().shape() != testCurve->scatterStyle().shape());

    // A new run starts without the mark.
    panel.curves()->startRun(3);
    QCOMPARE(stopMark->dataCount(), 0);
    QVERIFY(!panel.curves()->plot()->legend->hasItemWithPlottable(stopMark));
}

void TrainingPanelTest::aOneEpochTestPointSitsInsideThePlot()
{
    // Seen: a one-epoch run's test accuracy sat on the plot's right edge, half its marker cut off.
    TrainingCurves curves;
    curves.resize(640, 400);
    curves.show();
    QVERIFY(QTest::qWaitForWindowExposed(&curves));
    curves.startRun(1);
    TrainingProgress end;
    end.fraction = 1.0;
    end.loss = 1.2;
    end.trainAccuracy = 0.4;
    end.testAccuracy = 0.35;
    end.epochEnd = true;
    curves.addPoint(end);
    curves.plot()->replot();
    const double x = curves.plot()->xAxis->coordToPixel(1.0);
    const int right = curves.plot()->axisRect()->rect().right();
    QVERIFY2(right - x >= 10.0, qPrintable(QString("the point at x %1, the plot's edge at %2").arg(x).arg(right)));
}

void TrainingPanelTest::pauseThenStepRunsOneBatch()
{
    TrainingController training;
    TrainingPanel panel(&training);
    QSignalSpy shown(&training, &TrainingController::progress);
    startLongRun(training, panel, shown);
    QTest::mouseClick(panel.pauseButton(), Qt::LeftButton);
    QVERIFY(training.isPaused());
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
    QVERIFY(training.isPaused());

    QTest::mouseClick(panel.pauseButton(), Qt::LeftButton);  // resume
    QVERIFY(!training.isPaused());
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() > settled + 2, 10000);
    QSignalSpy recorded(&training, &TrainingController::runRecorded);
    training.stop();
    QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 30000);
}

void TrainingPanelTest::destroyingMidTrainingReturnsPromptly()
{
    auto *training = new TrainingController;
    auto *panel = new TrainingPanel(training);
    QSignalSpy shown(training, &TrainingController::progress);
    startLongRun(*training, *panel, shown);
    QVERIFY(isRunning(training->state()));
    QElapsedTimer clock;
    clock.start();
    delete panel;
    delete training;
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString("took %1 ms").arg(clock.elapsed())));

    // The same while paused.
    training = new TrainingController;
    panel = new TrainingPanel(training);
    QSignalSpy shownPaused(training, &TrainingController::progress);
    startLongRun(*training, *panel, shownPaused);
    training->togglePause();
    QTest::qWait(200);
    clock.restart();
    delete panel;
    delete training;
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString("took %1 ms").arg(clock.elapsed())));
}

QTEST_MAIN(TrainingPanelTest)
#include "TrainingPanelTest.moc"
