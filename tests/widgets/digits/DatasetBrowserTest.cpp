#include "digits/DatasetBrowser.h"
#include "services/DatasetDocument.h"
#include "digits/DatasetEmptyState.h"
#include "common/FeatureMatrixView.h"
#include "common/PlotExportMenu.h"
#include "common/QCustomPlotShim.h"
#include "common/WaveformView.h"
#include "digits/RecordingTableModel.h"
#include "LocalArchiveServer.h"
#include "TestPaths.h"
#include "data/DatasetLocator.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFontMetrics>
#include <QImage>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>

using namespace convscope;

namespace {

bool waitForLoad(DatasetBrowser &browser, bool *ok, QString *message)
{
    QEventLoop loop;
    bool done = false;
    QObject::connect(&browser, &DatasetBrowser::loadFinished, &loop, [&](bool success, const QString &text) {
        *ok = success;
        *message = text;
        done = true;
        loop.quit();
    });
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    loop.exec();
    return done;
}

}  // namespace

TEST(DatasetBrowser, LoadsFsddInTheBackgroundAndShowsTheFeatures)
{
    DatasetDocument document;
    DatasetBrowser browser(&document);
    int progressCalls = 0;
    QObject::connect(&browser, &DatasetBrowser::loadProgress, [&](int, int total) {
        EXPECT_EQ(total, 3000);
        ++progressCalls;
    });
    browser.openFolder(test::sharedDir() + "/fsdd/recordings");
    EXPECT_TRUE(browser.isLoading());
    bool ok = false;
    QString message;
    ASSERT_TRUE(waitForLoad(browser, &ok, &message));
    EXPECT_TRUE(ok) << message.toStdString();
    EXPECT_TRUE(message.startsWith("3000 recordings, 0 skipped.")) << message.toStdString();
    EXPECT_GT(progressCalls, 10);
    ASSERT_EQ(browser.dataset().size(), 3000);

    const int index = static_cast<int>(browser.dataset().indexOf("7_jackson_32.wav"));
    browser.selectRecording(index);
    EXPECT_EQ(browser.selectedRecording(), index);
    EXPECT_EQ(browser.waveformView()->pointCount(),
              static_cast<int>(browser.dataset().items[static_cast<std::size_t>(index)].samples.size()));
    EXPECT_EQ(browser.spectrogramView()->frames(), 74);
    EXPECT_EQ(browser.spectrogramView()->bins(), 129);
    EXPECT_EQ(browser.logMelView()->bins(), 26);
    EXPECT_EQ(browser.mfccView()->bins(), 13);
    browser.resize(900, 600);
    const QPixmap shot = browser.grab();
    EXPECT_FALSE(shot.isNull());
    if (qEnvironmentVariableIsSet("CONVSCOPE_SCREENSHOT"))
        shot.save(qEnvironmentVariable("CONVSCOPE_SCREENSHOT"));
}

/// One browser over the full FSDD, shared by the filter tests (loading takes a few seconds).
class LoadedBrowser : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_recordings = new DatasetDocument;
        s_browser = new DatasetBrowser(s_recordings);
        s_browser->openFolder(test::sharedDir() + "/fsdd/recordings");
        bool ok = false;
        QString message;
        ASSERT_TRUE(waitForLoad(*s_browser, &ok, &message));
        ASSERT_TRUE(ok) << message.toStdString();
    }
    static void TearDownTestSuite()
    {
        delete s_browser;
        delete s_recordings;
    }
    static DatasetDocument *s_recordings;
    static DatasetBrowser *s_browser;
};

DatasetDocument *LoadedBrowser::s_recordings = nullptr;
DatasetBrowser *LoadedBrowser::s_browser = nullptr;

TEST_F(LoadedBrowser, FiltersGiveExactCounts)
{
    DatasetBrowser &b = *s_browser;
    EXPECT_FALSE(b.isShowingEmptyState());
    ASSERT_EQ(b.setSplit("official", 12345), "");
    b.setFilters(-1, "", "");
    EXPECT_EQ(b.visibleRows(), 3000);
    b.setFilters(3, "", "");
    EXPECT_EQ(b.visibleRows(), 300);
    b.setFilters(-1, "theo", "test");
    EXPECT_EQ(b.visibleRows(), 50);
    for (int row = 0; row < b.visibleRows(); ++row) {
        const DatasetItem &item = b.dataset().items[static_cast<std::size_t>(b.visibleItem(row))];
        ASSERT_EQ(item.name.speaker, "theo");
        ASSERT_LE(item.name.take, 4);
        ASSERT_EQ(b.visiblePart(row), "test");
    }
    b.setFilters(7, "jackson", "train");
    EXPECT_EQ(b.visibleRows(), 45);
    b.setFilters(-1, "", "");
}

