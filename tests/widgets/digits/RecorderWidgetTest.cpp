#include "common/FeatureMatrixView.h"
#include "digits/RecorderWidget.h"
#include "TestPaths.h"
#include "common/WaveformView.h"
#include "audio/AudioDecoder.h"
#include "audio/SilenceTrimmer.h"

#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdlib>

using namespace convscope;

/// The recorder with a real PortAudio stream: ALSA's file plugin over the null device (docs/architecture.md, "Audio without sound hardware") makes
/// mic.raw the microphone: 0.5 s of silence, an FSDD clip, 0.5 s of silence, float32 like the stream.
class RecorderWidgetTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void recordsTheSpeechTrimmedAndSavesIt();
    void opensAFileLikeARecording();

private:
    QTemporaryDir m_home;
    std::vector<float> m_mic;
};

void RecorderWidgetTest::initTestCase()
{
    QVERIFY(m_home.isValid());
    QFile rc(m_home.filePath(".asoundrc"));
    QVERIFY(rc.open(QIODevice::WriteOnly));
    rc.write(QString("pcm.!default {\n  type file\n  slave.pcm \"null\"\n  file \"%1/played.raw\"\n"
                     "  infile \"%1/mic.raw\"\n  format \"raw\"\n}\n")
                 .arg(m_home.path())
                 .toUtf8());
    rc.close();
    const DecodeResult speech = AudioDecoder::decodeFile(test::sharedDir() + "/fsdd/recordings/3_theo_10.wav");
    QVERIFY(speech.clip);
    m_mic.assign(4000, 0.0f);
    m_mic.insert(m_mic.end(), speech.clip->samples.begin(), speech.clip->samples.end());
    m_mic.insert(m_mic.end(), 4000, 0.0f);
    QFile mic(m_home.filePath("mic.raw"));
    QVERIFY(mic.open(QIODevice::WriteOnly));
    mic.write(reinterpret_cast<const char *>(m_mic.data()), static_cast<qint64>(m_mic.size() * sizeof(float)));
    mic.close();
    ::setenv("HOME", m_home.path().toLocal8Bit().constData(), 1);  // before the first PortAudio session
}

void RecorderWidgetTest::recordsTheSpeechTrimmedAndSavesIt()
{
    RecorderWidget widget;
    QVERIFY2(widget.canRecord(), qPrintable(widget.message()));
    auto *record = widget.findChild<QPushButton *>("record");
    auto *stop = widget.findChild<QPushButton *>("stop");
    auto *save = widget.findChild<QPushButton *>("save");
    QVERIFY(record && stop && save);
    QVERIFY(record->isEnabled());
    QVERIFY(!stop->isEnabled());
    QVERIFY(!save->isEnabled());

    QSignalSpy recorded(&widget, &RecorderWidget::clipRecorded);
    QTest::mouseClick(record, Qt::LeftButton);
    QVERIFY(widget.isRecording());
    QVERIFY(stop->isEnabled());
    QVERIFY(!record->isEnabled());
    // The null device is not paced: the file is read at once and the 5 s buffer fills, which stops the take.
    // Stop by hand if it has not stopped after a while (a paced device).
    if (!QTest::qWaitFor([&] { return !widget.isRecording(); }, 3000))
        QTest::mouseClick(stop, Qt::LeftButton);
    QCOMPARE(recorded.count(), 1);

    const std::vector<float> speech = SilenceTrimmer::trim(m_mic, 8000);
    const AudioClip clip = widget.clip();
    QCOMPARE(clip.sampleRate, 8000);
    QCOMPARE(clip.frames(), static_cast<std::int64_t>(speech.size()));
    QVERIFY(clip.samples == speech);
    QVERIFY(recorded.front().front().value<AudioClip>().samples == speech);
    QCOMPARE(widget.waveformView()->pointCount(), static_cast<int>(speech.size()));
    QCOMPARE(widget.mfccView()->frames(), 74);  // padded to 6000 samples
    QCOMPARE(widget.mfccView()->bins(), 13);
    QVERIFY(speech.size() < 6000);  // theo's "3", trimmed: the frames that start after its end are drawn as padding
    const auto speechFrames = (static_cast<std::int64_t>(speech.size()) + 79) / 80;
    QCOMPARE(widget.mfccView()->paddingFrames(), 74 - speechFrames);
    QVERIFY(save->isEnabled());
    QVERIFY(record->isEnabled());

    const QString path = m_home.filePath("take.wav");
    QCOMPARE(widget.saveClip(path), QString());
    const DecodeResult back = AudioDecoder::decodeFile(path);
    QVERIFY2(back.clip, qPrintable(back.error));
    QCOMPARE(back.clip->sampleRate, 8000);
    QVERIFY(back.clip->samples == speech);

    // A failed save names the file and leaves no partial file behind.
    const QString bad = m_home.filePath("missing/take.wav");
    const QString error = widget.saveClip(bad);
    QVERIFY2(error.startsWith(bad), qPrintable(error));
    QVERIFY(!QFile::exists(bad));
}

void RecorderWidgetTest::opensAFileLikeARecording()
{
    RecorderWidget widget;
    QSignalSpy recorded(&widget, &RecorderWidget::clipRecorded);
    const QString file = test::sharedDir() + "/fsdd/recordings/7_jackson_32.wav";
    QCOMPARE(widget.openFile(file), QString());
    QCOMPARE(recorded.count(), 1);
    const DecodeResult expected = AudioDecoder::decodeFile(file);
    QVERIFY(widget.clip().samples == expected.clip->samples);
    QCOMPARE(widget.waveformView()->pointCount(), static_cast<int>(expected.clip->samples.size()));
    QVERIFY(widget.findChild<QPushButton *>("play")->isEnabled());

    const QString missing = m_home.filePath("nothing.wav");
    QVERIFY(!widget.openFile(missing).isEmpty());
    QCOMPARE(recorded.count(), 1);
    QVERIFY2(widget.message().contains(missing), qPrintable(widget.message()));
    QVERIFY(widget.clip().samples == expected.clip->samples);  // the previous take stays
}

QTEST_MAIN(RecorderWidgetTest)
#include "RecorderWidgetTest.moc"
