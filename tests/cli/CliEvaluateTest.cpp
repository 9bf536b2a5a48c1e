// convscope-cli predict, evaluate, activations and embed on a model trained here (3 epochs of the mfcc preset on all of FSDD), and
// train --split none.
#include "audio/AudioDecoder.h"
#include "audio/Resampler.h"
#include "data/FeatureCache.h"
#include "network/PythonCode.h"
#include "train/TrainedModel.h"
#include "train/Trainer.h"
#include "SmallFeatureCache.h"
#include "TestPaths.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <sndfile.h>

using namespace convscope;
using test::runCli;

namespace {

QString recording(const QString &name) { return test::fsddFolder() + "/" + name; }

QJsonObject parseLine(const QByteArray &line)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << line.toStdString();
    return document.object();
}

QList<QJsonObject> parseLines(const QByteArray &out)
{
    QList<QJsonObject> lines;
    for (const QByteArray &line : out.split('\n'))
        if (!line.trimmed().isEmpty())
            lines.append(parseLine(line));
    return lines;
}

/// One checkpoint for every test: `train --preset mfcc --epochs 3 --standardize` on all 3000 clips.
class CliEvaluate : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = new QTemporaryDir;
        const auto result = runCli({"train", "--preset", "mfcc", "--epochs", "3", "--standardize", "--data",
                                    test::fsddFolder(), "--save", model()});
        ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    }
    static void TearDownTestSuite()
    {
        delete s_dir;
        s_dir = nullptr;
    }
    static QString model() { return s_dir->filePath("mfcc.cspt"); }

    static QTemporaryDir *s_dir;
};

QTemporaryDir *CliEvaluate::s_dir = nullptr;

/// Writes `bytes` to `path`; false (a test failure) when it cannot.
bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    const bool ok = file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
    EXPECT_TRUE(ok) << path.toStdString();
    return ok;
}

/// The checkpoint's network as the generated PyTorch code (it defines `net`), written to `path`.
bool writeGeneratedCode(const QString &checkpoint, const QString &path)
{
    QString error;
    const auto model = TrainedModel::load(checkpoint, &error);
    EXPECT_TRUE(model) << error.toStdString();
    return model && writeFile(path, QByteArray::fromStdString(toPyTorchCode(model->config().network)));
}

/// Runs `activations` on one clip, then Python PyTorch: the network from `code` (the generated PyTorch code), the
/// checkpoint's weights (torch.jit.load reads a LibTorch archive), each layer run on the previous one's output from
/// ConvScope's input. Returns Python's report: "layers N max_difference D".
QByteArray pythonLayerDifference(const QString &checkpoint, const QString &wav)
{
    const auto activations = runCli({"activations", "--model", checkpoint, wav});
    EXPECT_EQ(activations.exitCode, 0) << activations.err.toStdString();
    QTemporaryDir dir;
    if (!writeFile(dir.filePath("activations.json"), activations.out) || !writeGeneratedCode(checkpoint, dir.filePath("net.py")))
        return {};
    const char *script = R"(import json, sys, torch
ns = {}
exec(open(sys.argv[1] + '/net.py').read(), ns)
net = ns['net']
net.load_state_dict(torch.jit.load(sys.argv[2]).state_dict())
net.eval()
layers = json.load(open(sys.argv[1] + '/activations.json'))['layers']
def tensor(layer):
    return torch.tensor(layer['values'], dtype=torch.float32).reshape([1] + layer['shape'])
worst = 0.0
with torch.no_grad():
    for i, module in enumerate(net):
        out = module(tensor(layers[i]))
        expected = tensor(layers[i + 1])
        assert list(out.shape) == list(expected.shape), (i, out.shape, expected.shape)
        worst = max(worst, float((out - expected).abs().max() / (expected.abs().max() + 1e-6)))
print('layers', len(net), 'max_difference', worst)
)";
    const auto result = test::runProgram("/usr/bin/python3", {"-W", "ignore", "-", dir.path(), checkpoint},
                                         QByteArray(script));
    EXPECT_EQ(result.exitCode, 0) << result.err.constData();
    return result.out;
}

