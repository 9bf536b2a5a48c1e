// TorchScript in: Python PyTorch scripts and traces models within the test; ConvScope reads each to the network the
// same code gives (the presets' own networks), with the parameters torch counts, its weights giving torch's output
// for a fixed input, and names what it cannot read.
#include "network/AssignmentResidual.h"
#include "network/NetworkAnalysis.h"
#include "network/PresetLibrary.h"
#include "network/PythonCode.h"
#include "network/TorchNetworkBuilder.h"
#include "pycode/PythonNetworkReader.h"
#include "pycode/TorchScriptNetwork.h"
#include "train/PythonWeights.h"
#include "train/TrainedModel.h"
#include "train/TrainingConfig.h"
#include "TestPaths.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <sstream>

using namespace convscope;

namespace {

/// load(): a Python file as a module named after it (torch.jit.script names classes after their module); save():
/// saves `net` scripted (NAME-script.pt) and traced (NAME-trace.pt) in eval mode, with batch-norm statistics that are
/// not the initial ones, and prints its parameter count and its output for the fixed input.
constexpr const char *kSave = R"(import importlib.util, sys, torch
from torch import nn
from torch.nn import functional as F
out = sys.argv[1]
def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
def fixed(shape):
    n = 1
    for s in shape:
        n *= s
    return torch.sin(torch.arange(n, dtype=torch.float32) * 0.37).reshape(1, *shape)
def save(name, net, shape):
    torch.manual_seed(7)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
                m.running_mean.uniform_(-0.5, 0.5); m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5); m.bias.uniform_(-0.5, 0.5)
    net.eval()
    torch.jit.script(net).save(out + '/' + name + '-script.pt')
    torch.jit.trace(net, fixed(shape)).save(out + '/' + name + '-trace.pt')
    with torch.no_grad():
        y = net(fixed(shape))
    print(name, sum(p.numel() for p in net.parameters()), ' '.join('%.9g' % v for v in y.flatten().tolist()))
)";

/// What Python printed for one saved model.
struct Saved {
    std::int64_t parameters = 0;
    std::vector<double> output;
};

bool havePythonTorch() { return test::runProgram("/usr/bin/python3", {"-c", "import torch"}).exitCode == 0; }

/// Runs kSave followed by `body` as a file in `dir` (torch.jit.script reads its classes' source), by model name.
std::map<std::string, Saved> runPython(const QTemporaryDir &dir, const std::string &body)
{
    QFile script(dir.filePath("save.py"));
    EXPECT_TRUE(script.open(QIODevice::WriteOnly));
    script.write(QByteArray(kSave) + QByteArray::fromStdString(body));
    script.close();
    const auto result = test::runProgram("/usr/bin/python3", {"-W", "ignore", script.fileName(), dir.path()});
    EXPECT_EQ(result.exitCode, 0) << result.err.constData();
    std::map<std::string, Saved> saved;
    std::istringstream lines(result.out.toStdString());
    for (std::string line; std::getline(lines, line);) {
        std::istringstream words(line);
        std::string name;
        Saved s;
        words >> name >> s.parameters;
        for (double v; words >> v;)
            s.output.push_back(v);
        saved[name] = s;
    }
    return saved;
}

torch::Tensor fixedInput(const Shape &shape)
{
    std::int64_t n = 1;
    std::vector<std::int64_t> sizes{1};
    for (auto s : shape) {
        n *= s;
        sizes.push_back(s);
    }
    return torch::sin(torch::arange(n, torch::kFloat) * 0.37).reshape(sizes);
}

/// The network built from `spec` with the file's weights.
torch::nn::Sequential withWeights(const QString &file, const NetworkSpec &spec)
{
    std::string error;
    std::istringstream bytes(torchScriptWeights(file, spec, &error));
    EXPECT_EQ(error, "");
    torch::nn::Sequential net = buildTorchNetwork(spec);
    torch::serialize::InputArchive archive;
    archive.load_from(bytes);
    net->load(archive);
    net->eval();
    return net;
}