TEST_F(LoadedBrowser, SplitColumnCounts)
{
    DatasetBrowser &b = *s_browser;
    b.setFilters(-1, "", "");
    const auto countTest = [&b] {
        int test = 0;
        for (int row = 0; row < b.visibleRows(); ++row)
            test += b.visiblePart(row) == "test";
        return test;
    };
    ASSERT_EQ(b.setSplit("random", 12345), "");
    EXPECT_EQ(b.splitCounts(), qMakePair(2000, 1000));
    EXPECT_EQ(countTest(), 1000);
    ASSERT_EQ(b.setSplit("official", 1), "");
    EXPECT_EQ(b.splitCounts(), qMakePair(2700, 300));  // takes 0-4 of 6 speakers x 10 digits
    EXPECT_EQ(countTest(), 300);
    ASSERT_EQ(b.setSplit("speaker=lucas", 1), "");
    EXPECT_EQ(b.splitCounts(), qMakePair(2500, 500));
    b.setFilters(-1, "lucas", "train");
    EXPECT_EQ(b.visibleRows(), 0);
    b.setFilters(-1, "", "");
    EXPECT_NE(b.setSplit("halves", 1), "");
}

TEST_F(LoadedBrowser, SortingKeepsTheSelectionOnTheRightRecording)
{
    DatasetBrowser &b = *s_browser;
    b.setFilters(-1, "", "");
    b.table()->sortByColumn(4, Qt::DescendingOrder);  // seconds, longest first
    const DatasetItem &longest = b.dataset().items[static_cast<std::size_t>(b.visibleItem(0))];
    for (const DatasetItem &item : b.dataset().items)
        ASSERT_LE(item.samples.size(), longest.samples.size());
    EXPECT_EQ(longest.samples.size(), 18262u);  // the longest FSDD file (README)
    b.table()->setCurrentIndex(b.table()->model()->index(1, 0));
    EXPECT_EQ(b.selectedRecording(), b.visibleItem(1));
    const int index = static_cast<int>(b.dataset().indexOf("5_george_3.wav"));
    b.selectRecording(index);
    EXPECT_EQ(b.visibleItem(b.table()->currentIndex().row()), index);
    b.table()->sortByColumn(0, Qt::AscendingOrder);
    EXPECT_EQ(b.visibleItem(b.table()->currentIndex().row()), index);
    EXPECT_EQ(b.selectedRecording(), index);
}

TEST_F(LoadedBrowser, FileNamesSortNaturally)
{
    // Seen: 0_george_10 before 0_george_2 (text order).
    DatasetBrowser &b = *s_browser;
    b.setFilters(0, "george", "");
    b.table()->sortByColumn(RecordingTableModel::File, Qt::AscendingOrder);
    ASSERT_EQ(b.visibleRows(), 50);
    for (int row = 0; row < b.visibleRows(); ++row)
        EXPECT_EQ(b.dataset().items[static_cast<std::size_t>(b.visibleItem(row))].fileName,
                  QString("0_george_%1.wav").arg(row)) << row;
    b.setFilters(-1, "", "");
}

TEST_F(LoadedBrowser, SpectrogramInDecibelsWithPaddingDrawnAsPadding)
{
    // Seen: almost every cell at the top colour. Now 80 dB below the clip's maximum, padding apart.
    DatasetBrowser &b = *s_browser;
    const int index = static_cast<int>(b.dataset().indexOf("0_george_0.wav"));
    const DatasetItem &item = b.dataset().items[static_cast<std::size_t>(index)];
    ASSERT_LT(item.samples.size(), 6000u);
    b.selectRecording(index);
    FeatureMatrixView *spectrogram = b.spectrogramView();
    const auto [low, high] = spectrogram->colourRange();
    EXPECT_DOUBLE_EQ(high - low, 80.0);
    EXPECT_DOUBLE_EQ(b.logMelView()->colourRange().second - b.logMelView()->colourRange().first, 80.0);
    // Frames starting after the last sample (10 ms steps of 80 samples) are padding: NaN, drawn hatched.
    const std::int64_t signalFrames = (static_cast<std::int64_t>(item.samples.size()) + 79) / 80;
    EXPECT_EQ(spectrogram->paddingFrames(), 74 - signalFrames);
    EXPECT_TRUE(std::isnan(spectrogram->cell(73, 10)));
    EXPECT_FALSE(std::isnan(spectrogram->cell(0, 10)));
    // The loudest cell is the top of the range, in dB: 10·log10 of a power, not a natural log.
    double loudest = -1e300;
    for (std::int64_t f = 0; f < signalFrames; ++f)
        for (std::int64_t k = 0; k < spectrogram->bins(); ++k)
            loudest = std::max(loudest, spectrogram->cell(f, k));
    EXPECT_DOUBLE_EQ(loudest, high);
    // Few cells sit at the top colour (within 6 dB of the maximum), so the structure shows.
    int top = 0, total = 0;
    for (std::int64_t f = 0; f < signalFrames; ++f)
        for (std::int64_t k = 0; k < spectrogram->bins(); ++k, ++total)
            top += spectrogram->cell(f, k) > high - 6;
    EXPECT_LT(top, total / 20) << top << " of " << total;
    spectrogram->setDynamicRange(60);
    EXPECT_DOUBLE_EQ(spectrogram->colourRange().second - spectrogram->colourRange().first, 60.0);
    spectrogram->setDynamicRange(80);
}

