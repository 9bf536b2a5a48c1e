// The Training tab's Layers page on real runs: live while plain, batchnorm and resnet train (one thread, 300
// clips), then the three runs ticked and compared layer by layer. Saves offscreen screenshots of both to /tmp.
#include "SmallFeatureCache.h"
#include "network/PresetLibrary.h"
#include "services/TrainingController.h"
#include "training/LayersView.h"
#include "training/RunsModel.h"
#include "training/RunsTable.h"
#include "training/TrainingPanel.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QtTest>

using namespace convscope;

class LayersViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void followsRunsLiveAndComparesThreeOfThem();
    void redrawsAtMostFiveTimesASecondAndOnlyWhenShown();

private:
    std::shared_ptr<const FeatureCache> m_cache;
};

void LayersViewTest::initTestCase()
{
    QString error;
    m_cache = test::smallFeatureCache(300, &error);
    QVERIFY2(m_cache, qPrintable(error));
}

void LayersViewTest::followsRunsLiveAndComparesThreeOfThem()
{
    TrainingController training;
    TrainingPanel panel(&training);
    panel.resize(1400, 900);
    panel.show();
    training.setData(m_cache);
    LayersView *view = panel.layers();
    panel.pages()->setCurrentWidget(view);
    QSignalSpy progress(&training, &TrainingController::progress);
    QSignalSpy recorded(&training, &TrainingController::runRecorded);
    const PresetLibrary presets;
    const QStringList names{"plain", "batchnorm", "resnet"};
    for (const QString &name : names) {
        TrainingConfig config = *TrainingConfig::forPreset(name, *presets.find(name.toStdString()));
        config.epochs = 2;
        config.threads = 1;
        config.layerStatistics = true;
        const int before = static_cast<int>(progress.count());
        QCOMPARE(training.start(config), QString());
        if (name == "batchnorm") {  // paused mid-run: the page as a class sees it during training
            QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= before + 5, 60000);
            training.togglePause();
            QTRY_COMPARE_WITH_TIMEOUT(toString(training.state()), toString(TrainingState::Paused), 10000);
            QVERIFY(view->pointCount() >= 5);
            // batchnorm: 4 × (conv, batchnorm, relu), then linear, batchnorm, relu twice and the last linear.
            QCOMPARE(view->table()->rowCount(), 19);
            QCOMPARE(view->table()->item(0, 0)->text(), QString("1 conv1d"));
            QCOMPARE(view->table()->item(2, 0)->text(), QString("3 relu"));
            QVERIFY(view->table()->item(2, 3)->text().endsWith("%"));  // a ReLU's dead fraction
            QCOMPARE(view->table()->item(2, 4)->text(), QString("–"));  // and no weights
            QApplication::processEvents();
            QVERIFY(view->grab().save("/tmp/convscope-layers-live.png"));
            training.togglePause();
        }
        QTRY_COMPARE_WITH_TIMEOUT(static_cast<int>(recorded.count()), names.indexOf(name) + 1, 120000);
    }

    RunsModel *runs = panel.runsTable()->runsModel();
    QCOMPARE(runs->rowCount(), 3);
    for (int row = 0; row < 3; ++row)
        runs->setData(runs->index(row, 0), Qt::Checked, Qt::CheckStateRole);
    const LayerComparison &comparison = view->comparison();
    QVERIFY2(comparison.aligned, qPrintable(view->comparisonSentence()));
    QCOMPARE(comparison.positions.size(), 7);  // four convolutions (or blocks) and three Linear layers
    QCOMPARE(static_cast<int>(comparison.gradientNorms.size()), 3);
    const QString sentence = view->comparisonSentence();
    QVERIFY2(sentence.startsWith("plain (run 1): the first convolution's gradient is "), qPrintable(sentence));
    QVERIFY2(sentence.contains("; batchnorm (run 2): ") && sentence.contains("; resnet (run 3): "), qPrintable(sentence));
    view->pages()->setCurrentIndex(1);
    QApplication::processEvents();
    QVERIFY(view->grab().save("/tmp/convscope-layers-compare.png"));
    qInfo("%s", qPrintable(sentence));

    // A run whose layers do not line up with the others', and one measured without statistics.
    RunRecord shorter = runs->run(0);
    auto &layers = shorter.history.back().layers;
    layers.erase(layers.begin());  // without its first convolution: six layers with weights
    shorter.history = {shorter.history.back()};
    view->setComparedRuns({runs->run(1), shorter});
    QVERIFY(!view->comparison().aligned);
    QVERIFY2(view->comparisonSentence().contains("cannot be aligned") && view->comparisonSentence().contains("has 6"),
             qPrintable(view->comparisonSentence()));
    RunRecord unmeasured = runs->run(2);
    for (TrainingProgress &point : unmeasured.history)
        point.layers.clear();
    view->setComparedRuns({runs->run(1), unmeasured});
    QVERIFY2(view->comparisonSentence().contains("has no layer statistics"), qPrintable(view->comparisonSentence()));
}

namespace {

/// A point of one measured convolution whose activation mean is `step`.
TrainingProgress pointAt(int step)
{
    LayerStatistics conv;
    conv.name = "1 conv1d";
    conv.weighted = true;
    conv.weightNorm = 1.0;
    conv.activationMean = step;
    conv.activationStd = 0.5;
    conv.histogram.assign(LayerStatistics::kHistogramBins, 1);
    TrainingProgress point;
    point.step = step;
    point.fraction = step / 10.0;
    point.layers = {conv};
    return point;
}

}  // namespace

void LayersViewTest::redrawsAtMostFiveTimesASecondAndOnlyWhenShown()
{
    // Seen: the page redrew its table and four plots at every point, 4-5 ms of the GUI thread each; a fast network
    // sends 20 points a second and more, and the event loop's p99 lag reached 30 ms (--bench-training-lag).
    LayersView view;
    view.resize(900, 500);
    view.show();
    view.startRun({});
    QTableWidget *table = view.table();
    view.addPoint(pointAt(1));
    QTRY_COMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 1)->text(), QString("1"));
    QElapsedTimer clock;
    clock.start();
    for (int step = 2; step <= 20; ++step)
        view.addPoint(pointAt(step));
    QApplication::processEvents();
    if (clock.elapsed() < LayersView::kRedrawMs)
        QCOMPARE(table->item(0, 1)->text(), QString("1"));  // not redrawn within 200 ms of the last time
    QTRY_COMPARE_WITH_TIMEOUT(table->item(0, 1)->text(), QString("20"), 2 * LayersView::kRedrawMs);  // then the latest
    QCOMPARE(view.pointCount(), std::size_t(20));
    // Hidden (another page of the training tab), it draws nothing, and the latest when shown again.
    view.hide();
    view.addPoint(pointAt(21));
    QTest::qWait(2 * LayersView::kRedrawMs);
    QCOMPARE(table->item(0, 1)->text(), QString("20"));
    view.show();
    QCOMPARE(table->item(0, 1)->text(), QString("21"));
}

QTEST_MAIN(LayersViewTest)
#include "LayersViewTest.moc"