/// Both saved copies of NAME read to `expected`'s layers with torch's parameter count, and their weights give
/// torch's output for the fixed input.
void expectReadsAs(const QTemporaryDir &dir, const std::string &name, const NetworkSpec &expected, const Saved &torchSays)
{
    for (const char *how : {"-script", "-trace"}) {
        const QString file = dir.filePath(QString::fromStdString(name) + how + ".pt");
        PythonNetworkRead read = loadTorchScriptNetwork(file);
        ASSERT_TRUE(read.spec) << read.error;
        EXPECT_EQ(read.spec->layers, expected.layers) << name << how;
        EXPECT_EQ(read.spec->input, suggestInputShape(expected.layers)) << name << how;
        EXPECT_EQ(read.spec->name, name + how);
        EXPECT_FALSE(read.inputInCode);
        read.spec->input = expected.input;  // the input torch was given
        const NetworkAnalysis analysis = analyzeNetwork(*read.spec);
        ASSERT_TRUE(analysis.ok()) << name << how;
        EXPECT_EQ(analysis.totalParameters, torchSays.parameters) << name << how;
        torch::NoGradGuard noGrad;
        const torch::Tensor y = withWeights(file, *read.spec)->forward(fixedInput(read.spec->input)).flatten();
        ASSERT_EQ(y.numel(), static_cast<std::int64_t>(torchSays.output.size())) << name << how;
        for (std::int64_t i = 0; i < y.numel(); ++i)
            EXPECT_NEAR(y[i].item<double>(), torchSays.output[static_cast<std::size_t>(i)],
                        1e-5 * std::max(1.0, std::abs(torchSays.output[static_cast<std::size_t>(i)])))
                << name << how << " output " << i;
    }
}

/// What the code says: the analysed network, auto sizes resolved.
NetworkSpec resolved(const NetworkSpec &spec)
{
    NetworkSpec out = analyzeNetwork(spec).resolvedSpec(spec);
    out.description.clear();
    return out;
}

}  // namespace

TEST(TorchScriptNetwork, ScriptedAndTracedSequentialsReadAsTheirCode)
{
    if (!havePythonTorch())
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    const std::map<std::string, std::pair<std::string, std::string>> models{  // code, input
        {"lenet", {"nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.Sigmoid(), nn.AvgPool2d(2, 2), nn.Conv2d(6, 16, 5),"
                   " nn.Sigmoid(), nn.AvgPool2d(2, 2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 10))",
                   "[1, 28, 28]"}},
        {"strided", {"nn.Sequential(nn.Conv2d(3, 8, (3, 5), stride=2, padding=(1, 2), bias=False), nn.BatchNorm2d(8),"
                     " nn.LeakyReLU(0.2), nn.MaxPool2d(3, 2, ceil_mode=True), nn.Conv2d(8, 8, 3, groups=8, dilation=2),"
                     " nn.ReLU6(), nn.AvgPool2d(2, count_include_pad=False), nn.Hardswish(), nn.AdaptiveAvgPool2d(1),"
                     " nn.Flatten(), nn.Dropout(0.25), nn.Linear(8, 4), nn.Tanh(), nn.GELU())", "[3, 32, 32]"}},
        {"mfcc", {"nn.Sequential(nn.Sequential(nn.Conv1d(13, 16, 3, padding=1), nn.ReLU(), nn.AvgPool1d(2, 2)),"
                  " nn.Conv1d(16, 32, 3, padding=1), nn.ReLU6(), nn.MaxPool1d(2, 2), nn.AdaptiveMaxPool1d(9), "
                  "nn.Flatten(), nn.Linear(288, 10))", "[13, 74]"}},
    };
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    std::string body;
    for (const auto &[name, model] : models)
        body += "save('" + name + "', " + model.first + ", " + model.second + ")\n";
    const auto saved = runPython(dir, body);
    ASSERT_EQ(saved.size(), models.size());
    for (const auto &[name, model] : models) {
        PythonNetworkRead code = readPythonNetwork("from torch import nn\nnet = " + model.first + "\n");
        ASSERT_TRUE(code.spec) << code.error;
        code.spec->input.clear();
        for (const auto &size : QString::fromStdString(model.second).remove('[').remove(']').split(','))
            code.spec->input.push_back(size.trimmed().toLongLong());
        expectReadsAs(dir, name, *code.spec, saved.at(name));
    }
}

