// The assembled app: its tabs in Tab's order, --tab names, and each tab's own toolbar actions.
#include "shell/AppWindow.h"
#include "explore/ExploreTab.h"
#include "studio/DeepPaddingPanel.h"
#include "services/ReceptiveFieldTracker.h"
#include "studio/StudioWorkspace.h"
#include "services/TrainingController.h"
#include "voice/VoiceTestPanel.h"
#include "training/TrainingPanel.h"

#include <QStandardPaths>
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
        QCOMPARE(window.studio()->tracker()->trainedModel(), window.training());
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
};

QTEST_MAIN(AppWindowTest)
#include "AppWindowTest.moc"
