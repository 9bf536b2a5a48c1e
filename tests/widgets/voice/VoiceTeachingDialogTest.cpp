// "Teach it your voice" as a student sees it: real FSDD takes of one speaker opened through the recorder's WAV
// fallback, prompt by prompt; Teach, the result and the personal model answering; redoing a take; Cancel; and the
// buttons locked while a training run holds the cores. With CONVSCOPE_SCREENSHOTS=DIR it also saves the dialog
// mid-round and after a result (teach-mid-round.png, teach-result.png).
#include "SmallFeatureCache.h"
#include "digits/RecorderWidget.h"
#include "network/PresetLibrary.h"
#include "services/DatasetDocument.h"
#include "services/ModelService.h"
#include "services/SpeakerStudy.h"
#include "services/TrainingController.h"
#include "voice/VoiceTeachingDialog.h"
#include "voice/VoiceTestPanel.h"

#include <QDir>
#include <QFile>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace convscope;

class VoiceTeachingDialogTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aRoundPromptByPromptThenTeach();
    void cancelKeepsThePreviousModel();
    void lockedWhileATrainingRunRuns();
    void lockedWhileASpeakerStudyRuns();

private:
    /// Opens `{digit}_nicolas_{take}.wav` as the dialog's next take.
    void say(VoiceTeachingDialog &dialog, int digit, int take);
    /// Records the whole round in the order the dialog asks, checking each prompt and the Teach button; saves the
    /// dialog mid-round when `screenshot`.
    void recordRound(VoiceTeachingDialog &dialog, bool screenshot = false);
    /// Saves the dialog as DIR/name when CONVSCOPE_SCREENSHOTS=DIR is set.
    void screenshot(VoiceTeachingDialog &dialog, const QString &name);
};

namespace {

AdaptOptions quickOptions(int epochs = 8)
{
    AdaptOptions options;
    options.epochs = epochs;
    options.threads = 1;
    return options;
}

QString percent(double share) { return QString("%1 %").arg(std::lround(100.0 * share)); }

}  // namespace

void VoiceTeachingDialogTest::say(VoiceTeachingDialog &dialog, int digit, int take)
{
    const QString file = QString("%1/%2_nicolas_%3.wav").arg(test::fsddFolder()).arg(digit).arg(take);
    QCOMPARE(dialog.recorder()->openFile(file), QString());
}

void VoiceTeachingDialogTest::recordRound(VoiceTeachingDialog &dialog, bool screenshot)
{
    const int perDigit = dialog.takesBox()->value();
    for (int take = 0; take < perDigit; ++take)
        for (int digit = 0; digit < 10; ++digit) {
            QCOMPARE(dialog.promptText(), QString("Say %1 (take %2 of %3)").arg(digit).arg(take + 1).arg(perDigit));
            QCOMPARE(dialog.takeGrid()->item(take, digit)->text(), QString("next"));
            QVERIFY(!dialog.teachButton()->isEnabled());
            say(dialog, digit, take);
            QVERIFY(dialog.takeGrid()->item(take, digit)->text().endsWith(" s"));
            if (screenshot && take == 1 && digit == 6)
                this->screenshot(dialog, "teach-mid-round.png");
        }
    QCOMPARE(dialog.promptText(), QString("All %1 takes recorded").arg(10 * perDigit));
    QVERIFY(dialog.teachButton()->isEnabled());
}

void VoiceTeachingDialogTest::screenshot(VoiceTeachingDialog &dialog, const QString &name)
{
    const QString folder = qEnvironmentVariable("CONVSCOPE_SCREENSHOTS");
    if (folder.isEmpty())
        return;
    QDir().mkpath(folder);
    QCoreApplication::processEvents();  // the plots replot queued
    QVERIFY(dialog.grab().save(folder + "/" + name));
}

