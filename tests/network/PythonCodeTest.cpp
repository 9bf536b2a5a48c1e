// The generated PyTorch code, run by Python PyTorch itself: it must build the same network.
#include "network/AssignmentResidual.h"
#include "network/NetworkAnalysis.h"
#include "network/PresetLibrary.h"
#include "network/PythonCode.h"
#include "RandomNetworks.h"
#include "TestPaths.h"

#include <QFile>
#include <QString>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <random>
#include <utility>
#include <vector>

using namespace convscope;

namespace {

bool pythonTorchAvailable()
{
    return test::runProgram("/usr/bin/python3", {"-c", "import torch"}).exitCode == 0;
}

/// Writes each network's code to its own file, runs them all in one Python process (starting torch costs
/// seconds) and compares Python's parameter count and output shape with the analysis.
void expectPythonBuildsTheSame(const std::vector<std::pair<std::string, NetworkSpec>> &networks)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    std::string expected;
    std::string runner = "import sys\n";
    for (const auto &[id, spec] : networks) {
        QFile file(dir.filePath(QString::fromStdString(id) + ".py"));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(QByteArray::fromStdString(toPyTorchCode(spec)));
        const NetworkAnalysis analysis = analyzeNetwork(spec);
        expected += id + " " + std::to_string(analysis.totalParameters) + " [";
        const Shape output = analysis.shapes().back();
        for (std::size_t i = 0; i < output.size(); ++i)
            expected += (i ? ", " : "") + std::to_string(output[i]);
        expected += "]\n";
        runner += "ns = {}\nexec(open(sys.argv[1] + '/" + id + ".py').read(), ns)\nnet, x = ns['net'], ns['x']\n"
                  "net.eval()\nprint('" + id + "', sum(p.numel() for p in net.parameters()), list(net(x).shape[1:]))\n";
    }
    const auto result = test::runProgram("/usr/bin/python3", {"-", dir.path()}, QByteArray::fromStdString(runner));
    ASSERT_EQ(result.exitCode, 0) << result.err.constData();
    EXPECT_EQ(result.out.toStdString(), expected);
}

}  // namespace

TEST(PythonCode, ReadsLikeANotebookCell)
{
    const PresetLibrary presets;
    const std::string code = toPyTorchCode(*presets.find("3.1g"));
    EXPECT_EQ(code, "import torch\nfrom torch import nn\n\n# 3.1(g) 5×5 convolution, 2→3 channels\n"
                    "net = nn.Sequential(\n    nn.Conv2d(2, 3, kernel_size=(5, 5)),\n)\n"
                    "x = torch.zeros(1, 2, 15, 15)  # a batch of one input\n");
}

TEST(PythonCode, EveryPresetRunsInPythonWithTheSameShapesAndCounts)
{
    if (!pythonTorchAvailable())
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    const PresetLibrary presets;
    std::vector<std::pair<std::string, NetworkSpec>> networks;
    for (const auto &id : presets.ids())
        networks.emplace_back(id, *presets.find(id));
    expectPythonBuildsTheSame(networks);
}

TEST(PythonCode, RandomNetworksWithEveryLayerKindRunInPython)
{
    if (!pythonTorchAvailable())
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    std::mt19937 random(2024);
    std::vector<std::pair<std::string, NetworkSpec>> networks;
    for (int i = 0; i < 60; ++i)
        networks.emplace_back("random" + std::to_string(i), test::randomValidNetwork(random));
    expectPythonBuildsTheSame(networks);
}

TEST(PythonCode, RealNetworkPresetsMatchTorchvisionExactly)
{
    if (test::runProgram("/usr/bin/python3", {"-c", "import torchvision"}).exitCode != 0)
        GTEST_SKIP() << "python3-torchvision is not installed (.ci/run installs it)";
    // torchvision builds each network; hooks count the multiply-accumulates of its convolutions and linear layers
    // on one 3×224×224 image, by the same convention as ours.
    const char *script = R"(import torch, torchvision.models as m
def macs(net):
    total = [0]
    def hook(module, inputs, output):
        w = module.weight
        total[0] += output.numel() * (w.numel() // w.shape[0]) if isinstance(module, torch.nn.Conv2d) else w.numel()
    for module in net.modules():
        if isinstance(module, (torch.nn.Conv2d, torch.nn.Linear)):
            module.register_forward_hook(hook)
    net.eval()
    with torch.no_grad():
        out = net(torch.zeros(1, 3, 224, 224))
    return total[0], list(out.shape[1:])
nets = {'alexnet': m.alexnet(), 'vgg16': m.vgg16(), 'resnet18': m.resnet18(), 'resnet50': m.resnet50(),
        'mobilenet_v2': m.mobilenet_v2(), 'googlenet': m.googlenet(aux_logits=False, init_weights=False)}
for name, net in nets.items():
    count, shape = macs(net)
    print(name, sum(p.numel() for p in net.parameters()), count, shape)
)";
    const auto result = test::runProgram("/usr/bin/python3", {"-W", "ignore", "-"}, QByteArray(script));
    ASSERT_EQ(result.exitCode, 0) << result.err.constData();
    const PresetLibrary presets;
    std::string expected;
    for (const char *id : {"alexnet", "vgg16", "resnet18", "resnet50", "mobilenet_v2", "googlenet"}) {
        const NetworkAnalysis analysis = analyzeNetwork(*presets.find(id));
        ASSERT_TRUE(analysis.ok()) << id << ": " << analysis.allIssues().front().text();
        expected += std::string(id) + " " + std::to_string(analysis.totalParameters) + " "
                    + std::to_string(analysis.totalMacs) + " [1000]\n";
    }
    EXPECT_EQ(result.out.toStdString(), expected);
}

// The assignment's residual block keeps its class; a 2-D one with a non-square kernel, which the class cannot pad,
// is spelled out as a Block. Both run in Python with the same shapes and counts.
TEST(PythonCode, AssignmentResidualKeepsItsClass)
{
    AssignmentResidual square;
    square.dims = 2;
    square.inChannels = 2;
    square.outChannels = 4;
    AssignmentResidual wide = square;
    wide.kernel = {3, 5};
    NetworkSpec squareNet, wideNet;
    squareNet.input = wideNet.input = {2, 12, 12};
    squareNet.layers = {square.block()};
    wideNet.layers = {wide.block()};
    const std::string squareCode = toPyTorchCode(squareNet), wideCode = toPyTorchCode(wideNet);
    EXPECT_NE(squareCode.find("Residual(2, 4, 3, conv=nn.Conv2d, norm=nn.BatchNorm2d)"), std::string::npos) << squareCode;
    EXPECT_EQ(squareCode.find("class Block"), std::string::npos) << squareCode;
    EXPECT_EQ(wideCode.find("class Residual"), std::string::npos) << wideCode;
    EXPECT_NE(wideCode.find("Block(["), std::string::npos) << wideCode;
    if (!pythonTorchAvailable())
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    const PresetLibrary presets;
    expectPythonBuildsTheSame({{"resnet", *presets.find("resnet")}, {"square", squareNet}, {"wide", wideNet}});
}
