// The Training tab's Layers page opens a layer in Inside the network and in the studio: the assembled app, a real
// plain run on 60 recordings (one thread), real clicks on the table's rows and on the buttons under it.
#include "shell/AppWindow.h"
#include "SmallFeatureCache.h"
#include "digits/DatasetBrowser.h"
#include "explore/ActivationPanel.h"
#include "explore/ActivationView.h"
#include "explore/ExploreTab.h"
#include "services/NetworkDocument.h"
#include "services/TrainingController.h"
#include "studio/LayerStackView.h"
#include "studio/StudioWorkspace.h"
#include "training/LayersView.h"
#include "training/TrainingPanel.h"

#include <QAction>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace convscope;

namespace {

QToolButton *buttonOf(const LayersView *view, const QAction *action)
{
    for (QToolButton *button : view->findChildren<QToolButton *>())
        if (button->defaultAction() == action)
            return button;
    return nullptr;
}

QPoint centreOfRow(const QTableWidget *table, int row) { return table->visualItemRect(table->item(row, 0)).center(); }

}  // namespace

class LayerLinksTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aRowOpensItsLayerInsideTheNetworkAndInTheStudio();

private:
    QTemporaryDir m_folder;
};

void LayerLinksTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_folder.isValid());
    for (const QString speaker : {"george", "jackson", "lucas"})
        for (int digit = 0; digit < 10; ++digit)
            for (int take = 0; take < 2; ++take) {
                const QString name = QString("%1_%2_%3.wav").arg(digit).arg(speaker).arg(take);
                QVERIFY(QFile::copy(test::fsddFolder() + "/" + name, m_folder.filePath(name)));
            }
}

void LayerLinksTest::aRowOpensItsLayerInsideTheNetworkAndInTheStudio()
{
    AppWindow window;
    window.resize(1400, 900);
    window.show();
    QSignalSpy loaded(window.digits(), &DatasetBrowser::loadFinished);
    window.digits()->openFolder(m_folder.path());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(window.training()->hasData(), 30000);

    TrainingPanel *panel = window.trainingPanel();
    QVERIFY(panel->selectNetwork("plain"));
    std::optional<TrainingConfig> config = panel->config();
    QVERIFY(config);
    config->epochs = 1;
    config->threads = 1;
    config->layerStatistics = true;
    QSignalSpy recorded(window.training(), &TrainingController::runRecorded);
    QCOMPARE(window.training()->start(*config), QString());
    QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 120000);

    window.showTab(Tab::Training);
    LayersView *layers = panel->layers();
    panel->pages()->setCurrentWidget(layers);
    QTableWidget *table = layers->table();
    // plain: four × (conv, relu, pool), flatten, then linear, relu twice and the last linear; a row for each
    // convolution, linear and relu.
    QCOMPARE(table->rowCount(), 13);
    QCOMPARE(table->item(9, 0)->text(), QString("15 relu"));
    QCOMPARE(table->contextMenuPolicy(), Qt::ActionsContextMenu);  // right-click: the same two choices
    QCOMPARE(table->actions(), (QList<QAction *>{layers->exploreAction(), layers->studioAction()}));
    QToolButton *explore = buttonOf(layers, layers->exploreAction()), *studio = buttonOf(layers, layers->studioAction());
    QVERIFY(explore && studio);

    // Row 10 is network layer 14, the ReLU after the first hidden Linear layer: deep in the activation view.
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, centreOfRow(table, 9));
    QCOMPARE(table->currentRow(), 9);
    QCOMPARE(layers->networkLayerOfRow(9), std::optional<std::size_t>(14));
    QVERIFY(explore->isEnabled());
    QVERIFY2(explore->toolTip().contains("15 relu"), qPrintable(explore->toolTip()));
    QTest::mouseClick(explore, Qt::LeftButton);
    QCOMPARE(window.currentTab(), Tab::Explore);
    ActivationPanel *activations = window.exploreTab()->activations();
    ActivationView *view = activations->view(0);
    QCOMPARE(view->markedEntry(), 15);  // the output of network layer 14
    // No clip was open: the first recording is shown, and once the model answers, the layer's row is in sight.
    QTRY_VERIFY_WITH_TIMEOUT(view->snapshot(), 60000);
    QCOMPARE(view->snapshot()->clip, window.digits()->dataset().items.front().fileName);
    QCOMPARE(activations->statusText(), QString());
    const ActivationRow *row = view->layout().rowOf(15);
    QVERIFY(row);
    QTRY_VERIFY(view->parentWidget()->rect().contains(row->labelArea.translated(view->pos()).topLeft()));
    QVERIFY2(view->pos().y() < 0, "scrolled down to the layer");
    QVERIFY(view->grab().save("/tmp/convscope-layer-link-explore.png"));

    // A double-click on a row opens it there too (QTest sends only a double-click's second press and release).
    window.showTab(Tab::Training);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, centreOfRow(table, 2));
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, centreOfRow(table, 2));
    QCOMPARE(window.currentTab(), Tab::Explore);
    QCOMPARE(view->markedEntry(), 4);  // "4 conv1d": network layer 3

    // The studio shows the run's network with the layer selected, at the top level.
    window.showTab(Tab::Training);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, centreOfRow(table, 9));
    QTest::mouseClick(studio, Qt::LeftButton);
    QCOMPARE(window.currentTab(), Tab::Studio);
    QVERIFY(window.document()->spec().layers == config->network.layers);
    QVERIFY(window.document()->scope().empty());
    QCOMPARE(window.studio()->stackView()->currentIndex().row(), 14);
    // Again, with the network already shown: only the selection moves.
    window.showTab(Tab::Training);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, centreOfRow(table, 0));
    QTest::mouseClick(studio, Qt::LeftButton);
    QCOMPARE(window.studio()->stackView()->currentIndex().row(), 0);
    QVERIFY(!window.document()->isModified());
}

QTEST_MAIN(LayerLinksTest)
#include "LayerLinksTest.moc"
