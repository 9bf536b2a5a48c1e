// "Test your voice": a real FSDD file through the Open WAV fallback, the shipped ready model, real models trained on
// 300 real clips, and synthetic takes that are too quiet, clipped or too long.
#include "voice/ProbabilityChart.h"
#include "common/FeatureMatrixView.h"
#include "common/PaddingHatch.h"
#include "common/QCustomPlotShim.h"
#include "data/DigitFormat.h"
#include "data/Mfcc.h"
#include "data/Preprocessing.h"
#include "explore/ActivationSnapshot.h"
#include "train/InputWindow.h"
#include "digits/RecorderWidget.h"
#include "common/WaveformView.h"
#include "voice/SaliencyView.h"
#include "SmallFeatureCache.h"
#include "network/PresetLibrary.h"
#include "services/DatasetDocument.h"
#include "services/ModelService.h"
#include "services/TrainingController.h"
#include "train/Calibration.h"
#include "voice/VoiceTestPanel.h"
#include "network/NetworkAnalysis.h"
#include "receptive/AnalyticReceptiveField.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

#include <cmath>
#include <numeric>
#include <random>

using namespace convscope;

class VoiceTestPanelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void readyModelAnswersBeforeAnyTraining();
    void warnsAboutQuietClippedAndLongTakes();
    void mfccModelAnswersWithTenBarsAndSaliency();
    void rawModelSaliencyAndReceptiveField();
    void misclassifiedClipExplainsTheTrueDigit();
    void stoppedModelIsReadyNotTraining();

private:
    /// Trains `preset` for `epochs` through the controller and waits until the run is recorded.
    void train(TrainingController &training, const QString &preset, int epochs);
    /// Opens a dataset file through the recorder's WAV fallback and waits for the model's answer and saliency.
    void openAndWait(VoiceTestPanel &voice, const QString &file);
    /// The receptive field of `unit` after layer `layer` (1-based) must be the shaded span, of the analytic size.
    void checkField(VoiceTestPanel &voice, const NetworkSpec &spec, int layer);
    /// The last saliency map has the input's size, is finite, non-negative and not all zero, and is drawn.
    void checkSaliency(VoiceTestPanel &voice, int size, SaliencyView::Mode mode);
    /// The recorder's MFCC is that of the window the model reads (the word centred), not of the take left-aligned.
    void checkRecorderShowsHeardMfcc(VoiceTestPanel &voice, const TrainingConfig &config);
    /// Tests a synthetic take and waits for the answer; returns what the panel says of the take.
    QString takeTextOf(VoiceTestPanel &voice, const std::vector<float> &samples);

    std::shared_ptr<const FeatureCache> m_cache;
    QString m_file;
    int m_truth = -1;
};

void VoiceTestPanelTest::initTestCase()
{
    QString error;
    m_cache = test::smallFeatureCache(300, &error);
    QVERIFY2(m_cache, qPrintable(error));
    m_file = test::fsddFolder() + "/" + test::clipFiles(*m_cache).at(150);
    m_truth = test::clipFiles(*m_cache).at(150).left(1).toInt();
}

namespace {

/// A 300 Hz tone of `seconds` at `amplitude` (cut to [-1, 1]) between 0.3 s of silence each side, at 8000 Hz.
std::vector<float> toneInSilence(double seconds, double amplitude)
{
    std::vector<float> samples(2400, 0.0f);
    for (int i = 0; i < static_cast<int>(seconds * 8000); ++i)
        samples.push_back(static_cast<float>(std::clamp(amplitude * std::sin(2.0 * M_PI * 300.0 * i / 8000.0), -1.0, 1.0)));
    samples.insert(samples.end(), 2400, 0.0f);
    return samples;
}

/// The assignment's settings for `preset`, trained for `epochs`.
TrainingConfig presetConfig(const QString &preset, int epochs)
{
    const PresetLibrary presets;
    TrainingConfig config = TrainingConfig::forPreset(preset, *presets.find(preset.toStdString())).value();
    config.epochs = epochs;
    return config;
}

}  // namespace

