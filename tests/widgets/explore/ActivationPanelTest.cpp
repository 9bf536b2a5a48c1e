// The activation view and panel on real trained models (1 epoch of the mfcc and plain presets on 300 clips):
// the rows follow the network, hovering a cell shades exactly its analytic receptive field on both sides of a
// comparison, a click plays what the unit hears (a real PortAudio stream into ALSA's file plugin) and shows the
// kernel behind the channel, the export writes PNG and PDF, a dot on the map opens its clip, and without a model
// the panel says why.
#include "explore/ActivationComparison.h"
#include "explore/ActivationPanel.h"
#include "explore/ActivationView.h"
#include "explore/DataMapPanel.h"
#include "explore/DataMapView.h"
#include "services/ExploreController.h"
#include "explore/ExploreTab.h"
#include "explore/KernelResponse.h"
#include "explore/KernelView.h"
#include "audio/AudioDecoder.h"
#include "common/QCustomPlotShim.h"
#include "data/Dataset.h"
#include "data/FileNameParser.h"
#include "data/FeatureCache.h"
#include "network/PresetLibrary.h"
#include "receptive/AnalyticReceptiveField.h"
#include "services/DatasetDocument.h"
#include "services/ModelService.h"
#include "services/TrainingController.h"
#include "SmallFeatureCache.h"
#include "TestPaths.h"

#include <QComboBox>
#include <QLineEdit>
#include <QTabWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

using namespace convscope;

namespace {

Dataset datasetOf(const QStringList &files)
{
    Dataset dataset;
    dataset.folder = test::fsddFolder();
    for (const QString &file : files) {
        DatasetItem item;
        item.fileName = file;
        item.name = FileNameParser::parse(file).value();
        item.samples = AudioDecoder::decodeFile(dataset.folder + "/" + file).clip.value().samples;
        dataset.items.push_back(std::move(item));
    }
    return dataset;
}

void train(TrainingController &training, const QString &preset)
{
    const PresetLibrary presets;
    TrainingConfig config = TrainingConfig::forPreset(preset, *presets.find(preset.toStdString())).value();
    config.epochs = 1;
    QSignalSpy recorded(&training, &TrainingController::runRecorded);
    QCOMPARE(training.start(config), QString());
    QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 120000);
    QTRY_VERIFY_WITH_TIMEOUT(training.canAnswer(), 10000);
}

// The first map row of a convolution: the cell to hover in the tests.
ActivationCell firstConvolutionCell(const ActivationView &view, std::int64_t channel, std::int64_t position)
{
    for (const ActivationRow &row : view.layout().rows())
        if (row.kind == ActivationRow::Kind::Map) {
            ActivationCell cell;
            cell.entry = row.entry;
            cell.channel = channel;
            cell.position = position;
            return cell;
        }
    return {};
}

}  // namespace

class ActivationPanelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rowsFollowTheNetwork();
    void thePredictedBarHasTheHeadersColour();
    void enterInTheClipBoxOpensTheFirstMatchingClip();
    void hoverShadesTheAnalyticFieldOnBothSides();
    void clickShowsTheKernelBehindTheChannel();
    void exportWritesPngAndPdf();
    void rawModelKernelsHaveAFrequencyResponse();
    void withoutAModelTheReadyModelAnswers();
    void aDotOnTheMapOpensOnTheActivationPage();
    void aClickPlaysWhatTheUnitHears();

private:
    QTemporaryDir m_home;
    std::shared_ptr<const FeatureCache> m_cache;
    TrainingController m_training;
    DatasetDocument m_recordings;
    ModelService m_models{&m_training, &m_recordings};
    Dataset m_dataset;
    std::unique_ptr<ExploreController> m_explore;
    std::unique_ptr<ActivationPanel> m_panel;
};

