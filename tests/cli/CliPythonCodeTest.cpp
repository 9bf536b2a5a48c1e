// convscope-cli reading networks written as PyTorch code (.py), as a user would run it.
#include "TestPaths.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using convscope::test::runCli;
using convscope::test::testDataFile;

TEST(CliPythonCode, InspectReadsANotebookCellWithItsOwnInput)
{
    const auto result = runCli({"inspect", testDataFile("pycode/data/lenet.py")});
    ASSERT_EQ(result.exitCode, 0) << result.err.constData();
    const QJsonObject out = QJsonDocument::fromJson(result.out).object();
    EXPECT_EQ(out["input"].toArray(), (QJsonArray{1, 28, 28}));
    EXPECT_EQ(out["total_params"].toInteger(), 61706);  // d2l's LeNet
    EXPECT_EQ(out["output_shape"].toArray(), (QJsonArray{10}));
}

TEST(CliPythonCode, CodeWithoutAnInputTensorNeedsInput)
{
    const QString cell = testDataFile("pycode/data/dropout.py");
    const auto refused = runCli({"inspect", cell});
    EXPECT_EQ(refused.exitCode, 2);
    EXPECT_EQ(refused.err.trimmed(), "dropout.py: the code does not say its input size; give --input C,H,W or C,L "
                                     "(its first layer suggests 1,6000).");
    const auto given = runCli({"inspect", cell, "--input", "1,6000"});
    ASSERT_EQ(given.exitCode, 0) << given.err.constData();
    EXPECT_EQ(QJsonDocument::fromJson(given.out).object()["total_params"].toInteger(), 1532090);
    const auto train = runCli({"train", "--net", cell, "--epochs", "1"});
    EXPECT_EQ(train.exitCode, 2);
    EXPECT_NE(train.err.indexOf("give --input raw or --input mfcc"), -1) << train.err.constData();
}

TEST(CliPythonCode, CodeOfACellReadsBackToTheSameCode)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const auto first = runCli({"code", testDataFile("pycode/data/resnet.py")});
    ASSERT_EQ(first.exitCode, 0) << first.err.constData();
    QFile written(dir.filePath("resnet.py"));
    ASSERT_TRUE(written.open(QIODevice::WriteOnly));
    written.write(first.out);
    written.close();
    const auto again = runCli({"code", written.fileName()});
    ASSERT_EQ(again.exitCode, 0) << again.err.constData();
    EXPECT_EQ(again.out, first.out);
    EXPECT_NE(first.out.indexOf("Residual(16, 32, 5)"), -1);
    const auto rf = runCli({"rf", written.fileName()});
    EXPECT_EQ(rf.exitCode, 0) << rf.err.constData();
}

TEST(CliPythonCode, AnErrorNamesTheFileLineAndColumn)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QFile cell(dir.filePath("cell.py"));
    ASSERT_TRUE(cell.open(QIODevice::WriteOnly));
    cell.write("import torch\nnet = torch.nn.Sequential(\n    torch.nn.Conv2d(1, 4, 3),\n    torch.nn.LSTM(4, 8))\n");
    cell.close();
    const auto result = runCli({"inspect", cell.fileName(), "--input", "1,8,8"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.startsWith("cell.py: line 4, column 5: nn.LSTM is a layer kind ConvScope does not have"))
        << result.err.constData();
}