void VoiceTestPanelTest::train(TrainingController &training, const QString &preset, int epochs)
{
    training.setData(m_cache);
    QSignalSpy recorded(&training, &TrainingController::runRecorded);
    QCOMPARE(training.start(presetConfig(preset, epochs)), QString());
    QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 180000);
}

void VoiceTestPanelTest::openAndWait(VoiceTestPanel &voice, const QString &file)
{
    QSignalSpy answered(&voice, &VoiceTestPanel::answered);
    QSignalSpy explained(&voice, &VoiceTestPanel::saliencyShown);
    QCOMPARE(voice.recorder()->openFile(file), QString());
    QTRY_COMPARE_WITH_TIMEOUT(answered.count(), 1, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(explained.count(), 1, 30000);
}

void VoiceTestPanelTest::checkField(VoiceTestPanel &voice, const NetworkSpec &spec, int layer)
{
    const std::vector<AnalyticField> fields = analyticReceptiveFields(spec);
    QVERIFY(layer >= 1 && layer <= static_cast<int>(fields.size()));
    const AnalyticField &field = fields[static_cast<std::size_t>(layer - 1)];
    const std::int64_t units = analyzeNetwork(spec).layers[static_cast<std::size_t>(layer - 1)].output[1];
    const int unit = static_cast<int>(units / 2);  // a middle unit: its field is not clipped by the input's ends
    voice.showReceptiveField(layer, unit);
    QCOMPARE(voice.unitBox()->maximum(), static_cast<int>(units - 1));
    const auto span = voice.saliencyView()->span();
    QVERIFY(span.has_value());
    QCOMPARE(span->second - span->first + 1, field.size[0]);
    QCOMPARE(span->first, field.start[0] + unit * field.jump[0]);
    QVERIFY(voice.fieldText().contains(QString("field size %1").arg(field.size[0])));
}

void VoiceTestPanelTest::checkSaliency(VoiceTestPanel &voice, int size, SaliencyView::Mode mode)
{
    const std::vector<float> &saliency = voice.lastSaliency();
    QCOMPARE(static_cast<int>(saliency.size()), size);
    QVERIFY(std::all_of(saliency.begin(), saliency.end(), [](float v) { return v >= 0.0f && std::isfinite(v); }));
    QVERIFY(*std::max_element(saliency.begin(), saliency.end()) > 0.0f);
    QCOMPARE(voice.saliencyView()->mode(), mode);
    QCOMPARE(voice.saliencyView()->saliencyCount(), saliency.size());
}

void VoiceTestPanelTest::checkRecorderShowsHeardMfcc(VoiceTestPanel &voice, const TrainingConfig &config)
{
    QVERIFY(config.centreWord);
    const std::vector<float> &take = voice.recorder()->clip().samples;
    const FeatureMatrix heard = Mfcc::compute(InputWindow::of(config, take, digits::kWindowSamples));
    const FeatureMatrix leftAligned = Mfcc::compute(Preprocessing::padOrTruncate(take, digits::kWindowSamples));
    const FeatureMatrixView *shown = voice.recorder()->mfccView();
    QCOMPARE(shown->frames(), heard.rows);
    // The padding on both sides of the centred word is hatched, as on the Spoken digits tab, in the recorder's MFCC
    // and in the saliency view's (seen: drawn as solid blocks of the padding's constant coefficients).
    const std::array<std::int64_t, 2> sound = soundFramesOf(InputWindow::of(config, take, digits::kWindowSamples));
    QVERIFY2(sound[0] > 0 && sound[1] < heard.rows - 1, qPrintable(QString("%1-%2").arg(sound[0]).arg(sound[1])));
    QCOMPARE(shown->paddingFrames(), heard.rows - (sound[1] - sound[0] + 1));
    QVERIFY(std::isnan(shown->cell(sound[0] - 1, 4)) && std::isnan(shown->cell(sound[1] + 1, 4)));
    QVERIFY(!std::isnan(shown->cell(sound[0], 4)) && !std::isnan(shown->cell(sound[1], 4)));
    const QCustomPlot *recorderPlot = shown->findChild<QCustomPlot *>();
    QCustomPlot *saliencyPlot = voice.saliencyView()->plot();
    QVERIFY(recorderPlot->axisRect()->backgroundBrush() == PaddingHatch::brush());
    QVERIFY(saliencyPlot->axisRect()->backgroundBrush() == PaddingHatch::brush());
    QCPColorMap *saliencyMfcc = nullptr;
    for (int i = 0; i < saliencyPlot->plottableCount() && !saliencyMfcc; ++i)
        saliencyMfcc = qobject_cast<QCPColorMap *>(saliencyPlot->plottable(i));
    QVERIFY(saliencyMfcc);
    for (const std::int64_t frame : {std::int64_t{0}, sound[0] - 1, sound[1] + 1, heard.rows - 1})
        QVERIFY2(std::isnan(saliencyMfcc->data()->cell(static_cast<int>(frame), 4)),
                 qPrintable(QString::number(frame)));
    QCOMPARE(saliencyMfcc->data()->cell(static_cast<int>(sound[0]), 4), static_cast<double>(heard.at(sound[0], 4)));
    double fromHeard = 0.0, fromLeftAligned = 0.0;
    for (std::int64_t f = 0; f < heard.rows; ++f)
        for (std::int64_t c = 0; c < heard.columns; ++c) {
            fromHeard = std::max(fromHeard, std::abs(shown->cell(f, c) - heard.at(f, c)));
            fromLeftAligned = std::max(fromLeftAligned, std::abs(shown->cell(f, c) - leftAligned.at(f, c)));
        }
    QVERIFY2(fromHeard < 1e-6, qPrintable(QString::number(fromHeard)));
    QVERIFY2(fromLeftAligned > 1.0, qPrintable(QString::number(fromLeftAligned)));
}

void VoiceTestPanelTest::readyModelAnswersBeforeAnyTraining()
{
    // A fresh start: no dataset, no model of the user's; the ready voice model answers and names itself.
    TrainingController training;
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    VoiceTestPanel voice(&models);
    voice.resize(1280, 820);
    voice.show();
    QVERIFY2(voice.answeringText().contains("the ready voice model (voice preset, the six FSDD speakers and 65 synthetic voices)"),
             qPrintable(voice.answeringText()));
    QVERIFY(!voice.statusText().contains("no trained model"));
    openAndWait(voice, m_file);
    QCOMPARE(static_cast<int>(voice.chart()->bars().size()), 10);
    QCOMPARE(voice.predictedText(), QString::number(m_truth));
    QVERIFY(voice.statusText().contains(QString("It says %1 (").arg(m_truth)));
    checkSaliency(voice, 13 * 74, SaliencyView::Mode::Mfcc);  // the voice preset reads MFCCs
    QVERIFY(voice.layerBox()->isEnabled());                   // its network is known once it has been loaded
    QVERIFY(voice.recorder()->waveformView()->hasSpan());     // the part it hears is shaded
    QVERIFY2(voice.takeText().contains("centred in its 0.75 s window"), qPrintable(voice.takeText()));
    QVERIFY2(voice.takeText().contains("hears the word at 7 speeds, 0.85 to 1.15 times as fast, and averages"),
             qPrintable(voice.takeText()));
    checkRecorderShowsHeardMfcc(voice, *models.answeringConfig());
    QTest::qWait(300);
    QVERIFY(voice.grab().save("/tmp/voice_test_ready.png"));

    // Loading the dataset gives no model yet: the ready model still answers.
    training.setData(m_cache);
    QVERIFY(voice.answeringText().contains("ready voice model"));
    openAndWait(voice, m_file);
    QCOMPARE(voice.predictedText(), QString::number(m_truth));
}

QString VoiceTestPanelTest::takeTextOf(VoiceTestPanel &voice, const std::vector<float> &samples)
{
    QSignalSpy answered(&voice, &VoiceTestPanel::answered);
    AudioClip clip;
    clip.samples = samples;
    clip.sampleRate = 8000;
    voice.testClip(clip);
    [&] { QTRY_COMPARE_WITH_TIMEOUT(answered.count(), 1, 30000); }();
    return voice.takeText();
}

void VoiceTestPanelTest::warnsAboutQuietClippedAndLongTakes()
{
    TrainingController training;
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    VoiceTestPanel voice(&models);
    voice.resize(1280, 820);
    voice.show();
    const QString good = takeTextOf(voice, toneInSilence(0.4, 0.5));
    QVERIFY2(!good.contains("Too quiet") && !good.contains("Clipped") && !good.contains("Longer"), qPrintable(good));
    QVERIFY2(takeTextOf(voice, toneInSilence(0.4, 0.01)).contains("Too quiet: the loudest sample is 1.0 %"),
             qPrintable(voice.takeText()));
    QTest::qWait(300);
    QVERIFY(voice.grab().save("/tmp/voice_test_quiet.png"));
    const QString clipped = takeTextOf(voice, toneInSilence(0.4, 3.0));
    QVERIFY2(clipped.contains("Clipped") && !clipped.contains("Too quiet"), qPrintable(clipped));
    QVERIFY2(takeTextOf(voice, toneInSilence(1.2, 0.5)).contains("Longer than the window"), qPrintable(voice.takeText()));
    // What the model hears of the long take is the window's worth: 0.75 s of it.
    QVERIFY2(voice.takeText().contains("shaded 0.75 s"), qPrintable(voice.takeText()));

    // Two tones 0.6 s apart in white noise 13 dB below them: a noisy take of more than one word.
    std::vector<float> twoWords = toneInSilence(0.4, 0.3);
    const std::vector<float> second = toneInSilence(0.3, 0.3);
    twoWords.insert(twoWords.end(), second.begin(), second.end());
    std::mt19937 random(3);
    std::normal_distribution<float> noise(0.0f, 0.3f / std::sqrt(2.0f) / std::sqrt(20.0f));
    for (float &sample : twoWords)
        sample += noise(random);
    const QString noisy = takeTextOf(voice, twoWords);
    QVERIFY2(noisy.contains("Noisy: the word is only 1") && noisy.contains("More than one word"), qPrintable(noisy));
    QVERIFY2(!good.contains("Noisy") && !good.contains("More than one word"), qPrintable(good));
}

void VoiceTestPanelTest::mfccModelAnswersWithTenBarsAndSaliency()
{
    TrainingController training;
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    VoiceTestPanel voice(&models);
    voice.resize(1280, 820);
    voice.show();
    train(training, "mfcc", 3);
    openAndWait(voice, m_file);

    const auto bars = voice.chart()->bars();
    QCOMPARE(static_cast<int>(bars.size()), 10);
    double sum = 0.0, best = -1.0;
    int argmax = -1;
    for (int d = 0; d < 10; ++d) {
        QCOMPARE(bars[static_cast<std::size_t>(d)].first, static_cast<double>(d));
        const double p = bars[static_cast<std::size_t>(d)].second;
        QVERIFY(p >= 0.0 && p <= 1.0);
        sum += p;
        if (p > best) {
            best = p;
            argmax = d;
        }
    }
    QVERIFY(std::abs(sum - 1.0) < 1e-6);
    QCOMPARE(voice.chart()->predicted(), argmax);
    // Below the threshold the panel says it is not sure and names its two best digits, else it names the digit.
    std::array<double, 10> drawn{};
    for (std::size_t d = 0; d < 10; ++d)
        drawn[d] = bars[d].second;
    const DigitAnswer answer = answerOf(drawn);
    QCOMPARE(answer.digit, argmax);
    if (answer.unsure) {
        QCOMPARE(voice.predictedText(), QString("?"));
        QVERIFY2(voice.statusText().startsWith(QString("Not sure: it hears %1 (").arg(argmax)),
                 qPrintable(voice.statusText()));
        QVERIFY(voice.statusText().contains(QString(" or %1 (").arg(answer.runnerUp)));
    } else {
        QCOMPARE(voice.predictedText(), QString::number(argmax));
        QVERIFY(voice.statusText().contains(QString("It says %1 (").arg(argmax)));
    }
    QVERIFY2(voice.answeringText().contains("Answering: your model (mfcc, mfcc input, 3 epochs)"),
             qPrintable(voice.answeringText()));

    // Saliency of the predicted digit over the 13 × 74 MFCC.
    checkSaliency(voice, 13 * 74, SaliencyView::Mode::Mfcc);

    // Another class: a new map arrives.
    QSignalSpy explained(&voice, &VoiceTestPanel::saliencyShown);
    voice.classBox()->setCurrentIndex(voice.classBox()->findData((argmax + 1) % 10));
    QTRY_COMPARE_WITH_TIMEOUT(explained.count(), 1, 30000);
    QCOMPARE(explained.at(0).at(0).toInt(), (argmax + 1) % 10);

    const NetworkSpec &spec = training.modelConfig().network;
    QVERIFY(voice.layerBox()->isEnabled());
    QCOMPARE(voice.layerBox()->maximum(), static_cast<int>(analyticReceptiveFields(spec).size()));
    for (int layer = 1; layer <= voice.layerBox()->maximum(); layer += 4)
        checkField(voice, spec, layer);
    checkField(voice, spec, voice.layerBox()->maximum());
    QTest::qWait(300);
    QVERIFY(voice.grab().save("/tmp/voice_test_mfcc.png"));
}

void VoiceTestPanelTest::rawModelSaliencyAndReceptiveField()
{
    TrainingController training;
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    VoiceTestPanel voice(&models);
    voice.resize(1280, 820);
    voice.show();
    train(training, "plain", 1);
    openAndWait(voice, m_file);
    QCOMPARE(static_cast<int>(voice.chart()->bars().size()), 10);
    checkSaliency(voice, 6000, SaliencyView::Mode::Waveform);
    QCOMPARE(voice.saliencyView()->inputLength(), 6000);

    const NetworkSpec &spec = training.modelConfig().network;
    for (int layer = 1; layer <= voice.layerBox()->maximum(); layer += 3)
        checkField(voice, spec, layer);
    checkField(voice, spec, voice.layerBox()->maximum());
    QTest::qWait(300);
    QVERIFY(voice.grab().save("/tmp/voice_test_raw.png"));
}

void VoiceTestPanelTest::misclassifiedClipExplainsTheTrueDigit()
{
    TrainingController training;
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    VoiceTestPanel voice(&models);
    train(training, "mfcc", 1);
    // As if the clip had been double-clicked in the misclassified list (true digit, a wrong prediction).
    const int wrong = (m_truth + 3) % 10;
    QSignalSpy explained(&voice, &VoiceTestPanel::saliencyShown);
    QCOMPARE(voice.openDatasetClip(m_file, m_truth, wrong), QString());
    QTRY_COMPARE_WITH_TIMEOUT(explained.count(), 1, 30000);
    QCOMPARE(explained.at(0).at(0).toInt(), m_truth);  // the saliency explains the true digit
    QCOMPARE(voice.classBox()->currentData().toInt(), m_truth);
    QCOMPARE(static_cast<int>(voice.chart()->bars().size()), 10);
    QVERIFY(voice.answeringText().contains("mfcc input, 1 epoch)"));

    // A clip that is gone is reported with its name.
    QVERIFY(voice.openDatasetClip("/nonexistent/3_nobody_0.wav", 3, 5).contains("3_nobody_0.wav"));
    QVERIFY(voice.statusText().contains("3_nobody_0.wav"));
}

void VoiceTestPanelTest::stoppedModelIsReadyNotTraining()
{
    // Seen by a user: after Stop, the tab said "The model is training…" and "no model" until a WAV was opened.
    TrainingController training;
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    VoiceTestPanel voice(&models);
    training.setData(m_cache);
    QSignalSpy progress(&training, &TrainingController::progress);
    QSignalSpy recorded(&training, &TrainingController::runRecorded);
    QCOMPARE(training.start(presetConfig("mfcc", 500)), QString());
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 2, 60000);
    QVERIFY(voice.statusText().contains("training"));
    training.stop();
    QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 60000);
    QCOMPARE(toString(training.state()), toString(TrainingState::Stopped));
    QVERIFY2(!voice.statusText().contains("training"), qPrintable(voice.statusText()));
    QVERIFY2(!voice.statusText().contains("no trained model"), qPrintable(voice.statusText()));
    QVERIFY(voice.statusText().contains("Record a digit"));
    QVERIFY(voice.layerBox()->isEnabled());
    openAndWait(voice, m_file);
    QCOMPARE(static_cast<int>(voice.chart()->bars().size()), 10);
}

QTEST_MAIN(VoiceTestPanelTest)
#include "VoiceTestPanelTest.moc"
