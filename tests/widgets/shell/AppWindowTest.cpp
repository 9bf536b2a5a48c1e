// The assembled app: its tabs in Tab's order, --tab names, each tab's own toolbar actions, and one model answering
// every tab alike.
#include "shell/AppWindow.h"
#include "SmallFeatureCache.h"
#include "digits/DatasetBrowser.h"
#include "explore/DataMapPanel.h"
#include "explore/ExploreTab.h"
#include "studio/DeepPaddingPanel.h"
#include "services/ModelService.h"
#include "services/ReceptiveFieldTracker.h"
#include "studio/StudioWorkspace.h"
#include "services/TrainingController.h"
#include "voice/VoiceTestPanel.h"
#include "training/TrainingPanel.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QtTest>

using namespace convscope;

class AppWindowTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void tabsFollowTheEnum()
    {
        AppWindow window;
        QTabWidget *tabs = window.workspaces();
        QCOMPARE(tabs->count(), 6);
        QCOMPARE(tabs->tabText(static_cast<int>(Tab::Studio)), QString("Receptive-field studio"));
        QCOMPARE(tabs->tabText(static_cast<int>(Tab::DeepPadding)), QString("Deep padding (3.4)"));
        QCOMPARE(tabs->tabText(static_cast<int>(Tab::SpokenDigits)), QString("Spoken digits"));
        QCOMPARE(tabs->tabText(static_cast<int>(Tab::Training)), QString("Training"));
        QCOMPARE(tabs->tabText(static_cast<int>(Tab::VoiceTest)), QString("Test your voice"));
        QCOMPARE(tabs->tabText(static_cast<int>(Tab::Explore)), QString("Inside the network"));
        window.showTab(Tab::Training);
        QCOMPARE(window.currentTab(), Tab::Training);
        QCOMPARE(window.workspace(tabs->currentIndex()), static_cast<QWidget *>(window.trainingPanel()));
        QCOMPARE(toString(window.training()->state()), toString(TrainingState::Idle));
        QVERIFY(!window.training()->hasData());
        QCOMPARE(window.workspace(static_cast<int>(Tab::VoiceTest)), static_cast<QWidget *>(window.voiceTest()));
        QCOMPARE(window.workspace(static_cast<int>(Tab::Explore)), static_cast<QWidget *>(window.exploreTab()));
        // A misclassified clip sent inside the network opens that tab; with no dataset loaded, it says why.
        Q_EMIT window.trainingPanel()->clipExplored("3_theo_7.wav");
        QCOMPARE(window.currentTab(), Tab::Explore);
        QVERIFY2(window.statusBar()->currentMessage().contains("3_theo_7.wav"),
                 qPrintable(window.statusBar()->currentMessage()));
        // The studio's trained receptive field is the training tab's model.
        QCOMPARE(window.studio()->tracker()->trainedModel()->training(), window.training());
        // The 3.4 deep-padding demo starts at the assignment's 15×15 input (it started at 32×32).
        auto *padding = qobject_cast<DeepPaddingPanel *>(window.workspace(static_cast<int>(Tab::DeepPadding)));
        QVERIFY(padding);
        QCOMPARE(padding->sizeBox()->value(), 15);
    }

    void tabNamesParse()
    {
        for (Tab tab : {Tab::Studio, Tab::DeepPadding, Tab::SpokenDigits, Tab::Training, Tab::VoiceTest, Tab::Explore})
            QCOMPARE(parseTab(tabName(tab)), std::optional<Tab>(tab));
        QCOMPARE(parseTab("3"), std::optional<Tab>(Tab::Training));  // the old numeric form still works
        QVERIFY(!parseTab("7"));
        QVERIFY(!parseTab("trainig"));
        QCOMPARE(tabNames(), QString("studio, deep-padding, digits, training, voice, explore"));
    }

    void studioActionsShowOnTheStudioTabOnly()
    {
        // Seen: Undo, Redo and "Export Receptive-Field View" on every tab.
        AppWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showTab(Tab::Studio);
        QVERIFY(window.studioToolBar()->isVisible());
        window.showTab(Tab::Training);
        QVERIFY(!window.studioToolBar()->isVisible());
        window.showTab(Tab::SpokenDigits);
        QVERIFY(!window.studioToolBar()->isVisible());
        window.showTab(Tab::Studio);
        QVERIFY(window.studioToolBar()->isVisible());
    }

    void theStudiosHintStaysOnTheStudioTab()
    {
        // Seen: "Drag layers from the palette into the stack" under Test your voice at start.
        AppWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.statusBar()->currentMessage().contains("palette"));
        window.showTab(Tab::VoiceTest);
        QVERIFY2(!window.statusBar()->currentMessage().contains("palette"),
                 qPrintable(window.statusBar()->currentMessage()));
    }

    void theDataMapAnswersWithTheModelTheVoiceTestNames()
    {
        // Seen: with no model of the user's, Test your voice answered with the ready voice model while the map of
        // the data said "There is no trained model yet". The model that answers one tab answers them all.
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        for (const QString speaker : {"george", "jackson", "lucas"})
            for (int digit = 0; digit < 10; ++digit)
                for (int take = 0; take < 2; ++take) {
                    const QString name = QString("%1_%2_%3.wav").arg(digit).arg(speaker).arg(take);
                    QVERIFY(QFile::copy(test::fsddFolder() + "/" + name, folder.filePath(name)));
                }
        AppWindow window;
        QSignalSpy loaded(window.digits(), &DatasetBrowser::loadFinished);
        window.digits()->openFolder(folder.path());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 30000);
        QCOMPARE(window.digits()->dataset().size(), 60);
        QTRY_VERIFY_WITH_TIMEOUT(window.training()->hasData(), 30000);
        QVERIFY(!window.training()->hasModel());
        QVERIFY2(window.voiceTest()->answeringText().contains("the ready voice model"),
                 qPrintable(window.voiceTest()->answeringText()));
        DataMapPanel *map = window.exploreTab()->dataMap();
        QVERIFY2(!map->descriptionText().contains("no model", Qt::CaseInsensitive) &&
                     !map->descriptionText().contains("no trained model", Qt::CaseInsensitive),
                 qPrintable(map->descriptionText()));
        QCOMPARE(map->mapTestClips(), QString());
        // The ready model maps the random split's 20 test clips and says which model it is.
        QTRY_VERIFY_WITH_TIMEOUT(map->descriptionText().contains("of 20 test clips"), 60000);
        QVERIFY2(map->answeringText().contains("the ready voice model"), qPrintable(map->answeringText()));
    }

    void aPersonalModelThatIsGoneIsSaidAtStart()
    {
        // The personal model remembered by an earlier session was deleted since: the app says so and the ready
        // model answers.
        const QString gone = QDir::temp().filePath("convscope-test-gone/personal.cspt");
        QSettings().setValue(ModelService::kPersonalModelKey, gone);
        AppWindow window;
        QCOMPARE(window.models()->answerer(), ModelService::Answerer::Ready);
        const QString said = QString("Your personal model %1 is gone, so the ready voice model answers. Teach it your "
                                     "voice again in Test your voice to make a new one.").arg(gone);
        QCOMPARE(window.statusBar()->currentMessage(), said);
        QCOMPARE(window.voiceTest()->statusText(), said);
        QVERIFY(window.voiceTest()->answeringText().contains("the ready voice model"));
        QVERIFY(!QSettings().contains(ModelService::kPersonalModelKey));
    }
};

QTEST_MAIN(AppWindowTest)
#include "AppWindowTest.moc"
