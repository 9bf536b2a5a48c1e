#include "audio/AudioDecoder.h"
#include "data/Mfcc.h"
#include "data/Preprocessing.h"
#include "data/Spectrogram.h"
#include "TestPaths.h"

#include <QDir>
#include <QFile>

#include <gtest/gtest.h>

#include <cmath>

using namespace convscope;

namespace {

std::vector<std::vector<double>> readCsv(const QString &path)
{
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly | QIODevice::Text)) << path.toStdString();
    std::vector<std::vector<double>> rows;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        std::vector<double> row;
        for (const QByteArray &cell : line.split(','))
            row.push_back(cell.trimmed().toDouble());
        rows.push_back(row);
    }
    return rows;
}

std::vector<float> fsddWaveform(const QString &fileName)
{
    const DecodeResult decoded = AudioDecoder::decodeFile(test::sharedDir() + "/fsdd/recordings/" + fileName);
    EXPECT_TRUE(decoded.clip) << decoded.error.toStdString();
    return decoded.clip ? Preprocessing::padOrTruncate(decoded.clip->samples, 6000) : std::vector<float>(6000);
}

}  // namespace

TEST(Mfcc, OptionsMatchPythonSpeechFeaturesAt8kHz)
{
    const MfccOptions options;
    EXPECT_EQ(options.frameLength(), 200);
    EXPECT_EQ(options.frameStep(), 80);
    EXPECT_EQ(options.resolvedFftSize(), 256);
    EXPECT_EQ(options.frameCount(6000), 74);
    EXPECT_EQ(options.frameCount(200), 1);
    EXPECT_EQ(options.frameCount(201), 2);
    EXPECT_EQ(options.frameCount(0), 1);
}

TEST(Mfcc, EveryGoldenFileMatchesTo1e3)
{
    const QStringList golden = QDir(test::goldenFile("mfcc")).entryList({"*.csv"}, QDir::Files, QDir::Name);
    ASSERT_EQ(golden.size(), 12);
    for (const QString &csv : golden) {
        const auto expected = readCsv(test::goldenFile("mfcc/" + csv));
        ASSERT_EQ(expected.size(), 74u) << csv.toStdString();
        const QString wav = csv.left(csv.size() - 4) + ".wav";
        const FeatureMatrix mfcc = Mfcc::compute(fsddWaveform(wav));
        ASSERT_EQ(mfcc.rows, 74);
        ASSERT_EQ(mfcc.columns, 13);
        double worst = 0.0;
        for (int r = 0; r < 74; ++r) {
            ASSERT_EQ(expected[r].size(), 13u);
            for (int c = 0; c < 13; ++c)
                worst = std::max(worst, std::abs(mfcc.at(r, c) - expected[r][c]));
        }
        EXPECT_LT(worst, 1e-3) << csv.toStdString();
    }
}

TEST(Mfcc, SilentFramesGiveLogEpsilonAndTheSpectrogramHasTheRightShape)
{
    const std::vector<float> silence(6000, 0.0f);
    const FeatureMatrix mfcc = Mfcc::compute(silence);
    ASSERT_EQ(mfcc.rows, 74);
    EXPECT_NEAR(mfcc.at(10, 0), std::log(2.220446049250313e-16), 1e-4);  // log(eps) energy

    const FeatureMatrix logMel = Mfcc::logMelFilterbank(fsddWaveform("0_george_0.wav"));
    EXPECT_EQ(logMel.rows, 74);
    EXPECT_EQ(logMel.columns, 26);

    // A 1 kHz tone peaks in bin 1000 / (8000 / 256) = 32.
    std::vector<float> tone(6000);
    for (std::size_t i = 0; i < tone.size(); ++i)
        tone[i] = 0.5f * static_cast<float>(std::sin(2.0 * M_PI * 1000.0 * i / 8000.0));
    const FeatureMatrix spectrogram = Spectrogram::logPower(tone);
    ASSERT_EQ(spectrogram.rows, 74);
    ASSERT_EQ(spectrogram.columns, 129);
    int best = 0;
    for (int k = 1; k < 129; ++k)
        if (spectrogram.at(20, k) > spectrogram.at(20, best))
            best = k;
    EXPECT_EQ(best, 32);
}