void VoiceTeachingDialogTest::aRoundPromptByPromptThenTeach()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TrainingController training;
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    VoiceTeachingDialog dialog(&models);
    dialog.setSavePath(dir.filePath("personal-voice.cspt"));
    dialog.teaching()->setOptions(quickOptions());
    dialog.show();
    QVERIFY(dialog.width() <= 1280 && dialog.height() <= 720);  // fits a 1280x720 screen, with five takes too
    dialog.takesBox()->setValue(5);
    QCOMPARE(dialog.takeGrid()->rowCount(), 5);
    QVERIFY(dialog.minimumSizeHint().width() <= 1280 && dialog.minimumSizeHint().height() <= 720);
    dialog.takesBox()->setValue(2);
    QCOMPARE(dialog.takesBox()->value(), 2);
    QCOMPARE(dialog.takeGrid()->rowCount(), 2);
    recordRound(dialog, true);
    QVERIFY(!QTest::currentTestFailed());

    // Redo a take: the prompt says which, the next clip replaces it, and the round's order comes back.
    dialog.chooseTake(3, 0);
    QCOMPARE(dialog.promptText(), QString("Say 3 again (take 1 of 2)"));
    QCOMPARE(dialog.takeGrid()->item(0, 3)->text(), QString("again"));
    QCOMPARE(dialog.recorder()->clip().samples, *dialog.teaching()->takeSamples(3, 0));  // shown, to be heard
    say(dialog, 3, 2);
    QCOMPARE(dialog.promptText(), QString("All 20 takes recorded"));
    QCOMPARE(dialog.teaching()->takes().size(), std::size_t(20));
    QCOMPARE(*dialog.teaching()->takeSamples(3, 0), dialog.recorder()->clip().samples);
    dialog.chooseTake(3, 0);
    say(dialog, 3, 0);  // back to the original take

    QSignalSpy finished(dialog.teaching(), &VoiceTeaching::finished);
    dialog.teachButton()->click();
    QVERIFY(!dialog.teachButton()->isEnabled());
    QVERIFY(dialog.cancelButton()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 240000);
    const TeachingResult result = *dialog.teaching()->lastResult();
    QCOMPARE(dialog.progressBar()->value(), dialog.progressBar()->maximum());
    QVERIFY2(dialog.resultText().startsWith(QString("Before: %1 — after: %2 on the 10 takes it did not learn from.")
                                                .arg(percent(result.before), percent(result.after))),
             qPrintable(dialog.resultText()));
    QVERIFY(dialog.resultText().contains("trained on all 20 takes"));
    QVERIFY(dialog.resultText().contains("Your personal model now answers."));
    QVERIFY(QFile::exists(dialog.savePath()));
    QCOMPARE(models.description(), QString("your personal model (personal-voice.cspt)"));
    QVERIFY(dialog.copyButton()->isEnabled());
    QVERIFY(!dialog.cancelButton()->isEnabled());
    screenshot(dialog, "teach-result.png");
}

void VoiceTeachingDialogTest::cancelKeepsThePreviousModel()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TrainingController training;
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    VoiceTeachingDialog dialog(&models);
    dialog.setSavePath(dir.filePath("personal-voice.cspt"));
    dialog.takesBox()->setValue(1);
    QCOMPARE(dialog.takeGrid()->rowCount(), 1);
    dialog.teaching()->setOptions(quickOptions());
    recordRound(dialog);
    QVERIFY(!QTest::currentTestFailed());
    QSignalSpy finished(dialog.teaching(), &VoiceTeaching::finished);
    dialog.teach();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 240000);
    QVERIFY2(dialog.resultText().contains("on the 10 takes it learnt from"), qPrintable(dialog.resultText()));
    QFile saved(dialog.savePath());
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QByteArray before = saved.readAll();
    saved.close();
    const QString answering = models.description();

    // A second, long round is cancelled: the personal model already saved stays, and still answers.
    dialog.teaching()->setOptions(quickOptions(500));
    QSignalSpy failed(dialog.teaching(), &VoiceTeaching::failed);
    dialog.teach();
    QVERIFY(dialog.cancelButton()->isEnabled());
    dialog.cancelButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
    QCOMPARE(finished.count(), 1);
    QVERIFY2(dialog.resultText().startsWith("Cancelled: nothing was saved"), qPrintable(dialog.resultText()));
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), before);
    QCOMPARE(models.description(), answering);
    QVERIFY(dialog.teachButton()->isEnabled());
}