void ActivationPanelTest::initTestCase()
{
    // A real PortAudio stream with ALSA's file plugin as the speaker (docs/architecture.md, "Audio without sound
    // hardware"): what plays lands in played.raw as float32. Set before the first PortAudio session.
    QFile rc(m_home.filePath(".asoundrc"));
    QVERIFY(rc.open(QIODevice::WriteOnly));
    rc.write(QString("pcm.!default {\n  type file\n  slave.pcm \"null\"\n  file \"%1/played.raw\"\n  format \"raw\"\n}\n")
                 .arg(m_home.path())
                 .toUtf8());
    rc.close();
    ::setenv("HOME", m_home.path().toLocal8Bit().constData(), 1);
    QString error;
    m_cache = test::smallFeatureCache(300, &error);
    QVERIFY2(m_cache, qPrintable(error));
    m_training.setData(m_cache);
    train(m_training, "mfcc");
    m_dataset = datasetOf({"3_george_7.wav", "3_lucas_7.wav", "3_theo_7.wav", "3_theo_8.wav", "5_jackson_1.wav"});
    m_recordings.setDataset(m_dataset);
    m_explore = std::make_unique<ExploreController>(&m_models);
    m_panel = std::make_unique<ActivationPanel>(m_explore.get(), &m_recordings);
    m_panel->resize(1500, 900);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    QCOMPARE(m_panel->openRecording("3_theo_7.wav"), QString());
    // Beside it, the same digit and take by the first other speaker.
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->view(0)->snapshot() && m_panel->view(1)->snapshot(), 10000);
    QCOMPARE(m_panel->view(1)->snapshot()->clip, QString("3_george_7.wav"));
    QCOMPARE(m_panel->compareBox()->currentData().toString(), QString("george"));
}

void ActivationPanelTest::rowsFollowTheNetwork()
{
    const ActivationView *view = m_panel->view(0);
    const SharedActivations snapshot = view->snapshot();
    QVERIFY(m_panel->clipText(0).contains("3_theo_7.wav") && m_panel->clipText(0).contains("heard as"));
    // Waveform, MFCC, one row per shown layer, the outputs.
    std::size_t shownLayers = 0;
    for (std::size_t layer = 0; layer < snapshot->network.layers.size(); ++layer)
        shownLayers += showsLayer(snapshot->network, layer) && layer + 2 < snapshot->activations.size() ? 1 : 0;
    QCOMPARE(view->layout().rows().size(), shownLayers + 3);
    for (const ActivationRow &row : view->layout().rows()) {
        if (row.kind != ActivationRow::Kind::Map)
            continue;
        const LayerActivation &values = snapshot->activations[static_cast<std::size_t>(row.entry)];
        QCOMPARE(row.channels, values.channels());
        QCOMPARE(row.length, values.length());
        // Every cell is found where it is drawn, with its value.
        for (std::int64_t p : {std::int64_t{0}, row.length / 2, row.length - 1}) {
            ActivationCell cell;
            cell.entry = row.entry;
            cell.channel = row.channels - 1;
            cell.position = p;
            const QRect rect = view->layout().cellRect(cell);
            QVERIFY(!rect.isEmpty());
            const std::optional<ActivationCell> found = view->layout().cellAt(rect.center());
            QVERIFY2(found == std::optional<ActivationCell>(cell),
                     qPrintable(QString("entry %1 channel %2 position %3: found %4 %5 %6 in %7,%8 %9x%10")
                                    .arg(cell.entry).arg(cell.channel).arg(p).arg(found ? found->entry : -9)
                                    .arg(found ? found->channel : -9).arg(found ? found->position : -9)
                                    .arg(rect.x()).arg(rect.y()).arg(rect.width()).arg(rect.height())));
            QCOMPARE(view->value(cell), static_cast<double>(values.at(cell.channel, p)));
        }
    }
    // Each layer's difference between the two speakers is shown; identical clips would give 0.
    const std::vector<double> differences = activationDifferences(*snapshot, *m_panel->view(1)->snapshot());
    QVERIFY(differences.size() == snapshot->activations.size());
    QVERIFY(std::isfinite(differences[1]) && differences[1] > 0.0);
    QCOMPARE(activationDifferences(*snapshot, *snapshot)[1], 0.0);
}

void ActivationPanelTest::thePredictedBarHasTheHeadersColour()
{
    // Seen: a wrong prediction's digit was red in the header and its output bar green.
    const SharedActivations shown = m_panel->view(0)->snapshot();
    QVERIFY(m_panel->clipText(0).contains(ActivationView::answerColour(*shown).name()));
    const int predicted = shown->predicted();
    const auto predictedBarColour = [predicted](const ActivationSnapshot &snapshot) {
        ActivationView view;
        view.resize(900, 600);
        view.setSnapshot(std::make_shared<const ActivationSnapshot>(snapshot));
        view.resize(900, view.heightForWidth(900));
        const QImage image = view.grab().toImage();
        const ActivationRow &outputs = view.layout().rows().back();
        ActivationCell cell;
        cell.entry = outputs.entry;
        cell.channel = predicted;
        const int barBottom = outputs.area.bottom() - view.fontMetrics().height();
        return image.pixelColor(view.layout().cellRect(cell).center().x(), barBottom - 1);
    };
    ActivationSnapshot wrong = *shown, right = *shown;
    wrong.truth = (predicted + 1) % 10;
    right.truth = predicted;
    QCOMPARE(predictedBarColour(wrong), QColor("#d03b3b"));  // the header's red for a wrong answer
    QCOMPARE(predictedBarColour(right), QColor("#2ca02c"));  // and its green for a right one
    QCOMPARE(ActivationView::answerColour(wrong), QColor("#d03b3b"));
    QCOMPARE(ActivationView::answerColour(right), QColor("#2ca02c"));
}

