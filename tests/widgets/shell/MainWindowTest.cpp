// The main window: starts, opens every preset, saves and reopens a network, refuses a malformed file without
// touching the current network, shows the 3.3 comparison, and closes cleanly.
#include "studio/LayerStackView.h"
#include "shell/MainWindow.h"
#include "services/NetworkDocument.h"
#include "studio/PresetComparisonDialog.h"
#include "services/ReceptiveFieldTracker.h"
#include "studio/StudioWorkspace.h"
#include "network/NetworkJson.h"

#include <QApplication>
#include <QFile>
#include <QMenuBar>
#include <QMessageBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

using namespace convscope;

class MainWindowTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void loadsEveryPresetAndClosesCleanly()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.presets().errors().empty());
        QVERIFY(window.presets().ids().size() >= 15);
        for (const std::string &id : window.presets().ids()) {
            QVERIFY2(window.loadPreset(QString::fromStdString(id)), id.c_str());
            QVERIFY(window.document()->spec() == *window.presets().find(id));
            QVERIFY(!window.document()->isModified());
            const bool image = window.document()->spec().inputDims() == 2 && id.front() == '3';
            if (image)  // the assignment's image networks all have a receptive field to show
                QVERIFY2(window.studio()->tracker()->result().maps.has_value(), id.c_str());
            QCoreApplication::processEvents();
        }
        QVERIFY(!window.loadPreset("no-such-preset"));
        QVERIFY(window.close());
    }

    void saveAndOpenRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("net.json");
        MainWindow window;
        QVERIFY(window.loadPreset("3.2c"));
        LayerSpec layer = window.document()->spec().layers[0];
        layer.dilation = {2, 3};
        window.document()->replaceLayer(0, layer);
        QVERIFY(window.document()->isModified());
        QVERIFY(window.isWindowModified());
        const NetworkSpec edited = window.document()->spec();
        QCOMPARE(window.saveFile(path), QString());
        QVERIFY(!window.document()->isModified());
        QCOMPARE(window.document()->filePath(), path);

        MainWindow other;
        QCOMPARE(other.loadFile(path), QString());
        QVERIFY(other.document()->spec() == edited);
        QCOMPARE(other.document()->undoStack()->count(), 0);
        QVERIFY(other.windowTitle().contains("net.json"));
    }

    void malformedFileLeavesTheNetworkUntouched_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("syntax") << QByteArray("{\"input\": [1, 5, 5],\n \"layers\": [\n  {\"type\": \"relu\",]\n}") << "line";
        QTest::newRow("field") << QByteArray(R"({"input": [1, 5, 5], "layers": [{"type": "conv2d", "kernal": 3}]})")
                               << "kernal";
        QTest::newRow("type") << QByteArray(R"({"input": [1, 5, 5], "layers": [{"type": "conv5d"}]})") << "conv5d";
    }

    void malformedFileLeavesTheNetworkUntouched()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        const QString path = dir.filePath("broken.json");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();

        MainWindow window;
        QVERIFY(window.loadPreset("3.3a"));
        const NetworkSpec before = window.document()->spec();
        const QString error = window.loadFile(path);
        QVERIFY2(error.contains("broken.json"), qPrintable(error));
        QVERIFY2(error.contains(mentions), qPrintable(error));
        QVERIFY(window.document()->spec() == before);
        QVERIFY(window.document()->filePath().isEmpty());
    }

    void comparisonTableListsThe33Networks()
    {
        MainWindow window;
        PresetComparisonDialog dialog(window.presets(), "3.3");
        QTableWidget *table = dialog.table();
        QCOMPARE(table->rowCount(), 5);
        for (int row = 0; row < table->rowCount(); ++row)
            QCOMPARE(table->item(row, 5)->text(), QString("9×9"));  // every method reaches 9×9
        QCOMPARE(table->item(2, 0)->text(), QString("3.3c"));
        QCOMPARE(table->item(2, 3)->text(), QString("207"));
    }

    void menusHaveTheStandardShortcuts()
    {
        MainWindow window;
        QStringList shortcuts;
        for (QAction *menu : window.menuBar()->actions())
            for (QAction *action : menu->menu()->actions())
                shortcuts << action->shortcut().toString();
        for (const QKeySequence &key : {QKeySequence(QKeySequence::New), QKeySequence(QKeySequence::Open),
                                        QKeySequence(QKeySequence::Save), QKeySequence(QKeySequence::SaveAs),
                                        QKeySequence(QKeySequence::Undo), QKeySequence(QKeySequence::Redo),
                                        QKeySequence(QKeySequence::Quit)})
            QVERIFY2(shortcuts.contains(key.toString()), qPrintable(key.toString()));
    }

    void aboutNamesEveryLicenceAndTheDataset()
    {
        MainWindow window;
        QString text;
        QTimer::singleShot(0, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (box) {
                text = box->text();
                box->accept();
            }
        });
        QAction *about = nullptr;
        for (QAction *menu : window.menuBar()->actions())
            for (QAction *action : menu->menu()->actions())
                if (action->text() == tr("&About ConvScope"))
                    about = action;
        QVERIFY(about);
        about->trigger();  // modal: the timer above reads and closes it
        for (const char *expected : {"MIT", "Qt ", "LGPL-3.0", "LibTorch (BSD-3-Clause)", "QCustomPlot (GPL-3.0)",
                                     "PortAudio (MIT)", "libsndfile (LGPL-2.1)", "libsamplerate (BSD-2-Clause)",
                                     "libarchive (BSD-2-Clause)", "is covered by the GNU General Public License version 3",
                                     "Free Spoken Digit Dataset, Zohar Jackson et al., CC BY-SA 4.0"})
            QVERIFY2(text.contains(QLatin1String(expected)), expected);
    }
};

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"