namespace {

/// A run that keeps the cores busy until it is stopped: the plain preset for 1000 epochs on one thread.
TrainingConfig endlessPlainRun()
{
    const PresetLibrary presets;
    TrainingConfig config = TrainingConfig::forPreset("plain", *presets.find("plain")).value();
    config.epochs = 1000;
    config.threads = 1;
    return config;
}

}  // namespace

void VoiceTeachingDialogTest::lockedWhileATrainingRunRuns()
{
    QString error;
    const auto cache = test::smallFeatureCache(100, &error);
    QVERIFY2(cache, qPrintable(error));
    TrainingController training;
    training.setData(cache);
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    VoiceTestPanel panel(&models);
    QVERIFY(panel.teachButton()->isEnabled());
    VoiceTeachingDialog *dialog = panel.openTeaching();
    QVERIFY(dialog->isVisible());
    QCOMPARE(panel.openTeaching(), dialog);  // one dialog, which keeps its takes
    dialog->takesBox()->setValue(1);
    recordRound(*dialog);
    QVERIFY(!QTest::currentTestFailed());

    QCOMPARE(training.start(endlessPlainRun()), QString());
    QVERIFY(isRunning(training.state()));
    QVERIFY(!panel.teachButton()->isEnabled());
    QVERIFY(panel.teachButton()->toolTip().contains("training run"));
    QVERIFY(!dialog->teachButton()->isEnabled());
    QVERIFY(dialog->teachButton()->toolTip().contains("training run"));
    training.stop();
    QTRY_VERIFY_WITH_TIMEOUT(isSettled(training.state()), 60000);
    QVERIFY(panel.teachButton()->isEnabled());
    QVERIFY(dialog->teachButton()->isEnabled());
}

void VoiceTeachingDialogTest::lockedWhileASpeakerStudyRuns()
{
    // Seen: while "Leave one speaker out" trained on every core, Teach stayed enabled and said nothing.
    QString error;
    const auto cache = test::smallFeatureCache(100, &error);
    QVERIFY2(cache, qPrintable(error));
    TrainingController training;
    training.setData(cache);
    DatasetDocument recordings;
    ModelService models(&training, &recordings);
    VoiceTestPanel panel(&models);
    VoiceTeachingDialog *dialog = panel.openTeaching();
    dialog->takesBox()->setValue(1);
    recordRound(*dialog);
    QVERIFY(!QTest::currentTestFailed());
    QVERIFY(dialog->teachButton()->isEnabled());

    SpeakerStudy study(&training);
    QCOMPARE(study.start(endlessPlainRun()), QString());
    QVERIFY(study.isRunning());
    QVERIFY(isSettled(training.state()));  // the study trains on a session of its own
    const QString why = "A leave-one-speaker-out study is using the cores: let it finish or stop it on the Training tab "
                        "first.";
    QVERIFY(!panel.teachButton()->isEnabled());
    QCOMPARE(panel.teachButton()->toolTip(), why);
    QVERIFY(!dialog->teachButton()->isEnabled());
    QCOMPARE(dialog->teachButton()->toolTip(), why);
    study.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!study.isRunning(), 60000);
    QVERIFY(panel.teachButton()->isEnabled());
    QVERIFY(dialog->teachButton()->isEnabled());
}

QTEST_MAIN(VoiceTeachingDialogTest)
#include "VoiceTeachingDialogTest.moc"