TEST(TorchScriptNetwork, TrainablePresetsReadAsThemselvesWithTheirWeights)
{
    if (!havePythonTorch())
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const PresetLibrary presets;
    std::string body;
    std::map<std::string, NetworkSpec> expected;
    for (const QString &id : trainablePresetIds()) {
        const std::string name = id.toStdString();
        expected[name] = resolved(*presets.find(name));
        QFile code(dir.filePath(id + ".py"));
        ASSERT_TRUE(code.open(QIODevice::WriteOnly));
        code.write(QByteArray::fromStdString(toPyTorchCode(expected[name])));
        code.close();
        std::string shape = "[";
        for (auto s : expected[name].input)
            shape += std::to_string(s) + ",";
        body += "save('" + name + "', load('" + code.fileName().toStdString() + "', '" + name + "').net, " + shape + "])\n";
    }
    const auto saved = runPython(dir, body);
    ASSERT_EQ(saved.size(), expected.size());
    for (const auto &[name, spec] : expected)
        expectReadsAs(dir, name, spec, saved.at(name));
    EXPECT_TRUE(AssignmentResidual::of(expected.at("resnet").layers.front()));
}

TEST(TorchScriptNetwork, AdditionsConcatenationsAndTheAssignmentsResidualBecomeBlocks)
{
    if (!havePythonTorch())
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const auto saved = runPython(dir, R"(
class Residual(nn.Module):  # the assignment's, as a student writes it
    def __init__(self, input_channels, num_channels, k):
        super().__init__()
        self.conv1 = nn.Conv1d(input_channels, num_channels, kernel_size=k, padding=(k - 1) // 2)
        self.conv2 = nn.Conv1d(num_channels, num_channels, kernel_size=k)
        self.conv_x = nn.Conv1d(input_channels, num_channels, kernel_size=k)
        self.bn1 = nn.BatchNorm1d(num_channels)
        self.bn2 = nn.BatchNorm1d(num_channels)
    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        Y += self.conv_x(X)
        return F.relu(Y)
class Paths(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 3, padding=1)
        self.a = nn.Conv2d(3, 2, 1)
        self.b = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU())
    def forward(self, x):
        x = x + self.conv(x)
        return torch.cat([self.a(x), self.b(x), x], 1)
save('residual', nn.Sequential(Residual(1, 4, 5), nn.AvgPool1d(2), Residual(4, 8, 3), nn.Flatten(), nn.Linear(8 * 26, 10)), [1, 60])
save('paths', nn.Sequential(nn.Conv2d(1, 3, 3), Paths(), nn.Flatten(), nn.Linear(9 * 10 * 10, 10)), [1, 12, 12])
)");
    ASSERT_EQ(saved.size(), 2u);
    NetworkSpec residual;
    residual.input = {1, 60};
    residual.layers = {AssignmentResidual{1, 1, 4, {5, 5}}.block(), LayerSpec::pool(LayerKind::AvgPool, 1, 2, 2),
                       AssignmentResidual{1, 4, 8, {3, 3}}.block(), LayerSpec::flatten(), LayerSpec::linear(208, 10)};
    expectReadsAs(dir, "residual", resolved(residual), saved.at("residual"));
    NetworkSpec paths;
    paths.input = {1, 12, 12};
    paths.layers = {LayerSpec::conv(2, 1, 3, 3),
                    LayerSpec::block(BlockMerge::Add, {{LayerSpec::conv(2, 3, 3, 3, 1, 1)}, {}}),  // x + conv(x)
                    LayerSpec::block(BlockMerge::Concat, {{LayerSpec::conv(2, 3, 2, 1)},
                                                          {LayerSpec::conv(2, 3, 4, 3, 1, 1), LayerSpec::relu()},
                                                          {}}),
                    LayerSpec::flatten(), LayerSpec::linear(900, 10)};
    expectReadsAs(dir, "paths", resolved(paths), saved.at("paths"));
    const PythonNetworkRead read = loadTorchScriptNetwork(dir.filePath("residual-trace.pt"));
    ASSERT_TRUE(read.spec);
    EXPECT_EQ(AssignmentResidual::of(read.spec->layers[2])->label(), "Residual1d 3, 4→8");
}

