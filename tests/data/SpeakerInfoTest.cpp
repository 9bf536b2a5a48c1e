#include "data/SpeakerInfo.h"
#include "TestPaths.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace convscope;

TEST(SpeakerInfo, ReadsTheSharedFsddMetadataFromTheParentFolder)
{
    const SpeakerInfo info = SpeakerInfo::load(test::sharedDir() + "/fsdd/recordings");
    EXPECT_EQ(info.file, QDir::cleanPath(test::sharedDir() + "/fsdd/speakers.csv"));
    EXPECT_TRUE(info.problems.isEmpty()) << info.problems.join("\n").toStdString();
    ASSERT_EQ(info.speakers.size(), 6u);
    const auto nicolas = info.find("Nicolas");
    ASSERT_TRUE(nicolas);
    EXPECT_EQ(nicolas->gender, "male");
    EXPECT_EQ(nicolas->accent, "BEL/French");
    EXPECT_EQ(nicolas->language, "english");
    EXPECT_EQ(info.describe("theo"), "male, USA/neutral accent, english");
    EXPECT_EQ(info.describe("nobody"), "");
}

TEST(SpeakerInfo, ColumnsInAnyOrderQuotesCrLfAndBom)
{
    const SpeakerInfo info = SpeakerInfo::parse("\xEF\xBB\xBF" "Accent,Speaker\r\n"
                                                "\"USA, \"\"south\"\"\",ann\r\n\r\n"
                                                "GBR,bob\r\n");
    EXPECT_TRUE(info.problems.isEmpty()) << info.problems.join("\n").toStdString();
    ASSERT_EQ(info.speakers.size(), 2u);
    EXPECT_EQ(info.speakers[0].name, "ann");
    EXPECT_EQ(info.speakers[0].accent, "USA, \"south\"");
    EXPECT_EQ(info.speakers[0].gender, "");
    EXPECT_EQ(info.describe("bob"), "GBR accent");
}

TEST(SpeakerInfo, BadRowsAreSkippedAndNamed)
{
    const SpeakerInfo info = SpeakerInfo::parse("speaker,gender\nann,female\nbob\n,male\ncid,male\n", "x.csv");
    ASSERT_EQ(info.speakers.size(), 2u);
    EXPECT_EQ(info.speakers[1].name, "cid");
    ASSERT_EQ(info.problems.size(), 2);
    EXPECT_EQ(info.problems[0], "x.csv line 3: 1 fields, the header has 2; row skipped.");
    EXPECT_EQ(info.problems[1], "x.csv line 4: no speaker name; row skipped.");

    const SpeakerInfo noHeader = SpeakerInfo::parse("name,gender\nann,female\n", "y.csv");
    EXPECT_TRUE(noHeader.isEmpty());
    ASSERT_EQ(noHeader.problems.size(), 1);
    EXPECT_TRUE(noHeader.problems[0].startsWith("y.csv: the first line has no \"speaker\" column"));
}

TEST(SpeakerInfo, NoFileIsNoProblem)
{
    QTemporaryDir dir;
    const SpeakerInfo info = SpeakerInfo::load(dir.filePath("recordings"));
    EXPECT_TRUE(info.isEmpty());
    EXPECT_TRUE(info.file.isEmpty());
    EXPECT_TRUE(info.problems.isEmpty());

    QFile csv(dir.filePath("speakers.csv"));  // in the folder itself
    ASSERT_TRUE(csv.open(QIODevice::WriteOnly));
    csv.write("speaker,gender,accent,language\nzoe,female,NZL,english\n");
    csv.close();
    EXPECT_EQ(SpeakerInfo::load(dir.path()).describe("zoe"), "female, NZL accent, english");
}