/// Writes `clip` resampled to 16 kHz as a 16-bit stereo WAV with the same signal in both channels.
void writeStereo16k(const QString &path, const AudioClip &clip)
{
    const ResampleResult resampled = Resampler::resample(clip.samples, clip.sampleRate, 16000);
    ASSERT_TRUE(resampled.error.isEmpty()) << resampled.error.toStdString();
    std::vector<float> interleaved;
    for (float sample : resampled.samples)
        interleaved.insert(interleaved.end(), {sample, sample});
    SF_INFO info{};
    info.samplerate = 16000;
    info.channels = 2;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE *file = sf_open(QFile::encodeName(path).constData(), SFM_WRITE, &info);
    ASSERT_NE(file, nullptr) << sf_strerror(nullptr);
    EXPECT_EQ(sf_writef_float(file, interleaved.data(), static_cast<sf_count_t>(resampled.samples.size())),
              static_cast<sf_count_t>(resampled.samples.size()));
    sf_close(file);
}

}  // namespace

TEST_F(CliEvaluate, PredictGivesTheTrainersProbabilities)
{
    QString error;
    const auto everyClip = test::smallFeatureCache(3000, &error);
    ASSERT_TRUE(everyClip) << error.toStdString();
    const auto trainer = Trainer::loadCheckpoint(model(), *everyClip, &error);
    ASSERT_TRUE(trainer) << error.toStdString();
    const QStringList files{recording("7_jackson_32.wav"), recording("3_theo_10.wav"), recording("0_lucas_2.wav")};
    const auto result = runCli(QStringList{"predict", "--model", model()} + files);
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const auto lines = parseLines(result.out);
    ASSERT_EQ(lines.size(), files.size());
    for (int i = 0; i < files.size(); ++i) {
        EXPECT_EQ(lines[i]["file"].toString(), files[i]);
        const QJsonArray probabilities = lines[i]["probabilities"].toArray();
        ASSERT_EQ(probabilities.size(), 10);
        const auto expected = trainer->classProbabilities(AudioDecoder::decodeFile(files[i]).clip->samples);
        double sum = 0.0;
        int best = 0;
        for (int d = 0; d < 10; ++d) {
            EXPECT_NEAR(probabilities[d].toDouble(), expected[d], 1e-6) << files[i].toStdString() << " digit " << d;
            sum += probabilities[d].toDouble();
            best = expected[d] > expected[best] ? d : best;
        }
        EXPECT_NEAR(sum, 1.0, 1e-6);
        EXPECT_EQ(lines[i]["digit"].toInt(), best);
    }
}

TEST_F(CliEvaluate, PredictAcceptsAResampledStereoCopyAndReportsUnreadableFiles)
{
    QTemporaryDir dir;
    const QString original = recording("7_jackson_32.wav"), stereo = dir.filePath("stereo16k.wav");
    writeStereo16k(stereo, *AudioDecoder::decodeFile(original).clip);
    QFile junk(dir.filePath("junk.wav"));
    ASSERT_TRUE(junk.open(QIODevice::WriteOnly));
    junk.write("not audio at all");
    junk.close();
    const auto result = runCli({"predict", "--model", model(), original, stereo, junk.fileName()});
    EXPECT_EQ(result.exitCode, 1);  // one file could not be read
    const auto lines = parseLines(result.out);
    ASSERT_EQ(lines.size(), 3);
    const QJsonArray first = lines[0]["probabilities"].toArray(), copy = lines[1]["probabilities"].toArray();
    ASSERT_EQ(copy.size(), 10) << result.out.toStdString();
    for (int d = 0; d < 10; ++d)  // resampled twice, the copy is close to the original, not equal
        EXPECT_NEAR(copy[d].toDouble(), first[d].toDouble(), 0.02) << "digit " << d;
    EXPECT_TRUE(lines[1]["digit"].isDouble());  // not compared: three epochs leave close runners-up
    EXPECT_EQ(lines[2]["file"].toString(), junk.fileName());
    EXPECT_TRUE(lines[2]["error"].toString().startsWith(junk.fileName() + ": ")) << lines[2]["error"].toString().toStdString();
    EXPECT_FALSE(lines[2].contains("digit"));
}