void ActivationPanelTest::enterInTheClipBoxOpensTheFirstMatchingClip()
{
    // Seen: typing part of a clip's name and pressing Enter did nothing.
    QComboBox *box = m_panel->clipBox();
    QLineEdit *edit = box->lineEdit();
    QVERIFY(edit);
    for (const auto &[typed, opened] : {std::pair<QString, QString>{"LUCAS", "3_lucas_7.wav"},
                                        std::pair<QString, QString>{"theo_8", "3_theo_8.wav"},
                                        std::pair<QString, QString>{"3_theo_7.wav", "3_theo_7.wav"}}) {
        edit->selectAll();
        QTest::keyClicks(edit, typed);
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(m_panel->view(0)->snapshot()->clip, opened, 10000);
        QCOMPARE(box->currentText(), opened);
    }
    // Nothing matches: the panel says so and keeps its clip.
    edit->selectAll();
    QTest::keyClicks(edit, "nobody_9");
    QTest::keyClick(edit, Qt::Key_Return);
    QVERIFY2(m_panel->statusText().contains("No recording of the loaded dataset contains “nobody_9”"),
             qPrintable(m_panel->statusText()));
    QCOMPARE(m_panel->view(0)->snapshot()->clip, QString("3_theo_7.wav"));
}

void ActivationPanelTest::hoverShadesTheAnalyticFieldOnBothSides()
{
    ActivationView *view = m_panel->view(0);
    const SharedActivations snapshot = view->snapshot();
    const ActivationCell cell = firstConvolutionCell(*view, 2, 10);
    QVERIFY(cell.entry > 0);
    // Moved again on each try: on a slow run (ASan in CI) the view can still settle its layout after the first move.
    const auto hoverCell = [&] {
        QTest::mouseMove(view, view->layout().cellRect(cell).center());
        return view->hoveredCell() == std::optional<ActivationCell>(cell);
    };
    QTRY_VERIFY(hoverCell());
    // The shaded frames are the analytic field of that unit; the samples are the frames' samples.
    const auto layer = static_cast<std::size_t>(cell.entry - 1);
    const std::array<std::int64_t, 2> frames = analyticReceptiveFields(snapshot->network)[layer].clippedRange(0, 10, 74);
    const std::optional<InputSpan> span = view->shadedSpan();
    QVERIFY(span);
    QCOMPARE(span->firstFrame, frames[0]);
    QCOMPARE(span->lastFrame, frames[1]);
    QCOMPARE(span->firstSample, frames[0] * 80);
    QCOMPARE(span->lastSample, frames[1] * 80 + 199);
    // The cell sits above the middle of what it hears.
    const double centre = view->layout().xOfSample(80.0 * (frames[0] + frames[1]) / 2.0 + 99.5);
    QVERIFY2(std::abs(view->layout().cellRect(cell).center().x() - centre) <= 2.0, qPrintable(QString::number(centre)));
    // The other side follows; the text names the unit and its value on both sides.
    QCOMPARE(m_panel->view(1)->hoveredCell(), std::optional<ActivationCell>(cell));
    QVERIFY2(m_panel->hoverText().contains("channel 2, time 10") && m_panel->hoverText().contains("3_george_7.wav"),
             qPrintable(m_panel->hoverText()));
    // The shading is drawn: the waveform row is orange inside the field and not outside it.
    const QImage image = view->grab().toImage();
    const ActivationRow *wave = view->layout().rowOf(ActivationRow::Kind::Waveform);
    const int inside = static_cast<int>(view->layout().xOfSample((span->firstSample + span->lastSample) / 2.0));
    const QColor shaded = image.pixelColor(inside, wave->area.top() + 2);
    const QColor plain = image.pixelColor(static_cast<int>(view->layout().xOfSample(span->lastSample + 600.0)), wave->area.top() + 2);
    QVERIFY2(shaded.red() > shaded.blue() + 40, qPrintable(shaded.name()));
    QVERIFY2(std::abs(plain.red() - plain.blue()) < 10, qPrintable(plain.name()));
    view->grab().save("/tmp/activation-view-hover.png");
}

