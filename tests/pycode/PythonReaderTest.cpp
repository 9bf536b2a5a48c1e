// The Python reader on the code ConvScope writes, on the assignment's networks as a student writes them, on the
// notebook reference, and on everything it must refuse.
#include "network/NetworkAnalysis.h"
#include "network/PresetLibrary.h"
#include "network/PythonCode.h"
#include "pycode/PythonNetworkReader.h"
#include "RandomNetworks.h"
#include "TestPaths.h"

#include <QDir>
#include <QFile>

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using namespace convscope;

namespace {

/// What the generated code says: the analysed network (auto sizes resolved) without its description.
NetworkSpec asWritten(const NetworkSpec &spec)
{
    const NetworkAnalysis analysis = analyzeNetwork(spec);
    NetworkSpec shown = analysis.ok() ? analysis.resolvedSpec(spec) : spec;
    shown.description.clear();
    return shown;
}

/// The code writes any dims other than 1 as 2-D (a random network may hold 0 or 3).
void asCodeDims(std::vector<LayerSpec> &layers)
{
    for (auto &layer : layers) {
        layer.dims = layer.dims == 1 ? 1 : 2;
        for (auto &branch : layer.branches)
            asCodeDims(branch);
        asCodeDims(layer.after);
    }
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

TEST(PythonReader, EveryPresetsCodeReadsBackTheSame)
{
    const PresetLibrary presets;
    for (const auto &id : presets.ids()) {
        const NetworkSpec expected = asWritten(*presets.find(id));
        const std::string code = toPyTorchCode(expected);
        const PythonNetworkRead read = readPythonNetwork(code);
        ASSERT_TRUE(read.spec) << id << ": " << read.error;
        EXPECT_TRUE(read.inputInCode) << id;
        EXPECT_EQ(*read.spec, expected) << id;
        EXPECT_EQ(toPyTorchCode(*read.spec), code) << id;
    }
}

TEST(PythonReader, RandomNetworksReadBackTheSame)
{
    std::mt19937 random(33);
    for (int i = 0; i < 300; ++i) {
        NetworkSpec spec = asWritten(i % 2 ? test::randomValidNetwork(random) : test::randomAnyNetwork(random));
        asCodeDims(spec.layers);
        const std::string code = toPyTorchCode(spec);
        const PythonNetworkRead read = readPythonNetwork(code);
        if (spec.layers.empty()) {
            EXPECT_FALSE(read.spec);
            continue;
        }
        ASSERT_TRUE(read.spec) << i << ": " << read.error << "\n" << code;
        EXPECT_EQ(read.spec->layers, spec.layers) << i << "\n" << code;
        EXPECT_EQ(toPyTorchCode(*read.spec), code) << i;
    }
}

// Each cell under data/ is written as a student writes it; one named after a preset must give that preset's layers.
TEST(PythonReader, NotebookCellsGiveTheAssignmentsNetworks)
{
    const PresetLibrary presets;
    const QDir dir(test::testDataFile("pycode/data"));
    const QStringList cells = dir.entryList({"*.py"}, QDir::Files);
    ASSERT_GE(cells.size(), 20);
    int matched = 0;
    for (const QString &cell : cells) {
        const PythonNetworkRead read = loadPythonNetworkFile(dir.filePath(cell));
        ASSERT_TRUE(read.spec) << read.error;
        EXPECT_TRUE(analyzeNetwork(*read.spec).ok()) << cell.toStdString();
        if (const NetworkSpec *preset = presets.find(QFileInfo(cell).completeBaseName().toStdString())) {
            const NetworkSpec expected = asWritten(*preset);
            EXPECT_EQ(read.spec->layers, expected.layers) << cell.toStdString();
            if (read.inputInCode) {
                EXPECT_EQ(read.spec->input, expected.input) << cell.toStdString();
            }
            ++matched;
        }
    }
    EXPECT_EQ(matched, 20);
}

TEST(PythonReader, InputComesFromTheCodeOrTheFirstLayer)
{
    const PythonNetworkRead lenet = loadPythonNetworkFile(test::testDataFile("pycode/data/lenet.py"));
    ASSERT_TRUE(lenet.spec) << lenet.error;
    EXPECT_TRUE(lenet.inputInCode);
    EXPECT_EQ(lenet.spec->input, (Shape{1, 28, 28}));
    EXPECT_EQ(lenet.spec->name, "lenet");  // no comment just above net =: the file's name
    const PythonNetworkRead named = readPythonNetwork("from torch import nn\n#  My first net\nnet = nn.Sequential(nn.ReLU())\n");
    ASSERT_TRUE(named.spec);
    EXPECT_EQ(named.spec->name, "My first net");
    const PythonNetworkRead dropout = loadPythonNetworkFile(test::testDataFile("pycode/data/dropout.py"));
    ASSERT_TRUE(dropout.spec) << dropout.error;
    EXPECT_FALSE(dropout.inputInCode);
    EXPECT_EQ(dropout.spec->input, (Shape{1, 6000}));
    EXPECT_EQ(dropout.spec->name, "dropout");
    // LeNet's Linear(400) fixes the image: 28×28 is the first size it accepts after the usual ones.
    const PythonNetworkRead noInput = readPythonNetwork(
        "from torch import nn\nnet = nn.Sequential(nn.Conv2d(1, 6, 5), nn.AvgPool2d(2), nn.Flatten(), nn.Linear(6 * 14 * 14, 10))\n");
    ASSERT_TRUE(noInput.spec) << noInput.error;
    EXPECT_EQ(noInput.spec->input, (Shape{1, 32, 32}));
    EXPECT_EQ(suggestInputShape({LayerSpec::conv(1, 13, 16, 3)}), (Shape{13, 74}));
    EXPECT_EQ(suggestInputShape({LayerSpec::conv(2, 3, 16, 3)}), (Shape{3, 224, 224}));
    EXPECT_EQ(suggestInputShape({LayerSpec::relu()}), Shape{});
}

namespace {

/// suggestInputShape as it was: every usual size, then every length up to 20000 (squares up to 1024), each through
/// the whole network's analysis, the first accepted; else the first usual one.
Shape suggestedByScanning(const std::vector<LayerSpec> &layers, const Shape &anyAnswer)
{
    if (anyAnswer.size() < 2)
        return anyAnswer;  // no spatial axis to search
    const std::int64_t channels = anyAnswer[0];
    const bool oneD = anyAnswer.size() == 2;
    std::vector<Shape> candidates = oneD ? std::vector<Shape>{{channels, channels == 13 ? 74 : 6000}, {channels, channels == 13 ? 6000 : 74}}
                                         : std::vector<Shape>{{channels, channels == 3 ? 224 : 28, channels == 3 ? 224 : 28}, {channels, 32, 32}};
    for (std::int64_t size = 1; size <= (oneD ? 20000 : 1024); ++size)
        candidates.push_back(oneD ? Shape{channels, size} : Shape{channels, size, size});
    for (const Shape &candidate : candidates)
        if (analyzeNetwork(NetworkSpec{"", "", candidate, layers}).ok())
            return candidate;
    return candidates.front();
}

}  // namespace

TEST(PythonReader, SuggestedInputIsTheOneTheFullScanGives)
{
    std::vector<std::vector<LayerSpec>> networks;
    const PresetLibrary presets;
    for (const std::string &id : presets.ids())
        networks.push_back(presets.find(id)->layers);
    // Pasted cells: a Linear no length fits, one that fixes a length far from the usual ones, an image whose Linear
    // fits no square, LeNet without its input, residual blocks whose even kernel fits every other length only.
    for (const char *cell : {
             "from torch import nn\nnet = nn.Sequential(nn.Conv1d(1, 4, 5), nn.Flatten(), nn.Linear(7, 10))\n",
             "from torch import nn\nnet = nn.Sequential(nn.Conv1d(2, 4, 5), nn.ReLU(), nn.AvgPool1d(2), nn.Conv1d(4, 8, 5), "
             "nn.ReLU(), nn.AvgPool1d(2), nn.Flatten(), nn.Linear(8 * 1000, 10))\n",
             "from torch import nn\nnet = nn.Sequential(nn.Conv2d(3, 8, 3), nn.Flatten(), nn.Linear(5, 10))\n",
             "from torch import nn\nnet = nn.Sequential(nn.Conv2d(1, 6, 5), nn.AvgPool2d(2), nn.Flatten(), nn.Linear(6 * 14 * 14, 10))\n",
             "from torch import nn\nnet = nn.Sequential(nn.Conv1d(5, 8, 4, stride=3), nn.Conv1d(8, 8, 2, stride=2), nn.Flatten(), "
             "nn.Linear(8 * 700, 10))\n"}) {
        const PythonNetworkRead read = readPythonNetwork(cell);
        ASSERT_TRUE(read.spec) << read.error;
        networks.push_back(read.spec->layers);
    }
    for (const std::string id : {"resnet", "resnet18"}) {  // residual blocks whose shapes agree at some sizes only
        std::vector<LayerSpec> layers = presets.find(id)->layers;
        for (LayerSpec &layer : layers)
            for (auto &branch : layer.branches)
                for (LayerSpec &inner : branch)
                    if (inner.kind == LayerKind::Conv)
                        inner.kernel = {4, 4};
        networks.push_back(layers);
    }
    // plain and those residual blocks with a first Linear that fixes the length (the scan leaps over the lengths
    // that give it too few features).
    for (std::vector<LayerSpec> layers : {presets.find("plain")->layers, networks[networks.size() - 2]}) {
        const auto linear = std::find_if(layers.begin(), layers.end(),
                                         [](const LayerSpec &layer) { return layer.kind == LayerKind::Linear; });
        ASSERT_NE(linear, layers.end());
        linear->inFeatures = 32 * 1000;
        networks.push_back(layers);
    }
    for (const auto &layers : networks) {
        const Shape suggested = suggestInputShape(layers);
        EXPECT_EQ(suggested, suggestedByScanning(layers, suggested))
            << "network of " << layers.size() << " layers starting " << layers.front().label();
    }
}

namespace {

/// The reference's source with one network assigned to net.
std::string referenceCell(const std::string &model)
{
    const QByteArray source = readFile(test::sharedDir() + "/reference/notebook_reference.py");
    return source.toStdString() + "\nnet = MODELS['" + model + "'][0]()\n";
}

}  // namespace

TEST(PythonReader, TheNotebookReferencesNetworksAreThePresets)
{
    if (!QFile::exists(test::sharedDir() + "/reference/notebook_reference.py"))
        GTEST_SKIP() << "the notebook reference is not in ../shared/reference";
    const PresetLibrary presets;
    for (const char *model : {"plain", "dropout", "batchnorm", "resnet", "mfcc"}) {
        const PythonNetworkRead read = readPythonNetwork(referenceCell(model));
        ASSERT_TRUE(read.spec) << model << ": " << read.error;
        EXPECT_EQ(read.spec->layers, asWritten(*presets.find(model)).layers) << model;
    }
}

TEST(PythonReader, CyclesDeepNestingAndLongLoopsEndCleanly)
{
    // A list holding itself, a function's scope holding the function (both would leak), and a chain nested 300000
    // deep (destroying it recursively would exhaust the stack).
    const PythonNetworkRead cycles = readPythonNetwork(
        "from torch import nn\nl = []\nl.append(l)\nd = {}\nd['d'] = d\ndef build_net():\n    return nn.Sequential(nn.ReLU())\n");
    EXPECT_TRUE(cycles.spec) << cycles.error;
    const PythonNetworkRead deep = readPythonNetwork(
        "from torch import nn\na = []\nfor i in range(300000):\n    a = [a]\na = None\nnet = nn.Sequential(nn.ReLU())\n");
    EXPECT_TRUE(deep.spec) << deep.error;
    const PythonNetworkRead endless = readPythonNetwork(
        "from torch import nn\nl = [1] * 10000\nfor i in range(10000):\n    l = l + l[:1]\nnet = nn.Sequential(nn.Linear(len(l), 2))\n");
    ASSERT_FALSE(endless.spec);
    EXPECT_NE(endless.error.find("runs too long"), std::string::npos) << endless.error;
}

struct ErrorCase {
    const char *code;
    int line;
    const char *says;
};

TEST(PythonReader, WhatItCannotReadNamesTheLine)
{
    const ErrorCase cases[] = {
        {"import torch\nfrom torch import nn\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
         "        self.fc = nn.Linear(4, 2)\n    def forward(self, x):\n        return self.fc(x)\n\nnet = Net()\n",
         11, "class with its own forward (line 4)"},
        {"from torch import nn\nnet = nn.Sequential(\n    nn.Conv2d(1, 4, 3),\n    nn.LSTM(4, 8),\n)\n", 4,
         "nn.LSTM is a layer kind ConvScope does not have"},
        {"from torch import nn\nnet = nn.Sequential(nn.Linear(4, 2), nn.Softmax(dim=1))\n", 2, "CrossEntropyLoss"},
        {"from torch import nn\nlayers = []\ni = 0\nwhile i < 3:\n    layers.append(nn.ReLU())\n    i += 1\n"
         "net = nn.Sequential(*layers)\n", 4, "while loop"},
        {"from torch import nn\nnet = nn.Sequential(nn.Conv2d(1, 2))\n", 2, "needs kernel_size"},
        {"from torch import nn\nnet = nn.Sequential(nn.Conv2d(1, 2, 3, padding_mode='reflect'))\n", 2, "pads with zeros"},
        {"from torch import nn\nnet = nn.Sequential(nn.BatchNorm2d(4, affine=False))\n", 2, "affine"},
        {"from torch import nn\nnet = nn.Sequential(nn.Conv2d(1, 2, kernel=3))\n", 2, "has no argument kernel"},
        {"from torch import nn\nnet = nn.Sequential(nn.Conv2d(1, 2, 3),\n    nn.ReLU()\n", 2, "never closed"},
        {"from torch import nn\nnet = nn.Sequential(nn.Conv2d(1, 2, 3) nn.ReLU())\n", 2, "expected ')'"},
        {"import numpy as np\nfrom torch import nn\nc = np.load('channels.npy')\nnet = nn.Sequential(nn.Conv2d(1, c, 3))\n", 3,
         "numpy.load(...) is not something ConvScope's reader runs"},
        {"from torch import nn\nnet = nn.Sequential(nn.Conv2d(1, width, 3))\n", 2, "width is not defined"},
        {"from torch import nn\nx = nn.Sequential(nn.ReLU())\n", 0, "no network found"},
        {"from torch import nn\nnet = nn.Sequential()\n", 2, "no layers"},
        {"from torch import nn\nnet = nn.Sequential(nn.ReLU())\nnet.append(nn.Foo())\n", 3, "nn.Foo is a layer kind"},
        {"from torch import nn\nnet = nn.Sequential(nn.ReLU(), 3)\n", 2, "argument 2 is a int"},
        {"from torch import nn\nnet = nn.Sequential(nn.Flatten(0))\n", 2, "start_dim=1"},
        {"from torch import nn\nnet = nn.Sequential(nn.ConstantPad2d(1, float('-inf')))\n", 2, "pads with -inf"},
        {"from torch import nn\nnet = nn.Sequential(nn.Linear(2 ** 70, 3))\n", 2, "too large"},
        {"from torch import nn\ndef f(n):\n    return f(n + 1)\nnet = nn.Sequential(nn.Linear(f(1), 3))\n", 3, "too deeply"},
        {"from torch import nn\nnet = nn.Sequential(\n\tnn.ReLU(),\n    nn.ReLU(), $)\n", 4, "'$' is not Python"},
    };
    for (const auto &c : cases) {
        const PythonNetworkRead read = readPythonNetwork(c.code);
        ASSERT_FALSE(read.spec) << c.code;
        EXPECT_EQ(read.line, c.line) << read.error << "\n" << c.code;
        EXPECT_NE(read.error.find(c.says), std::string::npos) << read.error << "\n" << c.code;
        if (c.line > 0) {
            EXPECT_EQ(read.error.rfind("line " + std::to_string(c.line) + ", column ", 0), 0u) << read.error;
        }
    }
}

// A cell may set eps, as torchvision's GoogLeNet does (0.001); the code written back says it again.
TEST(PythonReader, BatchNormEpsIsRead)
{
    const PythonNetworkRead read = readPythonNetwork(
        "import torch.nn as nn\nnet = nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4, eps=1e-3), nn.ReLU())\n");
    ASSERT_TRUE(read.spec) << read.error;
    EXPECT_DOUBLE_EQ(read.spec->layers[1].eps, 0.001);
    const std::string code = toPyTorchCode(*read.spec);
    EXPECT_NE(code.find("nn.BatchNorm2d(4, eps=0.001)"), std::string::npos) << code;
    EXPECT_EQ(readPythonNetwork(code).spec->layers, read.spec->layers);
    const PythonNetworkRead bad = readPythonNetwork("import torch.nn as nn\nnet = nn.Sequential(nn.BatchNorm1d(4, eps='x'))\n");
    EXPECT_FALSE(bad.spec);
    EXPECT_NE(bad.error.find("eps must be a finite number"), std::string::npos) << bad.error;
}