TEST_F(CliEvaluate, EvaluateCountsAFolderAndSkipsWhatItCannotUse)
{
    QTemporaryDir dir;
    const QStringList takes = QDir(test::fsddFolder()).entryList({"*_1.wav"}, QDir::Files, QDir::Name);
    ASSERT_EQ(takes.size(), 60);  // take 1 of every digit and speaker
    QStringList copies;
    for (const QString &name : takes) {
        ASSERT_TRUE(QFile::copy(recording(name), dir.filePath(name)));
        copies.append(dir.filePath(name));
    }
    ASSERT_TRUE(QFile::copy(recording("5_george_3.wav"), dir.filePath("hello.wav")));
    QFile unreadable(dir.filePath("3_bad_0.wav"));
    ASSERT_TRUE(unreadable.open(QIODevice::WriteOnly));
    unreadable.write("RIFF but nothing else");
    unreadable.close();

    const auto result = runCli({"evaluate", "--model", model(), "--data", dir.path()});
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const QJsonObject report = parseLine(result.out);
    EXPECT_EQ(report["count"].toInt(), 60);
    int confusionSum = 0;
    for (const auto &row : report["confusion"].toArray())
        for (const auto &cell : row.toArray())
            confusionSum += cell.toInt();
    EXPECT_EQ(confusionSum, 60);
    for (const auto &digit : report["per_digit"].toArray())
        EXPECT_EQ(digit.toObject()["count"].toInt(), 6);
    ASSERT_EQ(report["per_speaker"].toArray().size(), 6);
    EXPECT_EQ(report["per_speaker"].toArray()[1].toObject()["speaker"].toString(), "jackson");
    EXPECT_EQ(report["per_speaker"].toArray()[1].toObject()["count"].toInt(), 10);
    const QJsonArray skipped = report["skipped"].toArray();
    ASSERT_EQ(skipped.size(), 2);
    EXPECT_EQ(skipped[0].toObject()["file"].toString(), "3_bad_0.wav");
    EXPECT_FALSE(skipped[0].toObject()["reason"].toString().isEmpty());
    EXPECT_EQ(skipped[1].toObject()["file"].toString(), "hello.wav");
    EXPECT_TRUE(skipped[1].toObject()["reason"].toString().startsWith("name does not match"));

    // The accuracy is the fraction of the same files that predict gets right.
    const auto predicted = runCli(QStringList{"predict", "--model", model()} + copies);
    ASSERT_EQ(predicted.exitCode, 0) << predicted.err.toStdString();
    int right = 0;
    for (const QJsonObject &line : parseLines(predicted.out))
        right += line["digit"].toInt() == QFileInfo(line["file"].toString()).fileName().left(1).toInt();
    EXPECT_DOUBLE_EQ(report["accuracy"].toDouble(), right / 60.0);
    EXPECT_GT(report["accuracy"].toDouble(), 0.15);  // three epochs already beat chance
}

