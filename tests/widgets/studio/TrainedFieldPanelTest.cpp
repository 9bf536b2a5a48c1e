// The receptive-field view with a trained model's weights: the mfcc preset trained for one epoch on 300 real FSDD
// clips through the training controller, traced on its worker thread and shown in the studio's panel (offscreen).
#include "SmallFeatureCache.h"
#include "network/PresetLibrary.h"
#include "studio/FeatureMapGrid.h"
#include "services/NetworkDocument.h"
#include "studio/ReceptiveFieldPanel.h"
#include "services/ReceptiveFieldTracker.h"
#include "studio/SummaryPanel.h"
#include "services/DatasetDocument.h"
#include "services/ModelService.h"
#include "services/TrainingController.h"

#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QtTest>

using namespace convscope;

class TrainedFieldPanelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void noModelSaysWhatToDo();
    void trainedModelGivesTrainedMaps();
    void staleAnswersAreIgnored();
    void anotherNetworkNamesTheModel();
    void aRunningModelAnswersWhenTheRunEnds();

private:
    /// Chooses `weights` in the panel's switch, as a click on its item does.
    static void chooseWeights(ReceptiveFieldPanel &panel, ProbeWeights weights);
    /// Chooses trained weights and waits for the model's maps.
    static void waitForTrainedMaps(ReceptiveFieldPanel &panel, ReceptiveFieldTracker &tracker);

    std::shared_ptr<const FeatureCache> m_cache;
    TrainingController m_training;
    DatasetDocument m_recordings;
    ModelService m_models{&m_training, &m_recordings};
};

namespace {

NetworkSpec preset(const char *id)
{
    const PresetLibrary presets;
    return *presets.find(id);
}

QString errorOf(const ReceptiveFieldTracker &tracker) { return QString::fromStdString(tracker.result().error); }

/// A studio document showing a preset, its tracker (answered by `training` when given) and the receptive-field panel.
struct FieldView {
    NetworkDocument document;
    ReceptiveFieldTracker tracker{&document};
    ReceptiveFieldPanel panel{&tracker};

    FieldView(const char *presetId, ModelService *models)
    {
        document.reset(preset(presetId));
        if (models)
            tracker.setTrainedModel(models);
    }
};

}  // namespace

void TrainedFieldPanelTest::initTestCase()
{
    QString error;
    m_cache = test::smallFeatureCache(300, &error);
    QVERIFY2(m_cache, qPrintable(error));
    m_training.setData(m_cache);
    TrainingConfig config = TrainingConfig::forPreset("mfcc", preset("mfcc")).value();
    config.epochs = 1;
    QSignalSpy recorded(&m_training, &TrainingController::runRecorded);
    QCOMPARE(m_training.start(config), QString());
    QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 120000);
    QCOMPARE(m_training.modelName(), QString("mfcc"));
}

void TrainedFieldPanelTest::chooseWeights(ReceptiveFieldPanel &panel, ProbeWeights weights)
{
    QComboBox *box = panel.weightsBox();
    const int index = box->findData(static_cast<int>(weights));
    QVERIFY(index >= 0);
    box->setCurrentIndex(index);
    Q_EMIT box->activated(index);
}

void TrainedFieldPanelTest::waitForTrainedMaps(ReceptiveFieldPanel &panel, ReceptiveFieldTracker &tracker)
{
    chooseWeights(panel, ProbeWeights::Trained);
    QCOMPARE(tracker.weights(), ProbeWeights::Trained);
    QTRY_VERIFY_WITH_TIMEOUT(!tracker.isTracing(), 30000);
    QVERIFY2(tracker.result().maps, qPrintable(errorOf(tracker)));
}

void TrainedFieldPanelTest::noModelSaysWhatToDo()
{
    FieldView view("mfcc", nullptr);
    ReceptiveFieldTracker &tracker = view.tracker;
    ReceptiveFieldPanel &panel = view.panel;
    const QString noModel = "No trained model: train this network in the Training tab or open a checkpoint there.";
    chooseWeights(panel, ProbeWeights::Trained);  // no controller at all
    QVERIFY(!tracker.result().maps);
    QCOMPARE(errorOf(tracker), noModel);
    TrainingController untrained;  // a controller without data or model
    DatasetDocument noRecordings;
    ModelService untrainedModels(&untrained, &noRecordings);
    tracker.setTrainedModel(&untrainedModels);
    QVERIFY(!tracker.isTracing());
    QCOMPARE(errorOf(tracker), noModel);
    QCOMPARE(panel.errorLine()->text(), noModel);
    QVERIFY(!panel.errorLine()->isHidden());
    QCOMPARE(panel.infoLine()->text(),
             QString("Choose all-one or random weights to see this network's field without a model."));
}