void ActivationPanelTest::clickShowsTheKernelBehindTheChannel()
{
    ActivationView *view = m_panel->view(0);
    const ActivationCell cell = firstConvolutionCell(*view, 3, 20);
    QSignalSpy clicked(view, &ActivationView::cellClicked);
    QTest::mouseClick(view, Qt::LeftButton, {}, view->layout().cellRect(cell).center());
    QCOMPARE(clicked.count(), 1);
    const auto layer = static_cast<std::size_t>(cell.entry - 1);
    QCOMPARE(m_panel->kernelView()->kernelLayer(), kernelLayerOf(view->snapshot()->network, layer));
    QCOMPARE(m_panel->kernelView()->channel(), std::int64_t{3});
    QVERIFY2(m_panel->kernelView()->titleText().contains("Channel 3 of layer"), qPrintable(m_panel->kernelView()->titleText()));
    // MFCC networks' kernels slide over frames every 10 ms: the response runs to 50 Hz.
    QCOMPARE(m_panel->kernelView()->responsePlot()->xAxis->range().upper, 50.0);
    m_panel->grab().save("/tmp/activation-panel.png");
}

void ActivationPanelTest::exportWritesPngAndPdf()
{
    QTemporaryDir dir;
    const QString png = dir.filePath("activations.png"), pdf = dir.filePath("activations.pdf");
    QCOMPARE(m_panel->exportTo(png), QString());
    QCOMPARE(m_panel->exportTo(pdf), QString());
    const QImage image(png);
    QCOMPARE(image.width(), m_panel->view(0)->width() + m_panel->view(1)->width());
    QCOMPARE(image.height(), std::max(m_panel->view(0)->layout().height(), m_panel->view(1)->layout().height()));
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.read(5), QByteArray("%PDF-"));
    QVERIFY(!m_panel->exportTo(dir.filePath("missing/folder/a.png")).isEmpty());
}

void ActivationPanelTest::rawModelKernelsHaveAFrequencyResponse()
{
    m_panel->hide();  // hovering goes to the window under the pointer: only this test's panel
    TrainingController training;
    training.setData(m_cache);
    train(training, "plain");
    DatasetDocument noRecordings;
    ModelService models(&training, &noRecordings);
    ExploreController explore(&models);
    ActivationPanel panel(&explore, &noRecordings);
    panel.resize(1400, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.showTake(m_dataset.items[4].samples, "your take");
    QTRY_VERIFY_WITH_TIMEOUT(panel.view(0)->snapshot(), 10000);
    const SharedActivations snapshot = panel.view(0)->snapshot();
    QVERIFY(!snapshot->mfccInput);
    ActivationView *view = panel.view(0);
    const ActivationCell cell = firstConvolutionCell(*view, 1, 100);
    QCOMPARE(cell.entry, 1);  // the plain net starts with a convolution on the raw window
    QTest::mouseClick(view, Qt::LeftButton, {}, view->layout().cellRect(cell).center());
    QCOMPARE(panel.kernelView()->kernelLayer(), std::optional<std::size_t>(0));
    QCOMPARE(panel.kernelView()->peakHertz(), kernelResponse(snapshot->weights[0], 1, 8000.0).peakHertz);
    QCOMPARE(panel.kernelView()->responsePlot()->xAxis->range().upper, 4000.0);
    // The shaded field of a first-layer unit is its kernel's span of samples.
    QTest::mouseMove(view, view->layout().cellRect(cell).center() + QPoint(0, 30));
    QTest::mouseMove(view, view->layout().cellRect(cell).center());
    QTRY_VERIFY(view->shadedSpan().has_value());
    // A pixel holds several first-layer units (one per sample): the hovered one is the pixel's first.
    const std::int64_t hovered = view->hoveredCell()->position;
    QVERIFY2(std::abs(hovered - 100) <= 10, qPrintable(QString::number(hovered)));
    const std::array<std::int64_t, 2> samples = analyticReceptiveFields(snapshot->network)[0].clippedRange(0, hovered, 6000);
    QCOMPARE(view->shadedSpan()->firstSample, samples[0]);
    QCOMPARE(view->shadedSpan()->lastSample, samples[1]);
    QCOMPARE(samples[1] - samples[0] + 1, snapshot->network.layers[0].kernel[0]);
    panel.grab().save("/tmp/activation-panel-raw.png");
    m_panel->show();
}

void ActivationPanelTest::withoutAModelTheReadyModelAnswers()
{
    // No model of the user's: the ready voice model shows its layers and says it is the one answering.
    TrainingController training;
    ModelService models(&training, &m_recordings);
    ExploreController explore(&models);
    ActivationPanel panel(&explore, &m_recordings);
    QCOMPARE(panel.openRecording("3_theo_7.wav"), QString());
    QTRY_VERIFY_WITH_TIMEOUT(panel.view(0)->snapshot() != nullptr, 30000);
    QCOMPARE(panel.view(0)->snapshot()->activations.front().shape, (std::vector<std::int64_t>{13, 74}));
    QVERIFY2(panel.clipText(0).contains("by the ready voice model"), qPrintable(panel.clipText(0)));
    panel.resize(1200, 800);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.grab().save("/tmp/activation-panel-ready.png"));
    QVERIFY(panel.openRecording("9_nobody_1.wav").contains("9_nobody_1.wav"));
}