// The data map: every recording of a folder placed by PCA (centred, the first axis the wider) or t-SNE (the same
// map every run), from the penultimate layer or the input.
TEST_F(CliEvaluate, EmbedMapsEveryRecording)
{
    QTemporaryDir dir;
    const QStringList takes = QDir(test::fsddFolder()).entryList({"*_2.wav"}, QDir::Files, QDir::Name);
    for (const QString &name : takes)
        ASSERT_TRUE(QFile::copy(recording(name), dir.filePath(name)));
    const auto pca = runCli({"embed", "--model", model(), "--data", dir.path()});
    ASSERT_EQ(pca.exitCode, 0) << pca.err.toStdString();
    EXPECT_TRUE(pca.err.contains("of the variance")) << pca.err.toStdString();
    const QList<QJsonObject> points = parseLines(pca.out);
    ASSERT_EQ(points.size(), takes.size());
    double sumX = 0.0, sumY = 0.0, squaresX = 0.0, squaresY = 0.0;
    for (int i = 0; i < points.size(); ++i) {
        EXPECT_EQ(points[i]["file"].toString(), takes[i]);
        EXPECT_EQ(points[i]["digit"].toInt(), takes[i].left(1).toInt());
        const double x = points[i]["x"].toDouble(), y = points[i]["y"].toDouble();
        sumX += x, sumY += y, squaresX += x * x, squaresY += y * y;
    }
    EXPECT_NEAR(sumX / points.size(), 0.0, 1e-6 * std::sqrt(squaresX));
    EXPECT_NEAR(sumY / points.size(), 0.0, 1e-6 * std::sqrt(squaresX));
    EXPECT_GE(squaresX, squaresY);
    EXPECT_GT(squaresY, 0.0);

    const QStringList tsneArguments{"embed", "--model", model(), "--data", dir.path(), "--method", "tsne", "--layer",
                                    "input", "--perplexity", "10"};
    const auto tsne = runCli(tsneArguments), again = runCli(tsneArguments);
    ASSERT_EQ(tsne.exitCode, 0) << tsne.err.toStdString();
    EXPECT_TRUE(tsne.err.contains("perplexity 10")) << tsne.err.toStdString();
    EXPECT_EQ(parseLines(tsne.out).size(), takes.size());
    EXPECT_EQ(tsne.out, again.out);

    const auto wrong = runCli({"embed", "--model", model(), "--data", dir.path(), "--layer", "conv"});
    EXPECT_EQ(wrong.exitCode, 2);
    EXPECT_TRUE(wrong.err.contains("--layer: \"conv\" is not a layer of this model")) << wrong.err.toStdString();
}

// The data map's PCA equals numpy's PCA of Python PyTorch's penultimate layer (the generated code and the
// checkpoint's weights, run on ConvScope's input of each clip), axis by axis up to the sign of an axis.
TEST_F(CliEvaluate, EmbedEqualsAPythonPcaOfThePenultimateLayer)
{
    if (test::runProgram("/usr/bin/python3", {"-c", "import torch"}).exitCode != 0)
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    QTemporaryDir dir;
    ASSERT_TRUE(QDir(dir.path()).mkdir("clips"));
    const QStringList files{"0_george_4.wav", "2_jackson_9.wav", "3_theo_2.wav",
                            "5_lucas_7.wav", "7_nicolas_1.wav", "9_yweweler_5.wav"};
    QByteArray inputs;
    for (const QString &file : files) {
        ASSERT_TRUE(QFile::copy(recording(file), dir.filePath("clips/" + file)));
        const auto input = runCli({"activations", "--model", model(), "--layer", "0", recording(file)});
        ASSERT_EQ(input.exitCode, 0) << input.err.toStdString();
        inputs += input.out;
    }
    const auto map = runCli({"embed", "--model", model(), "--data", dir.filePath("clips")});
    ASSERT_EQ(map.exitCode, 0) << map.err.toStdString();
    ASSERT_TRUE(writeFile(dir.filePath("inputs.jsonl"), inputs) && writeFile(dir.filePath("map.jsonl"), map.out) &&
                writeGeneratedCode(model(), dir.filePath("net.py")));
    const char *script = R"(import json, sys, numpy, torch
ns = {}
exec(open(sys.argv[1] + '/net.py').read(), ns)
net = ns['net']
net.load_state_dict(torch.jit.load(sys.argv[2]).state_dict())
net.eval()
last_linear = max(i for i, m in enumerate(net) if isinstance(m, torch.nn.Linear))
rows = []
with torch.no_grad():
    for line in open(sys.argv[1] + '/inputs.jsonl'):
        layer = json.loads(line)['layers'][0]
        x = torch.tensor(layer['values'], dtype=torch.float32).reshape([1] + layer['shape'])
        for module in list(net)[:last_linear]:
            x = module(x)
        rows.append(x.flatten().double().numpy())
features = numpy.array(rows)
centred = features - features.mean(axis=0)
_, _, vt = numpy.linalg.svd(centred, full_matrices=False)
expected = centred @ vt[:2].T
ours = numpy.array([[p['x'], p['y']] for p in map(json.loads, open(sys.argv[1] + '/map.jsonl'))])
worst = max(min(abs(ours[:, a] - s * expected[:, a]).max() for s in (1, -1)) / abs(expected[:, a]).max() for a in (0, 1))
print('points', len(ours), 'max_difference', worst)
)";
    const auto result = test::runProgram("/usr/bin/python3", {"-W", "ignore", "-", dir.path(), model()}, QByteArray(script));
    ASSERT_EQ(result.exitCode, 0) << result.err.constData();
    const QList<QByteArray> words = result.out.trimmed().split(' ');
    ASSERT_EQ(words.size(), 4) << result.out.toStdString();
    EXPECT_EQ(words[1].toInt(), files.size());
    EXPECT_LT(words[3].toDouble(), 1e-4) << result.out.toStdString();
}

