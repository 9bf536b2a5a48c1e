// DatasetDocument, the owner of the recordings: a real subset of FSDD (with a broken file, a misnamed one and the
// dataset's speakers.csv) scanned on a pool thread, what it holds compared sample for sample with the decoder, a
// cancelled scan that keeps the recordings before it, a missing folder, and a chosen folder remembered.
#include "SmallFeatureCache.h"
#include "audio/AudioDecoder.h"
#include "data/DatasetLocator.h"
#include "services/DatasetDocument.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace convscope;

class DatasetDocumentTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void scansARealFolder();
    void aCancelledScanKeepsTheRecordings();
    void aMissingFolderSaysWhich();
    void aChosenFolderIsRemembered();

private:
    /// Loads `folder` into `document` and waits; returns loadFinished's arguments.
    static QList<QVariant> load(DatasetDocument &document, const QString &folder, bool remember = false);

    QTemporaryDir m_home;
    QTemporaryDir m_folder;
};

void DatasetDocumentTest::initTestCase()
{
    // Settings go to a temporary home, never the user's.
    qputenv("XDG_CONFIG_HOME", m_home.filePath("config").toLocal8Bit());
    QCoreApplication::setOrganizationName("ConvScopeTest");
    QCoreApplication::setApplicationName("DatasetDocumentTest");
    QVERIFY(m_folder.isValid());
    for (const QString speaker : {"theo", "jackson"})
        for (int digit = 0; digit < 10; digit += 3) {
            const QString name = QString("%1_%2_%3.wav").arg(digit).arg(speaker).arg(digit + 10);
            QVERIFY(QFile::copy(test::fsddFolder() + "/" + name, m_folder.filePath(name)));
        }
    QFile bad(m_folder.filePath("3_theo_1.wav"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("not a wav file");
    bad.close();
    QVERIFY(QFile::copy(test::fsddFolder() + "/4_theo_1.wav", m_folder.filePath("theo-four.wav")));
    QVERIFY(QFile::copy(test::fsddFolder() + "/../speakers.csv", m_folder.filePath("speakers.csv")));
}

QList<QVariant> DatasetDocumentTest::load(DatasetDocument &document, const QString &folder, bool remember)
{
    QSignalSpy finished(&document, &DatasetDocument::loadFinished);
    if (remember)
        document.openAndRemember(folder);
    else
        document.open(folder);
    [&] { QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000); }();
    return finished.isEmpty() ? QList<QVariant>() : finished.first();
}

void DatasetDocumentTest::scansARealFolder()
{
    DatasetDocument document;
    QVERIFY(document.dataset().isEmpty());
    QSignalSpy started(&document, &DatasetDocument::loadStarted);
    QSignalSpy progress(&document, &DatasetDocument::loadProgress);
    QSignalSpy changed(&document, &DatasetDocument::datasetChanged);
    const QList<QVariant> finished = load(document, m_folder.path());
    QCOMPARE(started.count(), 1);
    QCOMPARE(started.first().first().toString(), m_folder.path());
    QVERIFY(finished.at(0).toBool());
    QCOMPARE(finished.at(1).toString(), QString("8 recordings, 2 skipped."));
    QCOMPARE(changed.count(), 1);
    QVERIFY(!document.isLoading());
    QCOMPARE(document.lastStatus(), LoadStatus::Ok);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toInt(), progress.last().at(1).toInt());  // the last report is the whole folder

    const Dataset &dataset = document.dataset();
    QCOMPARE(dataset.folder, m_folder.path());
    QCOMPARE(dataset.size(), 8);
    QCOMPARE(dataset.speakers(), QStringList({"jackson", "theo"}));
    QCOMPARE(dataset.items.front().fileName, QString("0_jackson_10.wav"));  // sorted by file name
    QCOMPARE(dataset.items.back().fileName, QString("9_theo_19.wav"));
    const DatasetItem &item = dataset.items[static_cast<std::size_t>(dataset.indexOf("6_theo_16.wav"))];
    QCOMPARE(item.name.digit, 6);
    QCOMPARE(item.name.speaker, QString("theo"));
    QCOMPARE(item.name.take, 16);
    QCOMPARE(item.samples, AudioDecoder::decodeFile(test::fsddFolder() + "/6_theo_16.wav").clip.value().samples);
    QCOMPARE(dataset.skipped.size(), std::size_t(2));
    QStringList skipped;
    for (const SkippedFile &file : dataset.skipped)
        skipped << file.file;
    skipped.sort();
    QCOMPARE(skipped, QStringList({"3_theo_1.wav", "theo-four.wav"}));
    QCOMPARE(document.speakers().describe("theo"), QString("male, USA/neutral accent, english"));
    QCOMPARE(document.shared().get(), &document.dataset());  // shared read-only, not copied
}

void DatasetDocumentTest::aCancelledScanKeepsTheRecordings()
{
    DatasetDocument document;
    load(document, m_folder.path());
    QCOMPARE(document.dataset().size(), 8);
    const std::shared_ptr<const Dataset> before = document.shared();
    connect(&document, &DatasetDocument::loadProgress, &document, &DatasetDocument::cancel);
    QSignalSpy changed(&document, &DatasetDocument::datasetChanged);
    const QList<QVariant> finished = load(document, test::fsddFolder());
    QVERIFY(!finished.at(0).toBool());
    QVERIFY2(finished.at(1).toString().contains("cancelled"), qPrintable(finished.at(1).toString()));
    QCOMPARE(document.lastStatus(), LoadStatus::Cancelled);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(document.shared(), before);
    QCOMPARE(document.dataset().size(), 8);
}

void DatasetDocumentTest::aMissingFolderSaysWhich()
{
    DatasetDocument document;
    const QList<QVariant> finished = load(document, "/nonexistent/fsdd");
    QVERIFY(!finished.at(0).toBool());
    QVERIFY2(finished.at(1).toString().contains("/nonexistent/fsdd"), qPrintable(finished.at(1).toString()));
    QCOMPARE(document.lastStatus(), LoadStatus::FolderUnreadable);
    QVERIFY(document.dataset().isEmpty());
}

void DatasetDocumentTest::aChosenFolderIsRemembered()
{
    DatasetDocument document;
    load(document, m_folder.path());
    QVERIFY(!QSettings().contains(DatasetLocator::settingsKey));  // opened, not chosen: not remembered
    load(document, m_folder.path(), true);
    QCOMPARE(QSettings().value(DatasetLocator::settingsKey).toString(), m_folder.path());
}

QTEST_GUILESS_MAIN(DatasetDocumentTest)
#include "DatasetDocumentTest.moc"
