// The generated PyTorch code, run by Python PyTorch itself: it must build the same network.
#include "network/NetworkAnalysis.h"
#include "network/PresetLibrary.h"
#include "network/PythonCode.h"
#include "TestPaths.h"

#include <QString>

#include <gtest/gtest.h>

using namespace convscope;

namespace {

bool pythonTorchAvailable()
{
    return test::runProgram("/usr/bin/python3", {"-c", "import torch"}).exitCode == 0;
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
    for (const auto &id : presets.ids()) {
        const NetworkSpec &spec = *presets.find(id);
        const std::string script = toPyTorchCode(spec)
                                   + "net.eval()\nprint(sum(p.numel() for p in net.parameters()))\n"
                                     "print(list(net(x).shape[1:]))\n";
        const auto result = test::runProgram("/usr/bin/python3", {"-"}, QByteArray::fromStdString(script));
        ASSERT_EQ(result.exitCode, 0) << id << "\n" << script << "\n" << result.err.constData();
        const NetworkAnalysis analysis = analyzeNetwork(spec);
        std::string expectedShape = "[";
        for (std::size_t i = 0; i < analysis.shapes().back().size(); ++i)
            expectedShape += (i ? ", " : "") + std::to_string(analysis.shapes().back()[i]);
        expectedShape += "]";
        EXPECT_EQ(result.out.toStdString(), std::to_string(analysis.totalParameters) + "\n" + expectedShape + "\n")
            << id;
    }
}