TEST(TorchScriptNetwork, WhatItCannotReadIsNamedWithItsModule)
{
    if (!havePythonTorch())
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const auto saved = runPython(dir, R"(
class Twice(nn.Module):
    def forward(self, x):
        return x * 2
class Flagged(nn.Module):
    def __init__(self):
        super().__init__()
        self.flag = False
        self.conv = nn.Conv1d(1, 1, 3)
    def forward(self, x):
        if self.flag:
            return x
        return self.conv(x)
class Branchy(nn.Module):
    def forward(self, x):
        if x.size(2) > 5:
            return x
        return -x
class Rows(nn.Module):
    def forward(self, x):
        return torch.cat([x, x], 2)
class Own(nn.Module):  # a weight outside torch.nn's layers
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(2, 1, 3))
    def forward(self, x):
        return F.conv1d(x, self.weight)
class Scaled(nn.Module):
    def forward(self, x):
        return torch.add(x, x, alpha=2)
class Clamped(nn.Module):
    def forward(self, x):
        return F.hardtanh(x, -1.0, 1.0)
torch.jit.script(nn.Sequential(nn.Linear(4, 4), nn.LSTM(4, 4))).save(out + '/lstm.pt')
save('twice', nn.Sequential(nn.Conv1d(1, 2, 3), nn.Sequential(nn.ReLU(), Twice())), [1, 10])
torch.jit.script(nn.Sequential(Branchy())).save(out + '/branchy.pt')
torch.jit.script(nn.Sequential(Flagged())).save(out + '/flagged.pt')
save('rows', nn.Sequential(nn.Conv1d(1, 2, 3), Rows()), [1, 10])
save('linear', nn.Linear(4, 2), [4])
for name, module in [('own', Own()), ('scaled', Scaled()), ('clamped', Clamped())]:
    torch.jit.trace(nn.Sequential(module), fixed([1, 10])).save(out + '/' + name + '.pt')
)");
    const auto errorOf = [&](const char *file) {
        const PythonNetworkRead read = loadTorchScriptNetwork(dir.filePath(file));
        EXPECT_FALSE(read.spec) << file;
        return read.error;
    };
    EXPECT_EQ(errorOf("lstm.pt"), "lstm.pt: the module 1 (LSTM) is a layer kind ConvScope does not have");
    for (const char *how : {"script", "trace"}) {
        EXPECT_EQ(errorOf(QString("twice-%1.pt").arg(how).toUtf8()),
                  QString("twice-%1.pt: 1.1 (Twice) computes aten::mul, which ConvScope cannot express").arg(how).toStdString());
        EXPECT_EQ(errorOf(QString("rows-%1.pt").arg(how).toUtf8()),
                  QString("rows-%1.pt: 1 (Rows) concatenates along an axis other than the channels (dim=1)").arg(how).toStdString());
    }
    EXPECT_EQ(errorOf("own.pt"), "own.pt: 0 (Own) computes aten::_convolution with weights of its own; ConvScope "
                                 "reads weighted layers from torch.nn modules (nn.Conv2d, nn.BatchNorm2d, nn.Linear)");
    EXPECT_EQ(errorOf("scaled.pt"), "scaled.pt: 0 (Scaled) adds with a factor (alpha), which ConvScope cannot express");
    EXPECT_EQ(errorOf("clamped.pt"), "clamped.pt: 0 (Clamped) computes a hardtanh other than ReLU6's (0 to 6)");
    EXPECT_EQ(errorOf("branchy.pt"), "branchy.pt: 0 (Branchy) computes aten::size, which ConvScope cannot express");
    const PythonNetworkRead flagged = loadTorchScriptNetwork(dir.filePath("flagged.pt"));
    ASSERT_TRUE(flagged.spec) << flagged.error;  // an if on the module's own setting takes its branch
    EXPECT_EQ(flagged.spec->layers, std::vector<LayerSpec>{LayerSpec::conv(1, 1, 1, 3)});
    const PythonNetworkRead linear = loadTorchScriptNetwork(dir.filePath("linear-script.pt"));
    ASSERT_TRUE(linear.spec) << linear.error;  // one layer is a network too
    EXPECT_EQ(linear.spec->layers, std::vector<LayerSpec>{LayerSpec::linear(4, 2)});
    EXPECT_NE(errorOf("missing.pt").find("missing.pt: LibTorch cannot read it"), std::string::npos);
}