// code --weights: the notebook gets the trained model back. Python runs the printed code (which loads the weights
// file with torch.load) on the input ConvScope prepared for a recording, and must answer as ConvScope does.
TEST(CliPythonCode, WeightsGoBackToTheNotebookWithTheSameOutputs)
{
    if (convscope::test::runProgram("/usr/bin/python3", {"-c", "import torch"}).exitCode != 0)
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    const QString wav = convscope::test::sharedDir() + "/fsdd/recordings/3_theo_7.wav";
    if (!QFile::exists(wav))
        GTEST_SKIP() << "FSDD is not in ../shared/fsdd";
    const QString checkpoint = testDataFile("train/data/residual-0.1.cspt");
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const auto code = runCli({"code", "--weights", checkpoint, "--weights-file", dir.filePath("residual.pt")});
    ASSERT_EQ(code.exitCode, 0) << code.err.constData();
    EXPECT_TRUE(code.out.endsWith("net.load_state_dict(torch.load('" + dir.filePath("residual.pt").toUtf8()
                                  + "'))  # the weights trained in ConvScope\nnet.eval()\n"))
        << code.out.constData();
    const auto activations = runCli({"activations", "--model", checkpoint, wav});
    ASSERT_EQ(activations.exitCode, 0) << activations.err.constData();
    for (const auto &[name, bytes] : {std::pair{"net.py", code.out}, std::pair{"activations.json", activations.out}}) {
        QFile file(dir.filePath(name));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }
    const char *script = R"(import json, sys, torch
ns = {}
exec(open(sys.argv[1] + '/net.py').read(), ns)
layers = json.load(open(sys.argv[1] + '/activations.json'))['layers']
def tensor(layer):
    return torch.tensor(layer['values'], dtype=torch.float32).reshape([1] + layer['shape'])
with torch.no_grad():
    out = ns['net'](tensor(layers[0]))
expected = tensor(layers[-1])
print(list(out.shape) == list(expected.shape), float((out - expected).abs().max() / expected.abs().max()))
)";
    const auto result = convscope::test::runProgram("/usr/bin/python3", {"-W", "ignore", "-", dir.path()}, QByteArray(script));
    ASSERT_EQ(result.exitCode, 0) << result.err.constData();
    const QList<QByteArray> answer = result.out.trimmed().split(' ');
    ASSERT_EQ(answer.size(), 2) << result.out.constData();
    EXPECT_EQ(answer[0], "True");
    EXPECT_LT(answer[1].toDouble(), 1e-5) << result.out.constData();
}

TEST(CliPythonCode, WeightsOfAFileThatIsNoCheckpointAreRefused)
{
    const auto result = runCli({"code", "--weights", testDataFile("pycode/data/lenet.py")});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.startsWith(testDataFile("pycode/data/lenet.py").toUtf8())) << result.err.constData();
}

TEST(CliPythonCode, InspectReadsAScriptedSequentialModel)
{
    if (convscope::test::runProgram("/usr/bin/python3", {"-c", "import torch"}).exitCode != 0)
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString model = dir.filePath("mfcc.pt");
    const auto scripted = convscope::test::runProgram(
        "/usr/bin/python3", {"-W", "ignore", "-c",
                             "import sys, torch\nfrom torch import nn\ntorch.jit.script(nn.Sequential(nn.Conv1d(13, 16, 3, "
                             "padding=1), nn.ReLU(), nn.AvgPool1d(2, 2), nn.Flatten(), nn.Linear(592, 10))).save(sys.argv[1])",
                             model});
    ASSERT_EQ(scripted.exitCode, 0) << scripted.err.constData();
    const auto refused = runCli({"inspect", model});
    EXPECT_EQ(refused.exitCode, 2);
    EXPECT_EQ(refused.err.trimmed(), "mfcc.pt: the model does not say its input size; give --input C,H,W or C,L (its "
                                     "first layer suggests 13,74).");
    const auto result = runCli({"inspect", model, "--input", "13,74"});
    ASSERT_EQ(result.exitCode, 0) << result.err.constData();
    EXPECT_EQ(QJsonDocument::fromJson(result.out).object()["total_params"].toInteger(), 13*16*3 + 16 + 592 * 10 + 10);
}

TEST(CliPythonCode, ASpokenDigitTorchScriptModelIsEvaluatedWithItsWeights)
{
    if (convscope::test::runProgram("/usr/bin/python3", {"-c", "import torch"}).exitCode != 0)
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    const QString recordings = convscope::test::sharedDir() + "/fsdd/recordings";
    if (!QFile::exists(recordings + "/0_george_0.wav"))
        GTEST_SKIP() << "no FSDD recordings in " << recordings.toStdString();
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const auto traced = convscope::test::runProgram(
        "/usr/bin/python3", {"-W", "ignore", "-c",
                             "import sys, torch\nfrom torch import nn\ntorch.manual_seed(1)\n"
                             "net = nn.Sequential(nn.Conv1d(1, 4, 9, stride=4), nn.ReLU(), nn.AdaptiveAvgPool1d(8), "
                             "nn.Flatten(), nn.Linear(32, 10)).eval()\n"
                             "torch.jit.trace(net, torch.zeros(1, 1, 6000)).save(sys.argv[1] + '/raw.pt')\n"
                             "torch.jit.trace(net[:3], torch.zeros(1, 1, 6000)).save(sys.argv[1] + '/body.pt')\n",
                             dir.path()});
    ASSERT_EQ(traced.exitCode, 0) << traced.err.constData();
    QDir folder(dir.filePath("clips"));
    ASSERT_TRUE(folder.mkpath("."));
    for (const char *clip : {"0_george_0.wav", "1_jackson_1.wav", "7_theo_3.wav"})
        ASSERT_TRUE(QFile::copy(recordings + "/" + clip, folder.filePath(clip)));
    const auto result = runCli({"evaluate", "--model", dir.filePath("raw.pt"), "--data", folder.path()});
    ASSERT_EQ(result.exitCode, 0) << result.err.constData();
    const QJsonObject evaluation = QJsonDocument::fromJson(result.out).object();
    EXPECT_EQ(evaluation["count"].toInt(), 3);
    EXPECT_EQ(evaluation["confusion"].toArray().size(), 10);
    const auto refused = runCli({"evaluate", "--model", dir.filePath("body.pt"), "--data", folder.path()});
    EXPECT_NE(refused.exitCode, 0);
    EXPECT_TRUE(refused.err.contains("body.pt: is not a spoken-digit network")) << refused.err.constData();
}

