// TorchScript in: Python PyTorch scripts Sequential models within the test; ConvScope reads each to the network
// the same code gives the Python reader, with the parameters torch counts, and names what it cannot read.
#include "network/NetworkAnalysis.h"
#include "pycode/PythonNetworkReader.h"
#include "pycode/TorchScriptNetwork.h"
#include "TestPaths.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace convscope;

namespace {

struct Scripted {
    const char *name;
    const char *code;  ///< defines net
};

const Scripted kModels[] = {
    {"lenet", "net = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.Sigmoid(), nn.AvgPool2d(2, 2), nn.Conv2d(6, 16, 5),"
              " nn.Sigmoid(), nn.AvgPool2d(2, 2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 10))"},
    {"strided", "net = nn.Sequential(nn.Conv2d(3, 8, (3, 5), stride=2, padding=(1, 2), bias=False), nn.BatchNorm2d(8),"
                " nn.LeakyReLU(0.2), nn.MaxPool2d(3, 2, ceil_mode=True), nn.Conv2d(8, 8, 3, groups=8, dilation=2),"
                " nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.25), nn.Linear(8, 4))"},
    {"mfcc", "net = nn.Sequential(nn.Sequential(nn.Conv1d(13, 16, 3, padding=1), nn.ReLU(), nn.AvgPool1d(2, 2)),"
             " nn.Conv1d(16, 32, 3, padding=1), nn.ReLU6(), nn.AvgPool1d(2, 2), nn.Flatten(), nn.Linear(576, 10))"},
};

}  // namespace

TEST(TorchScriptNetwork, ScriptedSequentialModelsReadAsTheirCode)
{
    if (test::runProgram("/usr/bin/python3", {"-c", "import torch"}).exitCode != 0)
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    std::string script = "import sys, torch\nfrom torch import nn\n";
    for (const auto &model : kModels)
        script += std::string(model.code) + "\ntorch.jit.script(net).save(sys.argv[1] + '/" + model.name + ".pt')\n"
                  "print(sum(p.numel() for p in net.parameters()))\n";
    script += "torch.jit.script(nn.Sequential(nn.Linear(4, 4), nn.LSTM(4, 4))).save(sys.argv[1] + '/lstm.pt')\n"
              "torch.jit.script(nn.Linear(4, 2)).save(sys.argv[1] + '/linear.pt')\n";
    const auto result = test::runProgram("/usr/bin/python3", {"-W", "ignore", "-", dir.path()}, QByteArray::fromStdString(script));
    ASSERT_EQ(result.exitCode, 0) << result.err.constData();
    const QList<QByteArray> counts = result.out.trimmed().split('\n');
    ASSERT_EQ(counts.size(), 3);
    for (int i = 0; i < 3; ++i) {
        const PythonNetworkRead read = loadTorchScriptNetwork(dir.filePath(QString(kModels[i].name) + ".pt"));
        ASSERT_TRUE(read.spec) << read.error;
        const PythonNetworkRead code = readPythonNetwork(std::string("from torch import nn\n") + kModels[i].code + "\n");
        ASSERT_TRUE(code.spec) << code.error;
        EXPECT_EQ(read.spec->layers, code.spec->layers) << kModels[i].name;
        EXPECT_EQ(read.spec->name, kModels[i].name);
        EXPECT_FALSE(read.inputInCode);
        const NetworkAnalysis analysis = analyzeNetwork(*read.spec);
        ASSERT_TRUE(analysis.ok()) << kModels[i].name;
        EXPECT_EQ(analysis.totalParameters, counts[i].toLongLong()) << kModels[i].name;
    }
    const PythonNetworkRead lstm = loadTorchScriptNetwork(dir.filePath("lstm.pt"));
    ASSERT_FALSE(lstm.spec);
    EXPECT_EQ(lstm.error, "lstm.pt: the module 1 (LSTM) is a layer kind ConvScope does not have");
    const PythonNetworkRead linear = loadTorchScriptNetwork(dir.filePath("linear.pt"));
    ASSERT_FALSE(linear.spec);
    EXPECT_NE(linear.error.find("not an nn.Sequential"), std::string::npos) << linear.error;
    const PythonNetworkRead missing = loadTorchScriptNetwork(dir.filePath("missing.pt"));
    EXPECT_NE(missing.error.find("missing.pt: LibTorch cannot read it"), std::string::npos) << missing.error;
}