TEST_F(CliEvaluate, EvaluateAndPredictSayWhatIsMissing)
{
    auto result = runCli({"evaluate", "--data", test::fsddFolder()});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains("--model FILE")) << result.err.toStdString();
    result = runCli({"evaluate", "--model", model(), "--data", "/no/such/folder"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains("/no/such/folder")) << result.err.toStdString();
    result = runCli({"predict", "--model", "/no/such/model.cspt", recording("7_jackson_32.wav")});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains("/no/such/model.cspt: cannot open")) << result.err.toStdString();
}

TEST(CliTrain, SplitNoneTrainsOnEveryClipWithoutTestAccuracy)
{
    const auto result = runCli({"train", "--preset", "mfcc", "--epochs", "2", "--split", "none", "--limit", "300",
                                "--data", test::fsddFolder()});
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const auto lines = parseLines(result.out);
    ASSERT_EQ(lines.size(), 3);  // two epochs and the final line
    for (const QJsonObject &line : lines) {
        EXPECT_TRUE(line["test_accuracy"].isNull()) << result.out.toStdString();
        EXPECT_TRUE(line["train_accuracy"].isDouble());
    }
    EXPECT_TRUE(lines.back()["final"].toBool());
    EXPECT_EQ(lines.back()["outcome"].toString(), "finished");
}

// Every layer's output equals Python PyTorch's forward pass of the same weights through the generated code: an mfcc
// model trained here, and 0.1's raw-waveform residual network (blocks and BatchNorm in eval mode).
TEST_F(CliEvaluate, ActivationsEqualAPythonForwardPassLayerByLayer)
{
    if (test::runProgram("/usr/bin/python3", {"-c", "import torch"}).exitCode != 0)
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    const QByteArray mfcc = pythonLayerDifference(model(), recording("3_theo_7.wav"));
    const QByteArray residual = pythonLayerDifference(test::testDataFile("train/data/residual-0.1.cspt"),
                                                      recording("8_lucas_3.wav"));
    for (const QByteArray &report : {mfcc, residual}) {
        const QList<QByteArray> words = report.trimmed().split(' ');
        ASSERT_EQ(words.size(), 4) << report.toStdString();
        EXPECT_GE(words[1].toInt(), 5) << report.toStdString();
        EXPECT_LT(words[3].toDouble(), 1e-5) << report.toStdString();
    }
}

