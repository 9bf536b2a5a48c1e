// The generated PyTorch code, run by Python PyTorch itself: it must build the same network.
#include "network/NetworkAnalysis.h"
#include "network/PresetLibrary.h"
#include "network/PythonCode.h"
#include "TestPaths.h"

#include <QFile>
#include <QString>
#include <QTemporaryDir>

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
    // One Python process runs every preset's code from its own file (starting torch costs seconds).
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const PresetLibrary presets;
    std::string expected;
    for (const auto &id : presets.ids()) {
        QFile file(dir.filePath(QString::fromStdString(id) + ".py"));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(QByteArray::fromStdString(toPyTorchCode(*presets.find(id))));
        const NetworkAnalysis analysis = analyzeNetwork(*presets.find(id));
        expected += id + " " + std::to_string(analysis.totalParameters) + " [";
        const Shape output = analysis.shapes().back();
        for (std::size_t i = 0; i < output.size(); ++i)
            expected += (i ? ", " : "") + std::to_string(output[i]);
        expected += "]\n";
    }
    std::string runner = "import sys\n";
    for (const auto &id : presets.ids())
        runner += "ns = {}\nexec(open(sys.argv[1] + '/" + id + ".py').read(), ns)\nnet, x = ns['net'], ns['x']\n"
                  "net.eval()\nprint('" + id + "', sum(p.numel() for p in net.parameters()), list(net(x).shape[1:]))\n";
    const auto result = test::runProgram("/usr/bin/python3", {"-", dir.path()}, QByteArray::fromStdString(runner));
    ASSERT_EQ(result.exitCode, 0) << result.err.constData();
    EXPECT_EQ(result.out.toStdString(), expected);
}
