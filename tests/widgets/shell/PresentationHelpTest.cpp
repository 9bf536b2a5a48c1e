// View → Presentation Mode and zoom (one scale for fonts, plots and maps, kept in QSettings), and the Help menu:
// the lesson plan with links that open each step, the keyboard shortcuts read from the real actions, and the
// first start's one line.
#include "common/PlotLayout.h"
#include "common/PresentationScale.h"
#include "common/QCustomPlotShim.h"
#include "network/NetworkSpec.h"
#include "services/NetworkDocument.h"
#include "shell/AppWindow.h"
#include "shell/HelpContent.h"

#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTextBrowser>
#include <QtTest>

using namespace convscope;

namespace {

/// The menu bar's action named `text` (without '&'), searched through every menu.
QAction *menuAction(const QMainWindow &window, const QString &text)
{
    for (QAction *action : window.menuBar()->findChildren<QAction *>())
        if (action->text().remove('&') == text)
            return action;
    return nullptr;
}

double tickFontSize(const AppWindow &window)
{
    auto *plot = window.findChild<QCustomPlot *>();
    return plot ? plot->xAxis->tickLabelFont().pointSizeF() : 0.0;
}

}  // namespace

class PresentationHelpTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("ConvScopeTest");  // settings of its own, emptied here
        QSettings().clear();
    }
    void cleanup() { QSettings().clear(); }

    void presentationModeScalesFontsAndPlots()
    {
        AppWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        PresentationScale *scale = window.presentationScale();
        const double base = QApplication::font().pointSizeF(), plotBase = tickFontSize(window);
        QVERIFY(base > 0 && plotBase > 0);
        QLabel *label = nullptr;  // a shown one that follows the application's font (no font of its own)
        for (QLabel *candidate : window.findChildren<QLabel *>())
            if (!label && candidate->isVisible() && candidate->font().resolveMask() == 0 && !candidate->text().isEmpty())
                label = candidate;
        QVERIFY(label);
        const int labelHeight = label->fontMetrics().height();

        QCustomPlot *stacked = nullptr;  // a plot of a stack kept readable (its height follows its label)
        for (QCustomPlot *plot : window.findChildren<QCustomPlot *>())
            if (!stacked && plot->property(PlotLayout::kReadableProperty).toBool())
                stacked = plot;
        QVERIFY(stacked);
        const int stackedHeight = stacked->minimumHeight();

        QAction *present = menuAction(window, "Presentation Mode");
        QVERIFY(present && present->isCheckable());
        present->trigger();
        QCOMPARE(scale->factor(), PresentationScale::kPresentation);
        QVERIFY(present->isChecked());
        QCOMPARE(QApplication::font().pointSizeF(), base * PresentationScale::kPresentation);
        QTRY_VERIFY2(label->fontMetrics().height() > labelHeight,
                 qPrintable(QString("%1: %2 px, %3 pt").arg(label->text()).arg(labelHeight).arg(label->font().pointSizeF())));
        QCOMPARE(tickFontSize(window), plotBase * PresentationScale::kPresentation);  // QCustomPlot's own fonts too
        QVERIFY2(stacked->minimumHeight() > stackedHeight, "seen: 'frequency (Hz)' cut in presentation mode");

        // Ctrl+= zooms in, Ctrl+- out, Ctrl+0 back to the desktop's size.
        QTest::keyClick(&window, Qt::Key_Equal, Qt::ControlModifier);
        QCOMPARE(scale->factor(), PresentationScale::kPresentation * PresentationScale::kStep);
        QTest::keyClick(&window, Qt::Key_Minus, Qt::ControlModifier);
        QCOMPARE(scale->factor(), PresentationScale::kPresentation);
        QTest::keyClick(&window, Qt::Key_0, Qt::ControlModifier);
        QCOMPARE(scale->factor(), 1.0);
        QVERIFY(!present->isChecked());
        QCOMPARE(QApplication::font().pointSizeF(), base);
        QCOMPARE(tickFontSize(window), plotBase);
        for (int i = 0; i < 20; ++i)
            scale->zoomIn();
        QCOMPARE(scale->factor(), PresentationScale::kMaximum);
        scale->reset();
    }

    void scaleIsRememberedInSettings()
    {
        {
            AppWindow window;
            window.presentationScale()->setPresenting(true);
            window.close();  // saves the settings
        }
        QCOMPARE(QSettings().value("view/scale").toDouble(), PresentationScale::kPresentation);
        QApplication::setFont(QFont());  // as a new start would find it
        AppWindow window;
        QCOMPARE(window.presentationScale()->factor(), 1.0);
        window.restoreSettings();
        QCOMPARE(window.presentationScale()->factor(), PresentationScale::kPresentation);
        window.presentationScale()->reset();
    }

    void keyboardShortcutsComeFromTheActions()
    {
        AppWindow window;
        const auto keysOf = [&window](const QString &action) {
            for (const ShortcutEntry &entry : shortcutsOf(&window))
                if (entry.action == action)
                    return entry.keys;
            return QString();
        };
        QCOMPARE(keysOf("Zoom In"), QString("Ctrl+=, Ctrl++"));
        QCOMPARE(keysOf("Zoom Out"), QString("Ctrl+-"));
        QCOMPARE(keysOf("Actual Size"), QString("Ctrl+0"));
        QCOMPARE(keysOf("Presentation Mode"), QString("F5"));
        QCOMPARE(keysOf("Lesson Plan"), QKeySequence(QKeySequence::HelpContents).toString(QKeySequence::NativeText));
        QCOMPARE(keysOf("Undo"), QString("Ctrl+Z"));
        QCOMPARE(keysOf("Duplicate Layer"), QString("Ctrl+D"));
        QCOMPARE(keysOf("Play or stop the selected recording (Spoken digits)"), QString("Space"));
        // One truth: a changed shortcut is what the list shows.
        menuAction(window, "Actual Size")->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_9));
        QCOMPARE(keysOf("Actual Size"), QString("Ctrl+9"));
        ShortcutsDialog dialog(&window);
        QVERIFY(dialog.browser()->toPlainText().contains("Presentation Mode"));
        QVERIFY(menuAction(window, "Keyboard Shortcuts"));
    }

    void lessonPlanLinksOpenEachStep()
    {
        AppWindow window;
        LessonPlanDialog dialog(&window);
        QVERIFY(dialog.browser()->toPlainText().contains("how far does a convolutional network see?"));
        // Every link of the plan opens what it names.
        const QString markdown = lessonPlanMarkdown();
        QRegularExpressionMatchIterator links = QRegularExpression(R"(\((convscope:[^)]+)\))").globalMatch(markdown);
        int count = 0;
        while (links.hasNext()) {
            const QUrl url(links.next().captured(1));
            QCOMPARE(window.openLink(url), QString());
            ++count;
        }
        QVERIFY2(count >= 9, qPrintable(QString::number(count)));
        QCOMPARE(window.openLink(QUrl("convscope:preset/3.1k")), QString());
        QCOMPARE(window.currentTab(), Tab::Studio);
        QCOMPARE(QString::fromStdString(window.document()->spec().name).left(5), QString("3.1(k"));
        QCOMPARE(window.openLink(QUrl("convscope:train/plain")), QString());
        QCOMPARE(window.currentTab(), Tab::Training);
        QCOMPARE(window.openLink(QUrl("convscope:tab/deep-padding")), QString());
        QCOMPARE(window.currentTab(), Tab::DeepPadding);
        QVERIFY(window.openLink(QUrl("convscope:preset/nosuch")).contains("nosuch"));
        // A click in the browser is passed to the window, not followed.
        QSignalSpy activated(&dialog, &LessonPlanDialog::linkActivated);
        Q_EMIT dialog.browser()->anchorClicked(QUrl("convscope:preset/3.1a"));
        QCOMPARE(activated.count(), 1);
    }

    void firstStartSaysWhereToBegin()
    {
        {
            AppWindow window;
            QVERIFY(!window.welcomeBanner());
            window.restoreSettings();
            QVERIFY(window.welcomeBanner());
            auto *text = window.welcomeBanner()->findChild<QLabel *>();
            QVERIFY(text && text->text().contains("Lesson plan"));
        }
        AppWindow again;
        again.restoreSettings();
        QVERIFY2(!again.welcomeBanner(), "only on the first start");
    }
};

QTEST_MAIN(PresentationHelpTest)
#include "PresentationHelpTest.moc"
