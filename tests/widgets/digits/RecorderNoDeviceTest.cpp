#include "common/FeatureMatrixView.h"
#include "digits/RecorderWidget.h"
#include "TestPaths.h"
#include "audio/AudioSystem.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdlib>

using namespace convscope;

/// The recorder on a machine with no sound hardware (and no ~/.asoundrc): disabled, with one message.
class RecorderNoDeviceTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void disablesRecordingAndSaysWhy();

private:
    QTemporaryDir m_home;
};

void RecorderNoDeviceTest::initTestCase()
{
    ::setenv("HOME", m_home.path().toLocal8Bit().constData(), 1);
    if (AudioSystem::instance()->hasInput())
        QSKIP("This machine has an audio input device.");
}

void RecorderNoDeviceTest::disablesRecordingAndSaysWhy()
{
    RecorderWidget widget;
    QVERIFY(!widget.canRecord());
    for (const char *name : {"record", "stop", "play", "save"})
        QVERIFY2(!widget.findChild<QPushButton *>(name)->isEnabled(), name);
    QVERIFY(widget.findChild<QPushButton *>("open")->isEnabled());
    const QString reason = AudioSystem::instance()->message();
    QVERIFY(!reason.isEmpty());
    QVERIFY2(widget.message().startsWith(reason), qPrintable(widget.message()));
    QVERIFY(widget.message().contains("Open WAV"));
    QCOMPARE(widget.startRecording(), reason);
    QVERIFY(!widget.isRecording());

    // Opening a file still works and shows its features; Save becomes possible, Play stays off.
    QSignalSpy recorded(&widget, &RecorderWidget::clipRecorded);
    QCOMPARE(widget.openFile(test::sharedDir() + "/fsdd/recordings/0_george_0.wav"), QString());
    QCOMPARE(recorded.count(), 1);
    QCOMPARE(widget.mfccView()->bins(), 13);
    QVERIFY(widget.findChild<QPushButton *>("save")->isEnabled());
    QVERIFY(!widget.findChild<QPushButton *>("play")->isEnabled());
}

QTEST_MAIN(RecorderNoDeviceTest)
#include "RecorderNoDeviceTest.moc"
