// File → Save for Python…: the opened model becomes a notebook cell and a weights file, and Python PyTorch loads
// them into a network that holds exactly the checkpoint's weights.
#include "services/TrainingController.h"
#include "shell/SaveForPython.h"
#include "SmallFeatureCache.h"
#include "TestPaths.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

using namespace convscope;

class SaveForPythonTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void withoutAModelThereIsNothingToSave()
    {
        QWidget window;
        TrainingController training;
        SaveForPython saver(&training, &window);
        QVERIFY(!saver.ask());
        QVERIFY(!saver.saveTo(QDir::temp().filePath("never.py")).isEmpty());
    }

    void theOpenedModelGoesToPythonWithItsWeights()
    {
        if (test::runProgram("/usr/bin/python3", {"-c", "import torch"}).exitCode != 0)
            QSKIP("python3-torch is not installed (.ci/run installs it)");
        QString error;
        const auto cache = test::smallFeatureCache(60, &error);
        if (!cache)
            QSKIP(qPrintable("FSDD is not in ../shared/fsdd: " + error));
        QWidget window;
        TrainingController training;
        training.setData(cache, test::fsddFolder());
        const QString checkpoint = test::testDataFile("train/data/residual-0.1.cspt");
        QCOMPARE(training.openModel(checkpoint), QString());
        QTRY_VERIFY_WITH_TIMEOUT(training.canAnswer(), 60000);
        SaveForPython saver(&training, &window);
        QSignalSpy finished(&saver, &SaveForPython::finished);
        QTemporaryDir dir;
        const QString cell = dir.filePath("residual.py");
        QCOMPARE(saver.saveTo(cell), QString());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QCOMPARE(finished.at(0).at(1).toString(), QString());
        QVERIFY(QFile::exists(dir.filePath("residual.pt")));
        const char *script = R"(import sys, torch
ns = {}
exec(open(sys.argv[1]).read(), ns)
saved, trained = ns['net'].state_dict(), torch.jit.load(sys.argv[2]).state_dict()
print(len(saved) == len(trained), max(float((saved[k].double() - trained[k].double()).abs().max()) for k in trained))
)";
        const auto result = test::runProgram("/usr/bin/python3", {"-W", "ignore", "-", cell, checkpoint}, QByteArray(script));
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out.trimmed(), QByteArray("True 0.0"));
    }
};

QTEST_MAIN(SaveForPythonTest)
#include "SaveForPythonTest.moc"