TEST_F(CliEvaluate, ActivationsGiveEveryLayerOrOne)
{
    const auto all = runCli({"activations", "--model", model(), recording("5_george_1.wav")});
    ASSERT_EQ(all.exitCode, 0) << all.err.toStdString();
    const QJsonObject report = parseLine(all.out);
    const QJsonArray layers = report["layers"].toArray();
    EXPECT_EQ(layers.first()["name"].toString(), "input");
    EXPECT_EQ(layers.first()["shape"].toArray(), (QJsonArray{13, 74}));
    EXPECT_EQ(layers.last()["shape"].toArray(), QJsonArray{10});
    EXPECT_EQ(layers.first()["values"].toArray().size(), 13 * 74);
    const auto one = runCli({"activations", "--model", model(), "--layer", "1", recording("5_george_1.wav")});
    ASSERT_EQ(one.exitCode, 0) << one.err.toStdString();
    const QJsonArray only = parseLine(one.out)["layers"].toArray();
    ASSERT_EQ(only.size(), 1);
    EXPECT_EQ(only.first().toObject(), layers[1].toObject());
    const auto wrong = runCli({"activations", "--model", model(), "--layer", "99", recording("5_george_1.wav")});
    EXPECT_EQ(wrong.exitCode, 2);
    EXPECT_TRUE(wrong.err.contains("--layer: \"99\" is not an activation")) << wrong.err.toStdString();
}

TEST(CliTrain, RecipeOptionsThatDoNotFitAreNamed)
{
    const QString data = test::fsddFolder();
    auto result = runCli({"train", "--preset", "mfcc", "--test-at-speeds", "--data", data});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains("test_at_speeds: hearing each recording at several speeds needs the speeds"))
        << result.err.toStdString();
    // The voice preset without its speeds drops its test-time speeds with them, unless asked for.
    result = runCli({"train", "--preset", "voice", "--speeds", "none", "--test-at-speeds", "--data", data});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains("test_at_speeds:")) << result.err.toStdString();
    result = runCli({"train", "--preset", "voice", "--warps", "0.9,x", "--data", data});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains("--warps: \"x\" is not a number")) << result.err.toStdString();
    result = runCli({"train", "--preset", "voice", "--warps", "1.1", "--no-centre", "--data", data});
    EXPECT_EQ(result.exitCode, 2);  // --no-centre drops the warps it was not given; these were given
    EXPECT_TRUE(result.err.contains("warps: vocal tract length perturbation")) << result.err.toStdString();
    result = runCli({"train", "--preset", "mfcc", "--rooms", "1", "--data", data});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains("rooms: the random rooms are heard on centred words")) << result.err.toStdString();
    result = runCli({"train", "--preset", "voice", "--rooms", "9", "--data", data});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains("rooms: use 0 to 4")) << result.err.toStdString();
    result = runCli({"train", "--preset", "voice", "--test-at-speeds", "--no-test-at-speeds", "--data", data});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains("Give --test-at-speeds or --no-test-at-speeds, not both."))
        << result.err.toStdString();
}

TEST(CliTrain, TheVoicePresetKeepsItsAugmentationAndRoomsUnlessSwitchedOff)
{
    QTemporaryDir dir;
    const auto trainedConfig = [&](const QStringList &options) -> std::optional<TrainingConfig> {
        const QString file = dir.filePath("voice.cspt");
        const auto result = runCli(QStringList{"train", "--preset", "voice", "--split", "none", "--limit", "20",
                                               "--epochs", "1", "--data", test::fsddFolder(), "--save", file}
                                   + options);
        EXPECT_EQ(result.exitCode, 0) << result.err.toStdString();
        QString error;
        const auto model = TrainedModel::load(file, &error);
        EXPECT_TRUE(model) << error.toStdString();
        return model ? std::optional<TrainingConfig>(model->config()) : std::nullopt;
    };
    const auto preset = trainedConfig({});
    ASSERT_TRUE(preset);
    EXPECT_TRUE(preset->augment);  // an option the command line did not give keeps the preset's value
    EXPECT_EQ(preset->rooms, 1);
    const auto plain = trainedConfig({"--no-augment", "--rooms", "0"});
    ASSERT_TRUE(plain);
    EXPECT_FALSE(plain->augment);
    EXPECT_EQ(plain->rooms, 0);
    const auto both = runCli({"train", "--preset", "voice", "--augment", "--no-augment", "--data", test::fsddFolder()});
    EXPECT_EQ(both.exitCode, 2);
    EXPECT_TRUE(both.err.contains("Give --augment or --no-augment, not both.")) << both.err.toStdString();
}