TEST(TorchScriptNetwork, WeightsThatDoNotFitAndModelsThatAreNoDigitClassifiersAreNamed)
{
    if (!havePythonTorch())
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    runPython(dir, "save('small', nn.Sequential(nn.Conv1d(1, 2, 3), nn.Flatten(), nn.Linear(16, 2)), [1, 10])\n");
    const PythonNetworkRead small = loadTorchScriptNetwork(dir.filePath("small-trace.pt"));
    ASSERT_TRUE(small.spec) << small.error;
    EXPECT_EQ(small.spec->input, (Shape{1, 10}));
    NetworkSpec other = *small.spec;
    other.layers.front().outChannels = 3;
    other.layers.back().inFeatures = 24;
    std::string error;
    EXPECT_EQ(torchScriptWeights(dir.filePath("small-trace.pt"), other, &error), "");
    EXPECT_EQ(error, "small-trace.pt: the module 0 (Conv1d) has no weight of shape [3, 1, 3] for the network");
    QString message;
    EXPECT_FALSE(TrainedModel::load(dir.filePath("small-trace.pt"), &message));
    EXPECT_EQ(message, dir.filePath("small-trace.pt") + ": is not a spoken-digit network: ConvScope runs models that "
                       "read 1×6000 samples or 13×74 MFCCs and give 10 digits (open it in the studio to see its fields "
                       "and sizes)");
}

TEST(TorchScriptNetwork, ASpokenDigitModelAnswersLikeACheckpoint)
{
    if (!havePythonTorch())
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    runPython(dir, "save('digits', nn.Sequential(nn.Conv1d(13, 8, 3, padding=1), nn.BatchNorm1d(8), nn.ReLU(),"
                   " nn.AvgPool1d(2), nn.Flatten(), nn.Linear(8 * 37, 10)), [13, 74])\n");
    for (const char *how : {"script", "trace"}) {
        const QString file = dir.filePath(QString("digits-%1.pt").arg(how));
        QString error;
        const auto model = TrainedModel::load(file, &error, TrainedModel::Threads::Leave);
        ASSERT_TRUE(model) << error.toStdString();
        EXPECT_EQ(model->config().input, InputKind::Mfcc);
        std::vector<float> samples(6000);
        for (std::size_t i = 0; i < samples.size(); ++i)
            samples[i] = 0.3f * std::sin(0.05f * static_cast<float>(i)) * std::sin(0.001f * static_cast<float>(i));
        const ActivationSnapshot snapshot = model->snapshot(samples);
        const LayerActivation &input = snapshot.activations.front();
        ASSERT_EQ(input.shape, (std::vector<std::int64_t>{13, 74}));
        torch::NoGradGuard noGrad;
        const torch::Tensor x = torch::tensor(input.values).reshape({1, 13, 74});
        const torch::Tensor p = torch::softmax(withWeights(file, model->config().network)->forward(x), 1).flatten();
        const auto probabilities = model->classProbabilities(samples);
        for (int d = 0; d < 10; ++d)
            EXPECT_NEAR(probabilities[static_cast<std::size_t>(d)], p[d].item<double>(), 1e-5) << how << " digit " << d;
    }
}