TEST_F(LoadedBrowser, StackedPlotsShareOneTimeAxisAndStayReadable)
{
    // Seen in a 1280×720 window: the spectrogram was about 35 px tall with its label cut to "frequency (H", and one
    // clip's plots spanned 0-0.78, 0-0.75 and 0-0.73 s.
    DatasetBrowser &b = *s_browser;
    b.resize(1280, 600);  // the Spoken digits page of a 1280×720 window
    b.show();
    const std::vector<QWidget *> views{b.waveformView(), b.normalisedView(), b.spectrogramView(), b.logMelView(),
                                       b.mfccView()};
    for (const QString &file : {QString("0_george_0.wav"), QString("0_george_10.wav"), QString("9_theo_16.wav")}) {
        const int index = static_cast<int>(b.dataset().indexOf(file));
        ASSERT_GE(index, 0) << file.toStdString();
        b.selectRecording(index);
        QApplication::processEvents();
        const std::size_t samples = b.dataset().items[static_cast<std::size_t>(index)].samples.size();
        // The clip or the networks' 6000-sample window, whichever is longer, and 2 % for the window's mark.
        const double seconds = 1.02 * static_cast<double>(std::max<std::size_t>(samples, 6000)) / 8000.0;
        std::optional<int> left;  // the time axes line up too
        for (QWidget *view : views) {
            auto *plot = view->findChild<QCustomPlot *>();
            ASSERT_NE(plot, nullptr);
            plot->replot();
            EXPECT_EQ(plot->axisRect()->left(), left.value_or(plot->axisRect()->left())) << file.toStdString();
            left = plot->axisRect()->left();
            EXPECT_DOUBLE_EQ(plot->xAxis->range().lower, 0.0) << file.toStdString();
            EXPECT_DOUBLE_EQ(plot->xAxis->range().upper, seconds) << file.toStdString();
            // The value axis's label fits beside it, with 80 px of axis at least.
            const int label = QFontMetrics(plot->yAxis->labelFont()).horizontalAdvance(plot->yAxis->label());
            EXPECT_GE(plot->axisRect()->height(), std::max(label, 80))
                << plot->yAxis->label().toStdString() << " in " << file.toStdString();
        }
    }
    b.hide();
}

TEST_F(LoadedBrowser, SpeakerInfoNormalisationAndExport)
{
    DatasetBrowser &b = *s_browser;
    EXPECT_EQ(b.speakerInfo().describe("yweweler"), "male, DEU/German accent, english");
    b.selectRecording(static_cast<int>(b.dataset().indexOf("0_george_0.wav")));
    for (int normalisation = 0; normalisation < 3; ++normalisation) {
        b.setNormalisation(normalisation);
        EXPECT_EQ(b.normalisedView()->pointCount(), 6000);
    }
    QTemporaryDir dir;
    auto *plot = b.mfccView()->findChild<QCustomPlot *>();
    ASSERT_NE(plot, nullptr);
    b.resize(1200, 800);
    EXPECT_EQ(PlotExportMenu::save(plot, dir.filePath("mfcc.png")), "");
    EXPECT_FALSE(QImage(dir.filePath("mfcc.png")).isNull());
    EXPECT_EQ(PlotExportMenu::save(plot, dir.filePath("mfcc.pdf")), "");
    QFile pdf(dir.filePath("mfcc.pdf"));
    ASSERT_TRUE(pdf.open(QIODevice::ReadOnly));
    EXPECT_TRUE(pdf.read(5) == "%PDF-");
    EXPECT_NE(PlotExportMenu::save(plot, dir.filePath("missing/mfcc.png")), "");
}

