// The Listen mode of "Test your voice": a WAV of FSDD digits with room noise between them replayed through the real
// path (ring, worker thread, the shipped ready model) into the real panel, on the offscreen platform.
#include "SmallFeatureCache.h"

#include "audio/AudioDecoder.h"
#include "audio/WavWriter.h"
#include "common/ColorMap.h"
#include "listen/WordStream.h"
#include "services/ListenSession.h"
#include "voice/ListenPanel.h"
#include "voice/ListenView.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <array>
#include <cmath>

using namespace convscope;

class ListenPanelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void replayedFileIsTranscribedAndCanBeCopiedAndCleared();
    void withoutAMicrophoneThePanelSaysWhyAndReplayStillWorks();
    void aModelThatCannotBeReadIsReported();
    void theTenDigitColoursAreFarApart();
};

namespace {

/// Five FSDD digits of one speaker with room noise between them, as a WAV in `dir`.
QString writeStream(const QTemporaryDir &dir, const std::vector<int> &digits)
{
    std::vector<std::vector<float>> recordings;
    for (int digit : digits) {
        const auto decoded = AudioDecoder::decodeFile(QString("%1/%2_nicolas_%3.wav").arg(test::fsddFolder()).arg(digit).arg(digit + 3));
        if (!decoded.clip)
            return {};
        recordings.push_back(decoded.clip->samples);
    }
    AudioClip clip;
    clip.sampleRate = 8000;
    clip.samples = makeWordStream(recordings, digits, 8000, 20.0, 5).samples;
    const QString path = dir.filePath("digits.wav");
    return WavWriter::save(path, clip).isEmpty() ? path : QString();
}

/// `colour` in CIELAB (D65).
std::array<double, 3> lab(const QColor &colour)
{
    const auto linear = [](double u) { return u <= 0.04045 ? u / 12.92 : std::pow((u + 0.055) / 1.055, 2.4); };
    const double r = linear(colour.redF()), g = linear(colour.greenF()), b = linear(colour.blueF());
    const auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
    const double x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047), y = f(0.2126 * r + 0.7152 * g + 0.0722 * b),
                 z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
    return {116.0 * y - 16.0, 500.0 * (x - y), 200.0 * (y - z)};
}

}  // namespace

void ListenPanelTest::replayedFileIsTranscribedAndCanBeCopiedAndCleared()
{
    QTemporaryDir dir;
    const QString file = writeStream(dir, {4, 0, 7, 2, 9});
    QVERIFY(!file.isEmpty());
    ListenPanel panel("builtin:voice");
    panel.resize(800, 560);
    panel.show();
    QSignalSpy stopped(panel.session(), &ListenSession::stopped);
    QCOMPARE(panel.replay(file, false), QString());
    QVERIFY(panel.session()->isListening());
    QVERIFY(stopped.wait(60000));
    QCOMPARE(panel.transcript(), QString("4 0 7 2 9"));
    QVERIFY(panel.view()->wordsShown() >= 1);  // the view keeps the words of its last 5 s
    QVERIFY(panel.view()->wordsShown() <= 5);
    QVERIFY(!panel.grab().isNull());
    for (QPushButton *button : panel.findChildren<QPushButton *>()) {
        if (button->text() == "Copy")
            button->click();
    }
    QCOMPARE(QGuiApplication::clipboard()->text(), QString("4 0 7 2 9"));
    for (QPushButton *button : panel.findChildren<QPushButton *>()) {
        if (button->text() == "Clear")
            button->click();
    }
    QCOMPARE(panel.transcript(), QString());
}

void ListenPanelTest::withoutAMicrophoneThePanelSaysWhyAndReplayStillWorks()
{
    ListenPanel panel("builtin:voice");
    if (panel.session()->microphoneProblem().isEmpty())
        QSKIP("there is an audio input device");
    QVERIFY(!panel.listenButton()->isEnabled());
    QVERIFY(panel.microphoneLabel()->text().contains("microphone is off"));
    QVERIFY(panel.microphoneLabel()->text().contains("replay"));
    QVERIFY(!panel.session()->startMicrophone("builtin:voice").isEmpty());
}

void ListenPanelTest::aModelThatCannotBeReadIsReported()
{
    QTemporaryDir dir;
    const QString file = writeStream(dir, {1});
    ListenPanel panel(dir.filePath("missing.cspt"));
    QSignalSpy failed(panel.session(), &ListenSession::failed);
    QCOMPARE(panel.replay(file, false), QString());
    QVERIFY(failed.wait(20000));
    QVERIFY(failed.front().front().toString().contains("missing.cspt"));
    QTRY_VERIFY(!panel.session()->isListening());
}

void ListenPanelTest::theTenDigitColoursAreFarApart()
{
    // The strip chart's ten lines and the words' marks (ListenView): no two digits alike, as 3 and 4 were (two
    // greens 29 apart). 50 apart in CIELAB is two clearly different colours.
    for (int a = 0; a < 10; ++a) {
        const auto first = lab(ColorMap::category(a));
        QVERIFY2(first[0] >= 40.0 && first[0] <= 72.0, qPrintable(QString("digit %1 too dark or too light").arg(a)));
        for (int b = a + 1; b < 10; ++b) {
            const auto second = lab(ColorMap::category(b));
            const double difference = std::hypot(first[0] - second[0], first[1] - second[1], first[2] - second[2]);
            QVERIFY2(difference >= 50.0, qPrintable(QString("digits %1 and %2: %3 apart").arg(a).arg(b).arg(difference)));
        }
    }
    QCOMPARE(ColorMap::category(13), ColorMap::category(3));
}

QTEST_MAIN(ListenPanelTest)
#include "ListenPanelTest.moc"
