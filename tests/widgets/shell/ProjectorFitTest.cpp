// The window on a projector: every tab at 1280×720 and 1024×768 keeps the window's size, fits without scrolling
// and cuts no text (seen: the window grew to 1577×876 when GoogLeNet loaded, and "12345", "All-one w", "Ti" cut).
#include "ClippedText.h"
#include "TestPaths.h"
#include "digits/DatasetBrowser.h"
#include "services/ReceptiveFieldTracker.h"
#include "common/PresentationScale.h"
#include "shell/AppWindow.h"
#include "studio/FeatureMapGrid.h"
#include "studio/ReceptiveFieldPanel.h"
#include "studio/StudioWorkspace.h"
#include "training/RunsModel.h"
#include "training/RunsTable.h"
#include "training/TrainingPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QtTest>

#include <memory>

using namespace convscope;

namespace {

constexpr Tab kTabs[] = {Tab::Studio, Tab::DeepPadding, Tab::SpokenDigits, Tab::Training, Tab::VoiceTest, Tab::Explore};

/// A finished 12-epoch run, so that the runs table shows a row in every column.
RunRecord finishedRun()
{
    RunRecord run;
    run.network = "mfcc";
    run.input = "mfcc";
    run.epochsTarget = 12;
    run.learningRate = 0.05;
    for (int epoch = 0; epoch < 12; ++epoch) {
        TrainingProgress point;
        point.epoch = epoch;
        point.fraction = epoch + 1.0;
        point.step = epoch + 1;
        point.loss = 2.3 / (epoch + 1);
        point.trainAccuracy = 0.5 + epoch * 0.04;
        point.testAccuracy = 0.5 + epoch * 0.035;
        point.epochEnd = true;
        run.history.push_back(point);
    }
    run.summary.epochsDone = 12;
    run.summary.trainAccuracy = 0.94;
    run.summary.testAccuracy = 0.885;
    run.summary.seconds = 12345;
    run.finishedAt = QDateTime::currentDateTime();
    return run;
}

}  // namespace

class ProjectorFitTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void checkerFindsCutText();
    void everyTabFits_data();
    void everyTabFits();
    void googLeNetKeepsTheWindow_data() { everyTabFits_data(); }
    void googLeNetKeepsTheWindow();
    void theTrainingTabFitsInPresentationMode();
    void cleanupTestCase() { m_window.reset(); }

private:
    /// Shows `tab` and checks the window's size, that the tab needs no scroll bar and that no text is cut.
    void checkTab(Tab tab, const QSize &size);

    std::unique_ptr<AppWindow> m_window;
};

void ProjectorFitTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_window = std::make_unique<AppWindow>();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QSignalSpy loaded(m_window->digits(), &DatasetBrowser::loadFinished);
    m_window->digits()->openFolder(test::sharedDir() + "/fsdd/recordings");
    QVERIFY(loaded.wait(120000));
    QCOMPARE(m_window->digits()->dataset().size(), std::int64_t(3000));
    m_window->trainingPanel()->runsTable()->runsModel()->addRun(finishedRun());
}

void ProjectorFitTest::checkerFindsCutText()
{
    // The helper itself: each kind of cut text it looks for, in a widget too narrow for it, is reported.
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *label = new QLabel("layer 1 input (224×224)");
    auto *spin = new QSpinBox;
    spin->setRange(0, 99999);
    spin->setValue(12345);
    auto *box = new QGroupBox("Layer 1: Conv2d 7x7, 3→64, stride 2x2, pad 3x3");
    auto *combo = new QComboBox;
    combo->addItem("All-one weights");
    auto *check = new QCheckBox("Count BatchNorm, pooling and activations in MACs");
    auto *wrapped = new QLabel("a word-wrapped label may be as long as it likes");
    wrapped->setWordWrap(true);
    for (QWidget *w : std::initializer_list<QWidget *>{label, spin, box, combo, check, wrapped}) {
        w->setFixedWidth(50);
        layout->addWidget(w);
    }
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QStringList clipped = findClippedText(&window);
    QCOMPARE(clipped.size(), 5);
    QVERIFY2(clipped[0].contains("layer 1 input (224×224)"), qPrintable(clipped.join('\n')));
    label->setMinimumWidth(0);
    label->setMaximumWidth(QWIDGETSIZE_MAX);
    label->setFixedWidth(label->sizeHint().width());
    QCOMPARE(findClippedText(&window).size(), 4);
}

void ProjectorFitTest::everyTabFits_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1280x720") << QSize(1280, 720);
    QTest::newRow("1024x768") << QSize(1024, 768);
}

void ProjectorFitTest::checkTab(Tab tab, const QSize &size)
{
    m_window->showTab(tab);
    QTest::qWait(50);  // layouts settle and the tab paints once
    const QString where = QString("%1 at %2x%3").arg(tabName(tab)).arg(size.width()).arg(size.height());
    QVERIFY2(m_window->size() == size, qPrintable(QString("%1: the window became %2x%3")
                                                     .arg(where).arg(m_window->width()).arg(m_window->height())));
    auto *scroll = qobject_cast<QScrollArea *>(m_window->workspaces()->currentWidget());
    QVERIFY(scroll);
    const QSize needed = scroll->widget()->minimumSizeHint(), has = scroll->viewport()->size();
    QVERIFY2(!scroll->horizontalScrollBar()->isVisible() && !scroll->verticalScrollBar()->isVisible(),
             qPrintable(QString("%1: the tab needs %2x%3, has %4x%5")
                            .arg(where).arg(needed.width()).arg(needed.height()).arg(has.width()).arg(has.height())));
    const QStringList clipped = findClippedText(m_window.get());
    QVERIFY2(clipped.isEmpty(), qPrintable(where + ":\n" + clipped.join('\n')));
}

void ProjectorFitTest::everyTabFits()
{
    QFETCH(QSize, size);
    m_window->resize(size);
    for (Tab tab : kTabs)
        checkTab(tab, size);
}

void ProjectorFitTest::googLeNetKeepsTheWindow()
{
    QFETCH(QSize, size);
    m_window->resize(size);
    m_window->showTab(Tab::Studio);
    QVERIFY(m_window->loadPreset("googlenet"));
    checkTab(Tab::Studio, size);
    // Its 22 maps, once traced in the background.
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->studio()->tracker()->isTracing(), 300000);
    QVERIFY(m_window->studio()->tracker()->result().maps);
    checkTab(Tab::Studio, size);
    FeatureMapGrid *grid = m_window->studio()->receptiveFieldPanel()->grid();
    QCOMPARE(grid->panels().size(), std::size_t(23));
    QVERIFY2(grid->cutTitles().isEmpty(), qPrintable(grid->cutTitles().join(", ")));  // seen: "layer 1 input (2…"
    QVERIFY(m_window->loadPreset("3.1a"));
}

void ProjectorFitTest::theTrainingTabFitsInPresentationMode()
{
    // Seen: with presentation mode's larger text the Layers page (its table and four plots) needed 692 px beside the
    // form's 355: the training tab scrolled sideways at 1024×768 and the Split box cut "random (2/3 train)".
    m_window->presentationScale()->setPresenting(true);
    m_window->resize(1024, 768);
    checkTab(Tab::Training, QSize(1024, 768));
    m_window->presentationScale()->setPresenting(false);
}

QTEST_MAIN(ProjectorFitTest)
#include "ProjectorFitTest.moc"
