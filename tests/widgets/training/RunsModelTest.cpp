// RunsModel and RunRecord: checkable rows with the convergence verdict, JSON and CSV export.
#include "training/RunsModel.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace convscope;

namespace {

/// One epoch-end point per loss value (plus a mid-epoch point), epochs 1..n.
std::vector<TrainingProgress> curve(const std::vector<double> &epochLosses)
{
    std::vector<TrainingProgress> points;
    for (std::size_t e = 0; e < epochLosses.size(); ++e) {
        TrainingProgress mid;
        mid.epoch = static_cast<int>(e);
        mid.fraction = e + 0.5;
        mid.step = static_cast<std::int64_t>(2 * e + 1);
        mid.loss = epochLosses[e] * 3;  // noisy running mean: must not count
        mid.trainAccuracy = 0.5;
        points.push_back(mid);
        TrainingProgress end = mid;
        end.fraction = e + 1.0;
        end.step = static_cast<std::int64_t>(2 * e + 2);
        end.loss = epochLosses[e];
        end.testAccuracy = 0.6;
        end.epochEnd = true;
        points.push_back(end);
    }
    return points;
}

RunRecord record(const std::vector<double> &losses)
{
    RunRecord r;
    r.network = "mfcc";
    r.input = "mfcc";
    r.epochsTarget = static_cast<int>(losses.size());
    r.learningRate = 0.05;
    r.history = curve(losses);
    r.summary.epochsDone = r.epochsTarget;
    r.summary.trainAccuracy = 0.9;
    r.summary.testAccuracy = 0.75;
    r.summary.seconds = 83;
    return r;
}

}  // namespace

class RunsModelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsAndChecks();
    void saveJsonAndCsv();
    void saveToUnwritablePathReportsError();
};

void RunsModelTest::rowsAndChecks()
{
    RunsModel model;
    QSignalSpy checked(&model, &RunsModel::checkedRunsChanged);
    QCOMPARE(model.columnCount(), 8);
    QCOMPARE(model.addRun(record({2.3, 1.0, 0.6})), 0);
    QCOMPARE(model.addRun(record({2.3, 2.2, 2.1})), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.run(1).id, 2);
    QCOMPARE(model.data(model.index(0, RunsModel::NetworkColumn)).toString(), QString("mfcc #1"));
    QCOMPARE(model.data(model.index(0, RunsModel::TestAccuracyColumn)).toString(), QString("75.0 %"));
    // The column says the verdict, short enough that the table's Time column stays in view (seen: cut); the
    // tooltip gives its reason and the rule (judgeConvergence, tested in model/).
    QCOMPARE(model.data(model.index(0, RunsModel::ConvergedColumn)).toString(), QString("not yet"));
    QCOMPARE(model.data(model.index(1, RunsModel::ConvergedColumn)).toString(), QString("yes"));
    QVERIFY(model.data(model.index(0, RunsModel::ConvergedColumn), Qt::ToolTipRole)
                .toString()
                .startsWith("not yet: still improving (−40 % over the last 20 %, epochs 2–3)"));
    const QString yesTip = model.data(model.index(1, RunsModel::ConvergedColumn), Qt::ToolTipRole).toString();
    QVERIFY(yesTip.startsWith("yes: loss −5 %"));
    QVERIFY(yesTip.contains(convergenceRule()));
    QCOMPARE(model.data(model.index(0, RunsModel::TimeColumn)).toString(), QString("1:23"));
    QCOMPARE(model.headerData(RunsModel::ConvergedColumn, Qt::Horizontal).toString(), QString("Converged?"));
    QVERIFY(model.flags(model.index(0, 0)) & Qt::ItemIsUserCheckable);
    QCOMPARE(model.data(model.index(1, 0), Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QVERIFY(model.setData(model.index(1, 0), Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(checked.count(), 1);
    QCOMPARE(model.checkedRuns().size(), std::size_t(1));
    QCOMPARE(model.checkedRuns().front().id, 2);
}

void RunsModelTest::saveJsonAndCsv()
{
    RunsModel model;
    model.addRun(record({2.3, 1.0, 0.6}));
    model.addRun(record({2.3, 2.2}));
    QTemporaryDir dir;
    const QString json = dir.filePath("runs.json"), csv = dir.filePath("run.csv");
    QCOMPARE(model.saveJson(json), QString());
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray runs = QJsonDocument::fromJson(file.readAll()).object().value("runs").toArray();
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs.at(0).toObject().value("history").toArray().size(), 6);
    // Still improving by 40 % over the last epoch: judged, not converged; 2.3 -> 2.2 (-4 %) is a plateau.
    QCOMPARE(runs.at(0).toObject().value("converged").toBool(true), false);
    QVERIFY(runs.at(0).toObject().value("convergence").toString().startsWith("not yet: still improving"));
    QCOMPARE(runs.at(1).toObject().value("converged").toBool(false), true);
    QCOMPARE(runs.at(0).toObject().value("test_accuracy").toDouble(), 0.75);
    // Mid-epoch points have no test accuracy: null, not NaN.
    QVERIFY(runs.at(0).toObject().value("history").toArray().at(0).toObject().value("test_accuracy").isNull());

    QCOMPARE(model.saveCurveCsv(0, csv), QString());
    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csvFile.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 7);
    QCOMPARE(lines.at(0), QByteArray("fraction,epoch,step,loss,train_accuracy,test_accuracy,examples_per_second"));
    QCOMPARE(lines.at(1), QByteArray("0.5,0,1,6.9,0.5,,0"));
    QCOMPARE(lines.at(2), QByteArray("1,0,2,2.3,0.5,0.6,0"));
    QVERIFY(!model.saveCurveCsv(5, csv).isEmpty());
}

void RunsModelTest::saveToUnwritablePathReportsError()
{
    RunsModel model;
    model.addRun(record({1.0}));
    const QString error = model.saveJson("/nonexistent-folder/runs.json");
    QVERIFY(error.contains("/nonexistent-folder/runs.json"));
}

QTEST_MAIN(RunsModelTest)
#include "RunsModelTest.moc"
