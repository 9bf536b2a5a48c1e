// ExploreController on a real trained model (1 epoch of the mfcc preset on 300 clips): the activation view's
// snapshots, the data map with progress and cancel, and both following the model.
#include "services/ExploreController.h"
#include "audio/AudioDecoder.h"
#include "data/FeatureCache.h"
#include "network/PresetLibrary.h"
#include "services/DatasetDocument.h"
#include "services/ModelService.h"
#include "services/TrainingController.h"
#include "SmallFeatureCache.h"
#include "TestPaths.h"

#include <QSignalSpy>
#include <QtTest>

using namespace convscope;

class ExploreControllerTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void snapshotsFollowTheAsker();
    void readyModelAnswersBeforeAnyTraining();
    void mapsTheTestClips();
    void cancelStopsTheMap();
    void aNewModelDropsTheMapAndAsksAgain();

private:
    void train(int epochs);
    std::vector<float> clip(const QString &name) const;

    std::shared_ptr<const FeatureCache> m_cache;
    TrainingController m_training;
    DatasetDocument m_recordings;
    ModelService m_models{&m_training, &m_recordings};
};

void ExploreControllerTest::initTestCase()
{
    QString error;
    m_cache = test::smallFeatureCache(300, &error);
    QVERIFY2(m_cache, qPrintable(error));
    m_training.setData(m_cache);
    train(1);
}

void ExploreControllerTest::train(int epochs)
{
    const PresetLibrary presets;
    TrainingConfig config = TrainingConfig::forPreset("mfcc", *presets.find("mfcc")).value();
    config.epochs = epochs;
    QSignalSpy recorded(&m_training, &TrainingController::runRecorded);
    QCOMPARE(m_training.start(config), QString());
    QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 120000);
    QTRY_VERIFY_WITH_TIMEOUT(m_training.canAnswer(), 10000);
}

std::vector<float> ExploreControllerTest::clip(const QString &name) const
{
    const auto decoded = AudioDecoder::decodeFile(test::fsddFolder() + "/" + name);
    return decoded.clip ? decoded.clip->samples : std::vector<float>{};
}

void ExploreControllerTest::readyModelAnswersBeforeAnyTraining()
{
    // A fresh start (no dataset, no model of the user's): the ready voice model shows its layers, as it answers
    // "Test your voice"; seen: "There is no trained model yet".
    TrainingController fresh;
    DatasetDocument noRecordings;
    ModelService freshModels(&fresh, &noRecordings);
    ExploreController explore(&freshModels);
    QCOMPARE(explore.showClip(0, clip("5_jackson_3.wav"), "5_jackson_3.wav", 5), QString());
    QTRY_VERIFY_WITH_TIMEOUT(explore.snapshot(0) != nullptr, 30000);
    const SharedActivations snapshot = explore.snapshot(0);
    QCOMPARE(snapshot->clip, QString("5_jackson_3.wav"));
    QCOMPARE(snapshot->activations.front().shape, (std::vector<std::int64_t>{13, 74}));
    QCOMPARE(snapshot->activations.back().shape, (std::vector<std::int64_t>{10}));
    QVERIFY(!snapshot->weights.empty());
    QSignalSpy probabilities(&freshModels, &ModelService::probabilities);
    QCOMPARE(freshModels.requestProbabilities(clip("5_jackson_3.wav")), QString());
    QTRY_COMPARE_WITH_TIMEOUT(probabilities.count(), 1, 10000);
    const auto expected = probabilities.first().first().value<std::array<double, 10>>();
    for (int d = 0; d < 10; ++d)
        QVERIFY(std::abs(expected[d] - snapshot->probabilities[d]) < 1e-6);
    QCOMPARE(std::max_element(expected.begin(), expected.end()) - expected.begin(), 5);
}