// A traced spoken-digit model answers `predict` and shows `activations` as Python PyTorch runs it: every layer from
// ConvScope's prepared input, and the probabilities of its output.
TEST(CliPythonCode, ATorchScriptModelsPredictionAndActivationsAreTorchs)
{
    if (convscope::test::runProgram("/usr/bin/python3", {"-c", "import torch"}).exitCode != 0)
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    const QString clip = convscope::test::sharedDir() + "/fsdd/recordings/7_theo_3.wav";
    if (!QFile::exists(clip))
        GTEST_SKIP() << "no FSDD recording " << clip.toStdString();
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const char *net = "import sys, torch\nfrom torch import nn\ntorch.manual_seed(3)\n"
                      "net = nn.Sequential(nn.Conv1d(13, 8, 3, padding=1), nn.BatchNorm1d(8, eps=1e-3), nn.ReLU(), "
                      "nn.AvgPool1d(2), nn.Flatten(), nn.Linear(8 * 37, 10)).eval()\n"
                      "with torch.no_grad():\n    net[1].running_var.uniform_(0.5, 2.0)\n";
    const auto traced = convscope::test::runProgram(
        "/usr/bin/python3", {"-W", "ignore", "-c", QString(net) + "torch.jit.trace(net, torch.zeros(1, 13, 74)).save(sys.argv[1])",
                             dir.filePath("mfcc.pt")});
    ASSERT_EQ(traced.exitCode, 0) << traced.err.constData();
    const auto predicted = runCli({"predict", "--model", dir.filePath("mfcc.pt"), clip});
    ASSERT_EQ(predicted.exitCode, 0) << predicted.err.constData();
    const auto activations = runCli({"activations", "--model", dir.filePath("mfcc.pt"), clip});
    ASSERT_EQ(activations.exitCode, 0) << activations.err.constData();
    QFile saved(dir.filePath("activations.json"));
    ASSERT_TRUE(saved.open(QIODevice::WriteOnly));
    saved.write(activations.out);
    saved.close();
    const char *check = R"(
import json
net.load_state_dict(torch.jit.load(sys.argv[1]).state_dict())
layers = json.load(open(sys.argv[2]))['layers']
def tensor(layer):
    return torch.tensor(layer['values'], dtype=torch.float32).reshape([1] + layer['shape'])
worst = 0.0
with torch.no_grad():
    for i, module in enumerate(net):
        out, expected = module(tensor(layers[i])), tensor(layers[i + 1])
        assert list(out.shape) == list(expected.shape), (i, out.shape, expected.shape)
        worst = max(worst, float((out - expected).abs().max() / (expected.abs().max() + 1e-6)))
    p = torch.softmax(net(tensor(layers[0])), 1).flatten().tolist()
print(len(net), worst < 1e-5, ' '.join('%.6f' % x for x in p))
)";
    const auto python = convscope::test::runProgram(
        "/usr/bin/python3", {"-W", "ignore", "-c", QString(net) + check, dir.filePath("mfcc.pt"), saved.fileName()});
    ASSERT_EQ(python.exitCode, 0) << python.err.constData();
    const QStringList words = QString(python.out).split(' ', Qt::SkipEmptyParts);
    ASSERT_EQ(words.size(), 12) << python.out.constData();
    EXPECT_EQ(words[0], "6");
    EXPECT_EQ(words[1], "True") << "a layer differs from torch's by more than 1e-5 of its largest value";
    const QJsonArray probabilities = QJsonDocument::fromJson(predicted.out).object()["probabilities"].toArray();
    ASSERT_EQ(probabilities.size(), 10) << predicted.out.constData();
    for (int d = 0; d < 10; ++d)
        EXPECT_NEAR(probabilities[d].toDouble(), words[2 + d].toDouble(), 2e-6) << "digit " << d;
}
