#include "DatasetBrowser.h"
#include "FeatureMatrixView.h"
#include "WaveformView.h"
#include "TestPaths.h"

#include <QApplication>
#include <QEventLoop>
#include <QTimer>

#include <gtest/gtest.h>

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
    DatasetBrowser browser;
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

TEST(DatasetBrowser, CancelAndMissingFolder)
{
    DatasetBrowser browser;
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

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
