// "Map of the data" on a real trained model (1 epoch of the mfcc preset on 300 clips, as in ExploreControllerTest):
// the button maps the test clips, the description reports the map's 1-NN digit accuracy, dots and listed clips are
// chosen, cancel leaves a usable panel, and a new model clears the map. Without a model of the user's, the ready
// model maps the loaded recordings, and the panel names it as the voice test does.
#include "explore/DataMapPanel.h"

#include "common/QCustomPlotShim.h"
#include "explore/DataMapView.h"
#include "services/ExploreController.h"
#include "network/PresetLibrary.h"
#include "services/DatasetDocument.h"
#include "services/ModelService.h"
#include "services/TrainingController.h"
#include "voice/VoiceTestPanel.h"
#include "SmallFeatureCache.h"

#include <QComboBox>
#include <QFile>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace convscope;

class DataMapPanelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void withoutAModelTheReadyModelMaps();
    void mapsTheTestClips();
    void dotsAndListedClipsAreChosen();
    void cancelDuringTsneLeavesAUsablePanel();
    void aNewModelClearsTheMap();

private:
    void train();
    /// Presses the button with `method` and waits for the map; false (with a failure) when it does not come.
    bool mapWith(DataMapPanel &panel, ExploreController &explore, MapMethod method, int perplexity = 15);
    static void choose(QComboBox *box, int data) { box->setCurrentIndex(box->findData(data)); }

    std::shared_ptr<const FeatureCache> m_cache;
    TrainingController m_training;
    DatasetDocument m_recordings;
    ModelService m_models{&m_training, &m_recordings};
    std::unique_ptr<ExploreController> m_explore;
    std::unique_ptr<DataMapPanel> m_panel;
};

void DataMapPanelTest::initTestCase()
{
    QString error;
    m_cache = test::smallFeatureCache(300, &error);
    QVERIFY2(m_cache, qPrintable(error));
    m_training.setData(m_cache);
    m_explore = std::make_unique<ExploreController>(&m_models);
    m_panel = std::make_unique<DataMapPanel>(m_explore.get(), &m_models);
    m_panel->resize(1200, 720);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    train();
}

void DataMapPanelTest::train()
{
    const PresetLibrary presets;
    TrainingConfig config = TrainingConfig::forPreset("mfcc", *presets.find("mfcc")).value();
    config.epochs = 1;
    QSignalSpy recorded(&m_training, &TrainingController::runRecorded);
    QCOMPARE(m_training.start(config), QString());
    QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 120000);
    QTRY_VERIFY_WITH_TIMEOUT(m_training.canAnswer(), 10000);
}

bool DataMapPanelTest::mapWith(DataMapPanel &panel, ExploreController &explore, MapMethod method, int perplexity)
{
    QSignalSpy changed(&explore, &ExploreController::mapChanged);
    choose(panel.methodBox(), static_cast<int>(method));
    panel.perplexityBox()->setValue(perplexity);
    QTest::mouseClick(panel.mapButton(), Qt::LeftButton);
    [&] {
        QVERIFY(explore.isMapping());
        QVERIFY(panel.progressBar()->isVisibleTo(&panel));
        QVERIFY(panel.cancelButton()->isVisibleTo(&panel));
        QVERIFY(!panel.mapButton()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 60000);
    }();
    return !QTest::currentTestFailed();
}