void TrainedFieldPanelTest::trainedModelGivesTrainedMaps()
{
    FieldView view("mfcc", &m_models);
    NetworkDocument &document = view.document;
    ReceptiveFieldTracker &tracker = view.tracker;
    ReceptiveFieldPanel &panel = view.panel;
    const SummaryPanel summary(&tracker);
    chooseWeights(panel, ProbeWeights::Trained);
    QVERIFY(tracker.isTracing());  // the worker thread answers
    QCOMPARE(panel.infoLine()->text(), QString("Tracing with trained weights over 10 test clips…"));
    QVERIFY(panel.errorLine()->isHidden());
    QTRY_VERIFY_WITH_TIMEOUT(!tracker.isTracing(), 30000);
    QVERIFY2(tracker.result().maps, qPrintable(errorOf(tracker)));
    const ReceptiveFieldMaps &maps = *tracker.result().maps;
    QCOMPARE(maps.weights, ProbeWeights::Trained);
    QCOMPARE(maps.averaged, ReceptiveFieldTracker::kTrainedClips);
    QCOMPARE(maps.pixel, (std::array<std::int64_t, 2>{0, 4}));  // the centre of the 64×9 output
    QVERIFY(maps.effectiveSize > 0 && maps.effectiveSize <= 22);  // inside the 22-frame analytic field
    QCOMPARE(panel.grid()->panels().size(), std::size_t{10});   // nine layer inputs and the output
    QVERIFY2(panel.infoLine()->text().contains("trained weights of “mfcc” over 10 test clips: the effective field"),
             qPrintable(panel.infoLine()->text()));
    QVERIFY(panel.errorLine()->isHidden());
    QVERIFY2(summary.text().contains(QString("within %1 pixels across (trained weights)").arg(maps.effectiveSize)),
             qPrintable(summary.text()));

    // The network's name is no part of its field: a renamed copy of the preset is the model's network.
    NetworkSpec renamed = preset("mfcc");
    renamed.name = "my MFCC net";
    document.reset(renamed);
    QTRY_VERIFY_WITH_TIMEOUT(!tracker.isTracing(), 30000);
    QVERIFY2(tracker.result().maps, qPrintable(errorOf(tracker)));
}

void TrainedFieldPanelTest::staleAnswersAreIgnored()
{
    FieldView view("mfcc", &m_models);
    ReceptiveFieldTracker &tracker = view.tracker;
    ReceptiveFieldPanel &panel = view.panel;
    waitForTrainedMaps(panel, tracker);
    std::vector<std::int64_t> shownColumns;
    connect(&tracker, &ReceptiveFieldTracker::resultChanged, this, [&] {
        if (tracker.result().maps)
            shownColumns.push_back(tracker.result().maps->pixel[1]);
    });
    tracker.setPixel(0, 1);
    tracker.setPixel(0, 6);  // asked before the first answer can arrive: that one is stale
    QTRY_VERIFY_WITH_TIMEOUT(!tracker.isTracing(), 30000);
    QTest::qWait(100);  // a late answer for column 1 would show now
    QCOMPARE(shownColumns, (std::vector<std::int64_t>{6}));
    QCOMPARE(tracker.result().maps->pixel, (std::array<std::int64_t, 2>{0, 6}));
}

void TrainedFieldPanelTest::anotherNetworkNamesTheModel()
{
    FieldView view("plain", &m_models);
    ReceptiveFieldTracker &tracker = view.tracker;
    ReceptiveFieldPanel &panel = view.panel;
    chooseWeights(panel, ProbeWeights::Trained);
    QVERIFY(!tracker.isTracing());
    QVERIFY(!tracker.result().maps);
    const QString error = errorOf(tracker);
    QVERIFY2(error.contains("“mfcc” is another network"), qPrintable(error));
    QVERIFY2(error.contains("open the same preset"), qPrintable(error));
    QCOMPARE(panel.errorLine()->text(), error);
    // The other weights need no model.
    chooseWeights(panel, ProbeWeights::Ones);
    QVERIFY(tracker.result().maps);
    QCOMPARE(tracker.result().maps->weights, ProbeWeights::Ones);
}

void TrainedFieldPanelTest::aRunningModelAnswersWhenTheRunEnds()
{
    FieldView view("mfcc", &m_models);
    ReceptiveFieldTracker &tracker = view.tracker;
    ReceptiveFieldPanel &panel = view.panel;
    waitForTrainedMaps(panel, tracker);
    QSignalSpy recorded(&m_training, &TrainingController::runRecorded);
    QCOMPARE(m_training.continueTo(m_training.epochsDone() + 1), QString());
    QVERIFY(!tracker.result().maps);
    QVERIFY(!tracker.isTracing());
    QCOMPARE(errorOf(tracker), QString("“mfcc” is training: its trained field follows when the run ends."));
    QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 120000);
    QTRY_VERIFY_WITH_TIMEOUT(tracker.result().maps.has_value(), 30000);
    QCOMPARE(tracker.result().maps->weights, ProbeWeights::Trained);
}

QTEST_MAIN(TrainedFieldPanelTest)
#include "TrainedFieldPanelTest.moc"
