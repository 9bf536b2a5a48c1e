// The Listen mode of "Test your voice": a WAV of FSDD digits with room noise between them replayed through the real
// path (ring, worker thread, the shipped ready model) into the real panel, on the offscreen platform.
#include "SmallFeatureCache.h"

#include "audio/AudioDecoder.h"
#include "audio/WavWriter.h"
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

using namespace convscope;

class ListenPanelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void replayedFileIsTranscribedAndCanBeCopiedAndCleared();
    void withoutAMicrophoneThePanelSaysWhyAndReplayStillWorks();
    void aModelThatCannotBeReadIsReported();
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

QTEST_MAIN(ListenPanelTest)
#include "ListenPanelTest.moc"