TEST(DatasetBrowser, EmptyStateSkippedFilesAndRememberedFolder)
{
    DatasetDocument document;
    DatasetBrowser browser(&document);
    EXPECT_TRUE(browser.isShowingEmptyState());
    EXPECT_NE(browser.emptyState()->text().indexOf("Open a folder"), -1);

    QTemporaryDir dir;
    const QDir recordings(test::sharedDir() + "/fsdd/recordings");
    for (const QString name : {"0_george_0.wav", "1_theo_2.wav", "2_lucas_4.wav"})
        ASSERT_TRUE(QFile::copy(recordings.filePath(name), dir.filePath(name)));
    QFile bad(dir.filePath("3_theo_1.wav"));
    ASSERT_TRUE(bad.open(QIODevice::WriteOnly));
    bad.write("not a wav file");
    bad.close();
    ASSERT_TRUE(QFile::copy(recordings.filePath("4_theo_1.wav"), dir.filePath("theo-four.wav")));
    browser.openAndRememberFolder(dir.path());
    bool ok = false;
    QString message;
    ASSERT_TRUE(waitForLoad(browser, &ok, &message));
    ASSERT_TRUE(ok) << message.toStdString();
    EXPECT_FALSE(browser.isShowingEmptyState());
    EXPECT_EQ(browser.dataset().size(), 3);
    EXPECT_EQ(browser.skippedCount(), 2);
    EXPECT_EQ(QSettings().value(DatasetLocator::settingsKey).toString(), dir.path());

    browser.openFolder("/nonexistent/fsdd");
    ASSERT_TRUE(waitForLoad(browser, &ok, &message));
    EXPECT_TRUE(browser.isShowingEmptyState());
    EXPECT_NE(browser.emptyState()->text().indexOf("/nonexistent/fsdd"), -1);
}

TEST(DatasetBrowser, CancelAndMissingFolder)
{
    DatasetDocument document;
    DatasetBrowser browser(&document);
    QObject::connect(&browser, &DatasetBrowser::loadProgress, &browser, &DatasetBrowser::cancelLoading);
    browser.openFolder(test::sharedDir() + "/fsdd/recordings");
    bool ok = true;
    QString message;
    ASSERT_TRUE(waitForLoad(browser, &ok, &message));
    EXPECT_FALSE(ok);
    EXPECT_NE(message.indexOf("cancelled"), -1) << message.toStdString();

    browser.openFolder("/nonexistent/fsdd");
    ASSERT_TRUE(waitForLoad(browser, &ok, &message));
    EXPECT_FALSE(ok);
    EXPECT_NE(message.indexOf("/nonexistent/fsdd"), -1);
}

TEST(DatasetBrowser, DownloadFromTheEmptyStateLoadsAndRemembersTheDataset)
{
    // The GUI path end to end: the empty state's Download button, a real HTTP download from 127.0.0.1,
    // libarchive extraction into the (temporary) user data folder, loading, and the remembered location.
    test::LocalHttpServer server;
    server.bodies["/master.zip"] = test::buildFsddArchive(true);
    DatasetDocument document;
    DatasetBrowser browser(&document);
    browser.showEmptyState();
    ASSERT_TRUE(browser.isShowingEmptyState());
    browser.emptyState()->setDownloadSource(server.url("/master.zip"), test::kArchiveRecordings);
    QPushButton *download = nullptr;
    for (QPushButton *button : browser.emptyState()->findChildren<QPushButton *>())
        if (button->text().startsWith("Download FSDD"))
            download = button;
    ASSERT_NE(download, nullptr);
    download->click();
    EXPECT_TRUE(browser.emptyState()->isDownloading());
    bool ok = false;
    QString message;
    ASSERT_TRUE(waitForLoad(browser, &ok, &message));
    ASSERT_TRUE(ok) << message.toStdString();
    EXPECT_FALSE(browser.isShowingEmptyState());
    EXPECT_EQ(browser.dataset().size(), test::kArchiveRecordings);
    const QString folder = QSettings().value(DatasetLocator::settingsKey).toString();
    EXPECT_TRUE(folder.startsWith(DatasetLocator::defaultDownloadFolder())) << folder.toStdString();
    EXPECT_EQ(QDir(folder).entryList({"*.wav"}).size(), test::kArchiveRecordings);
}

int main(int argc, char **argv)
{
    // Settings and downloads go to a temporary home, never the user's.
    QTemporaryDir home;
    qputenv("XDG_CONFIG_HOME", home.filePath("config").toLocal8Bit());
    qputenv("XDG_DATA_HOME", home.filePath("data").toLocal8Bit());
    QApplication app(argc, argv);
    QApplication::setOrganizationName("ConvScopeTest");
    QApplication::setApplicationName("DatasetBrowserTest");
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