TEST(TorchScriptNetwork, TorchvisionModelsReadAsThePresets)
{
    if (!havePythonTorch() || test::runProgram("/usr/bin/python3", {"-c", "import torchvision"}).exitCode != 0)
        GTEST_SKIP() << "python3-torch or python3-torchvision is not installed (.ci/run installs them)";
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const auto saved = runPython(dir, R"(
import torchvision
save('resnet18', torchvision.models.resnet18(weights=None), [3, 224, 224])
save('mobilenet_v2', torchvision.models.mobilenet_v2(weights=None), [3, 224, 224])
save('googlenet', torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=False), [3, 224, 224])
)");
    ASSERT_EQ(saved.size(), 3u);
    const PresetLibrary presets;
    for (const auto &[name, torchSays] : saved)
        expectReadsAs(dir, name, resolved(*presets.find(name)), torchSays);
}

// The studio's trained field of a .pt traces with the file's own weights. Convolutions, an eval-mode batch norm and
// average pooling are linear, so the input gradient is the same for every input: torch's on any input is the map.
TEST(TorchScriptNetwork, TheTrainedFieldOfAModelUsesItsOwnWeights)
{
    if (!havePythonTorch())
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    // "gradient" is no model: its line carries |d out[0, 1, 2, 3] / d input| in the place of an output.
    const auto saved = runPython(dir, R"(
net = nn.Sequential(nn.Conv2d(2, 3, 3, padding=1), nn.BatchNorm2d(3), nn.AvgPool2d(2),
                    nn.Conv2d(3, 2, (3, 2), dilation=(1, 2)))
save('linear', net, [2, 12, 14])
x = torch.randn(1, 2, 12, 14, requires_grad=True)
net(x)[0, 1, 2, 3].backward()
print('gradient 0', ' '.join('%.9g' % v for v in x.grad.abs().flatten().tolist()))
)");
    ASSERT_EQ(saved.count("gradient"), 1u);
    const std::vector<double> &expected = saved.at("gradient").output;
    ASSERT_EQ(expected.size(), 2u * 12 * 14);
    const double largest = *std::max_element(expected.begin(), expected.end());
    for (const char *how : {"-script", "-trace"}) {
        const QString file = dir.filePath(QString("linear%1.pt").arg(how));
        PythonNetworkRead read = loadTorchScriptNetwork(file);
        ASSERT_TRUE(read.spec) << read.error;
        read.spec->input = {2, 12, 14};
        ReceptiveFieldRequest request;
        request.pixel = std::array<std::int64_t, 2>{2, 3};
        request.outputChannel = 1;
        request.draws = 3;
        const ReceptiveFieldResult result = traceTorchScriptField(file, *read.spec, request);
        ASSERT_TRUE(result.maps) << result.error;
        EXPECT_EQ(result.maps->weights, ProbeWeights::Trained);
        EXPECT_EQ(result.maps->averaged, 3);
        const FeatureMap &input = result.maps->gradients.front();
        ASSERT_EQ(input.values.size(), expected.size());
        EXPECT_EQ(input.log10Scale, 0.0);
        for (std::size_t i = 0; i < expected.size(); ++i)
            ASSERT_NEAR(input.values[i], expected[i], 1e-5 * largest) << how << " value " << i;

        read.spec->input = {3, 12, 14};  // an input of three channels: the file's first convolution takes two
        const ReceptiveFieldResult wrong = traceTorchScriptField(file, *read.spec, request);
        EXPECT_FALSE(wrong.maps);
        EXPECT_EQ(wrong.error, QString("linear%1.pt: the network cannot be built:\nLayer 1 (Conv2d 3x3, 2→3, pad 1x1): "
                                       "expects 2 input channels but the previous layer gives 3; set in_channels to 3.")
                                   .arg(how)
                                   .toStdString());
    }
}