void ActivationPanelTest::aDotOnTheMapOpensOnTheActivationPage()
{
    m_panel->hide();
    DatasetDocument recordings;
    recordings.setDataset(datasetOf(test::clipFiles(*m_cache)));
    ModelService models(&m_training, &recordings);
    ExploreController explore(&models);
    ExploreTab tab(&explore, &models, &recordings);
    tab.resize(1200, 800);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    auto *pages = tab.findChild<QTabWidget *>();
    pages->setCurrentWidget(tab.dataMap());
    tab.dataMap()->methodBox()->setCurrentIndex(tab.dataMap()->methodBox()->findText("PCA"));
    QSignalSpy mapped(&explore, &ExploreController::mapChanged);
    QCOMPARE(tab.dataMap()->mapTestClips(), QString());
    QTRY_COMPARE_WITH_TIMEOUT(mapped.count(), 1, 30000);
    QApplication::processEvents();
    const DataMapClip clip = explore.mapFeatures()->clips[7];
    QTest::mouseClick(tab.dataMap()->view()->plot(), Qt::LeftButton, {}, tab.dataMap()->view()->pixelOf(7).toPoint());
    QCOMPARE(pages->currentWidget(), static_cast<QWidget *>(tab.activations()));
    QTRY_VERIFY_WITH_TIMEOUT(explore.snapshot(0), 10000);
    QCOMPARE(explore.snapshot(0)->clip, clip.file);
    QCOMPARE(explore.snapshot(0)->truth, clip.digit);
    QCOMPARE(explore.snapshot(0)->predicted(), clip.predicted);
    m_panel->show();
}

void ActivationPanelTest::aClickPlaysWhatTheUnitHears()
{
    // A unit of the last map, in the middle of the word: its field is a stretch of speech.
    ActivationView *view = m_panel->view(0);
    const SharedActivations snapshot = view->snapshot();
    const ActivationRow *last = nullptr;
    for (const ActivationRow &row : view->layout().rows())
        if (row.kind == ActivationRow::Kind::Map)
            last = &row;
    QVERIFY(last);
    ActivationCell cell;
    cell.entry = last->entry;
    cell.position = last->length / 4;
    const InputSpan span = inputSpan(*snapshot, static_cast<std::size_t>(cell.entry - 1), cell.position);
    const std::vector<float> segment(snapshot->window.begin() + span.firstSample,
                                     snapshot->window.begin() + span.lastSample + 1);
    QVERIFY(segment.size() > 100 && segment.front() != 0.0f);
    QTest::mouseClick(view, Qt::LeftButton, {}, view->layout().cellRect(cell).center());
    // After PortAudio's priming silence comes the segment, sample for sample.
    const auto played = [this] {
        QFile file(m_home.filePath("played.raw"));
        const QByteArray bytes = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        const auto *values = reinterpret_cast<const float *>(bytes.constData());
        std::vector<float> samples(values, values + bytes.size() / static_cast<int>(sizeof(float)));
        samples.erase(samples.begin(), std::find_if(samples.begin(), samples.end(), [](float v) { return v != 0.0f; }));
        return samples;
    };
    QTRY_VERIFY_WITH_TIMEOUT(played().size() >= segment.size(), 10000);
    const std::vector<float> samples = played();
    QVERIFY(std::equal(segment.begin(), segment.end(), samples.begin()));
    QVERIFY2(m_panel->statusText().isEmpty() || !m_panel->statusText().contains("play"), qPrintable(m_panel->statusText()));
}

QTEST_MAIN(ActivationPanelTest)
#include "ActivationPanelTest.moc"