void DataMapPanelTest::withoutAModelTheReadyModelMaps()
{
    // Seen: the ready model answered Test your voice and the activations while this page said "There is no trained
    // model yet". Now the model that answers there maps the loaded recordings here, and both name it alike.
    TrainingController training;  // no data, no model of the user's
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    ExploreController explore(&models);
    DataMapPanel panel(&explore, &models);
    VoiceTestPanel voice(&models);
    const QString ready = "the ready voice model (voice preset, the six FSDD speakers and 65 synthetic voices)";
    QCOMPARE(panel.answeringText(), "Answering: " + ready + ".");
    QVERIFY2(voice.answeringText().startsWith("Answering: " + ready + "."), qPrintable(voice.answeringText()));
    // Without recordings it says what to load, naming the model; never that there is none.
    const QString load = "Load the recordings on the Spoken digits tab first: the map lays out their test clips as " +
                         ready + " hears them.";
    QCOMPARE(panel.descriptionText(), load);
    QCOMPARE(panel.mapButton()->toolTip(), load);
    QCOMPARE(panel.mapTestClips(), load);
    QVERIFY(!explore.isMapping());
    QCOMPARE(panel.sourceBox()->itemText(1), QString("the MFCC input"));  // the voice model reads MFCCs
    choose(panel.methodBox(), static_cast<int>(MapMethod::Pca));
    QVERIFY(!panel.perplexityBox()->isEnabled());

    // Thirty real recordings (three speakers, every digit): the random split tests on ten, which the ready model maps.
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    for (const QString speaker : {"george", "nicolas", "yweweler"})
        for (int digit = 0; digit < 10; ++digit) {
            const QString name = QString("%1_%2_40.wav").arg(digit).arg(speaker);
            QVERIFY(QFile::copy(test::fsddFolder() + "/" + name, folder.filePath(name)));
        }
    QSignalSpy loaded(&recordings, &DatasetDocument::loadFinished);
    recordings.open(folder.path());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 30000);
    QCOMPARE(recordings.dataset().size(), 30);
    QVERIFY2(panel.descriptionText().startsWith("Press “Map the test clips”"), qPrintable(panel.descriptionText()));
    QVERIFY(mapWith(panel, explore, MapMethod::Pca));
    const SharedDataMapFeatures features = explore.mapFeatures();
    QCOMPARE(features->clips.size(), std::size_t(10));
    QCOMPARE(panel.view()->dotCount(), 10);
    QCOMPARE(features->input.count, std::size_t(10));
    QCOMPARE(features->input.dims, std::size_t(13 * 74));
    QCOMPARE(features->penultimate.count, std::size_t(10));
    int right = 0;
    for (const DataMapClip &clip : features->clips) {
        QVERIFY(recordings.dataset().indexOf(clip.file) >= 0);
        right += clip.correct();
    }
    QVERIFY2(right >= 8, qPrintable(QString::number(right)));  // it learnt these voices
    QVERIFY2(panel.descriptionText().startsWith("The penultimate layer of 10 test clips"), qPrintable(panel.descriptionText()));
    QCOMPARE(panel.answeringText(), "Answering: " + ready + ".");
    QVERIFY(panel.grab().save("/tmp/datamap-panel-ready-model.png"));
}

void DataMapPanelTest::mapsTheTestClips()
{
    choose(m_panel->sourceBox(), static_cast<int>(MapSource::Penultimate));
    QVERIFY(mapWith(*m_panel, *m_explore, MapMethod::Tsne));
    QVERIFY(!m_panel->progressBar()->isVisibleTo(m_panel.get()));
    QVERIFY(!m_panel->cancelButton()->isVisibleTo(m_panel.get()));
    QVERIFY(m_panel->mapButton()->isEnabled());
    const SharedDataMapFeatures features = m_explore->mapFeatures();
    QVERIFY(features);
    const int clips = static_cast<int>(features->clips.size());
    QVERIFY(clips > 20);
    QCOMPARE(m_panel->view()->dotCount(), clips);
    QCOMPARE(m_panel->view()->groupCount(), 10);

    const QString text = m_panel->descriptionText();
    QVERIFY2(text.contains("perplexity 15"), qPrintable(text));
    QVERIFY(text.contains(QString("of %1 test clips").arg(clips)));
    const QRegularExpressionMatch match =
        QRegularExpression(R"(1-NN digit accuracy on the map: (\d\.\d\d) \(chance (\d\.\d\d)\))").match(text);
    QVERIFY2(match.hasMatch(), qPrintable(text));
    const double accuracy = match.captured(1).toDouble(), chance = match.captured(2).toDouble();
    const double expected = nearestNeighbourAccuracy(m_explore->map()->coordinates, digitLabels(features->clips));
    QVERIFY(std::abs(accuracy - expected) <= 0.005);
    QVERIFY2(accuracy > 0.3, qPrintable(text));
    QVERIFY(chance > 0.05 && chance < 0.15);  // ten digits, about evenly spread over the test clips

    std::set<QString> speakers;
    for (const DataMapClip &clip : features->clips)
        speakers.insert(clip.speaker);
    choose(m_panel->colourBox(), static_cast<int>(DataMapView::Colouring::Speaker));
    QCOMPARE(m_panel->view()->groupCount(), static_cast<int>(speakers.size()));
    QCOMPARE(m_panel->view()->dotCount(), clips);
    choose(m_panel->colourBox(), static_cast<int>(DataMapView::Colouring::Digit));
    QTest::qWait(100);
    QVERIFY(m_panel->grab().save("/tmp/datamap-panel.png"));
}