void ExploreControllerTest::snapshotsFollowTheAsker()
{
    ExploreController explore(&m_models);
    QSignalSpy changed(&explore, &ExploreController::snapshotChanged);
    QCOMPARE(explore.showClip(0, clip("3_theo_7.wav"), "3_theo_7.wav", 3), QString());
    QCOMPARE(explore.showClip(1, clip("3_lucas_7.wav"), "3_lucas_7.wav", 3), QString());
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, 10000);
    const SharedActivations theo = explore.snapshot(0), lucas = explore.snapshot(1);
    QVERIFY(theo && lucas);
    QCOMPARE(theo->clip, QString("3_theo_7.wav"));
    QCOMPARE(lucas->clip, QString("3_lucas_7.wav"));
    QCOMPARE(theo->truth, 3);
    // The input is the standardised 13 × 74 MFCC; the last entry the ten scores; the probabilities the controller's.
    QCOMPARE(theo->activations.front().shape, (std::vector<std::int64_t>{13, 74}));
    QCOMPARE(theo->activations.back().shape, (std::vector<std::int64_t>{10}));
    QVERIFY(theo->activations.front().values != lucas->activations.front().values);
    QSignalSpy probabilities(&m_models, &ModelService::probabilities);
    QCOMPARE(m_models.requestProbabilities(clip("3_theo_7.wav")), QString());
    QTRY_COMPARE_WITH_TIMEOUT(probabilities.count(), 1, 10000);
    const auto expected = probabilities.first().first().value<std::array<double, 10>>();
    for (int d = 0; d < 10; ++d)
        QVERIFY(std::abs(expected[d] - theo->probabilities[d]) < 1e-6);
    // A side asked again keeps only the newest answer.
    QCOMPARE(explore.showClip(0, clip("5_george_1.wav"), "5_george_1.wav", 5), QString());
    QCOMPARE(explore.showClip(0, clip("8_jackson_2.wav"), "8_jackson_2.wav", 8), QString());
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 3, 10000);
    QTest::qWait(200);
    QCOMPARE(changed.count(), 3);
    QCOMPARE(explore.snapshot(0)->clip, QString("8_jackson_2.wav"));
    QVERIFY(!explore.showClip(2, clip("3_theo_7.wav"), "x", 3).isEmpty());
    // A cleared side is empty at once, and the answer to a question asked just before is dropped.
    QCOMPARE(explore.showClip(1, clip("5_george_1.wav"), "5_george_1.wav", 5), QString());
    explore.clearClip(1);
    QCOMPARE(changed.count(), 4);
    QVERIFY(!explore.snapshot(1));
    QCOMPARE(explore.clipName(1), QString());
    QCOMPARE(explore.clipName(0), QString("8_jackson_2.wav"));
    QTest::qWait(300);
    QCOMPARE(changed.count(), 4);
    QVERIFY(!explore.snapshot(1));
}

void ExploreControllerTest::mapsTheTestClips()
{
    ExploreController explore(&m_models);
    QSignalSpy changed(&explore, &ExploreController::mapChanged), progress(&explore, &ExploreController::mapProgress);
    DataMapOptions options;
    options.method = MapMethod::Tsne;
    options.perplexity = 15;
    QCOMPARE(explore.computeMap(options), QString());
    QVERIFY(explore.isMapping());
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 60000);
    QVERIFY(!explore.isMapping());
    QVERIFY(progress.count() >= 2);
    const SharedDataMapFeatures features = explore.mapFeatures();
    QVERIFY(features);
    QCOMPARE(explore.map()->coordinates.size(), features->clips.size());
    QCOMPARE(features->input.count, features->clips.size());
    QCOMPARE(features->input.dims, std::size_t(13 * 74));
    QCOMPARE(features->penultimate.count, features->clips.size());
    QVERIFY(explore.map()->description.contains("perplexity 15"));
    // Predictions agree with the controller's evaluation: the same wrong clips.
    std::size_t wrong = 0;
    for (const DataMapClip &clip : features->clips)
        wrong += !clip.correct();
    QCOMPARE(wrong, m_training.evaluation()->misclassified.size());
    const double accuracy = nearestNeighbourAccuracy(explore.map()->coordinates, digitLabels(features->clips));
    qInfo("t-SNE of the penultimate layer after one epoch: 1-NN digit accuracy %.3f on %zu test clips", accuracy,
          features->clips.size());
    QVERIFY(accuracy > 0.3);  // chance is 0.1

    options.method = MapMethod::Pca;  // the features are kept: PCA of the same clips
    QCOMPARE(explore.computeMap(options), QString());
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, 10000);
    QCOMPARE(explore.mapFeatures(), features);
    QVERIFY(explore.map()->description.startsWith("PCA"));
}

void ExploreControllerTest::cancelStopsTheMap()
{
    ExploreController explore(&m_models);
    QSignalSpy changed(&explore, &ExploreController::mapChanged), cancelled(&explore, &ExploreController::mapCancelled);
    DataMapOptions options;
    options.method = MapMethod::Tsne;
    QCOMPARE(explore.computeMap(options), QString());
    explore.cancelMap();
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 10000);
    QTest::qWait(500);
    QCOMPARE(changed.count(), 0);
    QVERIFY(!explore.isMapping());
    QVERIFY(!explore.map());
}

void ExploreControllerTest::aNewModelDropsTheMapAndAsksAgain()
{
    ExploreController explore(&m_models);
    QSignalSpy changed(&explore, &ExploreController::mapChanged), snapshots(&explore, &ExploreController::snapshotChanged);
    DataMapOptions options;
    options.method = MapMethod::Pca;
    QCOMPARE(explore.computeMap(options), QString());
    QCOMPARE(explore.showClip(0, clip("3_theo_7.wav"), "3_theo_7.wav", 3), QString());
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(snapshots.count(), 1, 10000);
    const SharedActivations before = explore.snapshot(0);
    train(1);
    QVERIFY(!explore.map());  // dropped when the run started
    QTRY_VERIFY_WITH_TIMEOUT(explore.snapshot(0) && explore.snapshot(0) != before, 10000);
    QCOMPARE(explore.snapshot(0)->clip, QString("3_theo_7.wav"));
}

QTEST_GUILESS_MAIN(ExploreControllerTest)
#include "ExploreControllerTest.moc"