void DataMapPanelTest::dotsAndListedClipsAreChosen()
{
    if (!m_panel->view()->hasMap())
        QVERIFY(mapWith(*m_panel, *m_explore, MapMethod::Pca));
    const SharedDataMapFeatures features = m_panel->view()->features();
    QSignalSpy chosen(m_panel.get(), &DataMapPanel::clipChosen);
    QCustomPlot *plot = m_panel->view()->plot();
    const QPoint dot = m_panel->view()->pixelOf(5).toPoint();
    const int hit = m_panel->view()->clipAt(dot);  // 5, or a clip drawn on the same pixel
    QVERIFY(hit >= 0);
    QTest::mouseClick(plot, Qt::LeftButton, {}, dot);
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.at(0).at(0).value<DataMapClip>().file, features->clips[static_cast<std::size_t>(hit)].file);

    // A box over the whole plot lists every clip; clicking a listed clip chooses it.
    const QRect all = plot->axisRect()->rect().adjusted(1, 1, -1, -1);
    QTest::mousePress(plot, Qt::LeftButton, {}, all.topLeft());
    QTest::mouseMove(plot, all.center());
    QTest::mouseMove(plot, all.bottomRight());
    QTest::mouseRelease(plot, Qt::LeftButton, {}, all.bottomRight());
    QListWidget *list = m_panel->selectionList();
    QCOMPARE(list->count(), static_cast<int>(features->clips.size()));
    QCOMPARE(m_panel->view()->selection().size(), features->clips.size());
    QListWidgetItem *item = list->item(3);
    QVERIFY(item->text().startsWith(features->clips[3].file));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
    QCOMPARE(chosen.count(), 2);
    QCOMPARE(chosen.at(1).at(0).value<DataMapClip>().file, features->clips[3].file);
}

void DataMapPanelTest::cancelDuringTsneLeavesAUsablePanel()
{
    // A controller of its own, without the features yet: Cancel lands while the worker computes them, before any
    // event is processed, so the cancel always wins (once the features are there, 100 clips' t-SNE may finish first).
    ExploreController explore(&m_models);
    DataMapPanel panel(&explore, &m_models);
    panel.resize(1200, 720);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy cancelled(&explore, &ExploreController::mapCancelled);
    QSignalSpy changed(&explore, &ExploreController::mapChanged);
    choose(panel.methodBox(), static_cast<int>(MapMethod::Tsne));
    QTest::mouseClick(panel.mapButton(), Qt::LeftButton);
    QVERIFY(explore.isMapping());
    QVERIFY(panel.cancelButton()->isVisibleTo(&panel));
    QVERIFY(panel.progressBar()->isVisibleTo(&panel));
    QVERIFY(panel.descriptionText().contains("t-SNE"));
    QCOMPARE(panel.view()->placeholder(), QString("Mapping the test clips…"));
    QVERIFY(panel.grab().save("/tmp/datamap-panel-mapping.png"));
    QTest::mouseClick(panel.cancelButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 30000);
    QVERIFY(!explore.isMapping());
    QVERIFY(!panel.cancelButton()->isVisibleTo(&panel));
    QVERIFY(!panel.progressBar()->isVisibleTo(&panel));
    QVERIFY(panel.mapButton()->isEnabled());
    QCOMPARE(panel.descriptionText(), QString("Mapping cancelled."));
    QCOMPARE(changed.count(), 0);
    // Usable: the next press maps, and only once (the cancelled question's answer from the worker is dropped).
    QVERIFY(mapWith(panel, explore, MapMethod::Pca));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(panel.view()->dotCount(), static_cast<int>(explore.mapFeatures()->clips.size()));
    QVERIFY(panel.descriptionText().contains("PCA"));
}

void DataMapPanelTest::aNewModelClearsTheMap()
{
    QVERIFY(m_panel->view()->hasMap());
    QSignalSpy changed(m_explore.get(), &ExploreController::mapChanged);
    train();
    QVERIFY(changed.count() >= 1);
    QVERIFY(!m_explore->map());
    QVERIFY(!m_panel->view()->hasMap());
    QCOMPARE(m_panel->view()->dotCount(), 0);
    QCOMPARE(m_panel->descriptionText(), QString("The model changed: map the test clips again."));
    QCOMPARE(m_panel->view()->placeholder(), m_panel->descriptionText());
    QVERIFY(m_panel->mapButton()->isEnabled());
}

QTEST_MAIN(DataMapPanelTest)
#include "DataMapPanelTest.moc"
