// Python PyTorch runs the same cells: its parameter counts and output shapes must be the reader's.
#include "network/NetworkAnalysis.h"
#include "pycode/PythonNetworkReader.h"
#include "TestPaths.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace convscope;

namespace {

constexpr const char *kRunnerStart = R"(import contextlib, io, sys, types, torch
d2l = types.ModuleType('d2l')
d2l.torch = types.ModuleType('d2l.torch')
sys.modules['d2l'], sys.modules['d2l.torch'] = d2l, d2l.torch
def run(name, path, shape):
    ns = {'__name__': 'cell', '__file__': path}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(open(path).read(), ns)
    net = ns['net'] if 'net' in ns else ns['model'] if 'model' in ns else ns['build_net']()
    net.eval()
    with torch.no_grad():
        y = net(torch.zeros(1, *shape))
    print(name, sum(p.numel() for p in net.parameters()), list(y.shape[1:]))
)";

std::string shapeText(const Shape &shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

}  // namespace

TEST(PythonReaderTorch, PythonBuildsTheSameNetworksFromTheSameCells)
{
    if (test::runProgram("/usr/bin/python3", {"-c", "import torch"}).exitCode != 0)
        GTEST_SKIP() << "python3-torch is not installed (.ci/run installs it)";
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QStringList cells;
    const QDir data(test::testDataFile("pycode/data"));
    for (const QString &cell : data.entryList({"*.py"}, QDir::Files))
        cells << data.filePath(cell);
    const QString reference = test::sharedDir() + "/reference/notebook_reference.py";
    QFile referenceFile(reference);
    if (referenceFile.open(QIODevice::ReadOnly)) {
        const QByteArray source = referenceFile.readAll();
        for (const char *model : {"plain", "dropout", "batchnorm", "resnet", "mfcc"}) {
            QFile cell(dir.filePath(QString("reference-%1.py").arg(model)));
            ASSERT_TRUE(cell.open(QIODevice::WriteOnly));
            cell.write(source + "\nnet = MODELS['" + model + "'][0]()\n");
            cells << cell.fileName();
        }
    }
    std::string runner = kRunnerStart, expected;
    for (const QString &path : cells) {
        const PythonNetworkRead read = loadPythonNetworkFile(path);
        ASSERT_TRUE(read.spec) << read.error;
        const NetworkAnalysis analysis = analyzeNetwork(*read.spec);
        ASSERT_TRUE(analysis.ok()) << path.toStdString();
        const std::string name = QFileInfo(path).completeBaseName().toStdString();
        runner += "run('" + name + "', '" + path.toStdString() + "', " + shapeText(read.spec->input) + ")\n";
        expected += name + " " + std::to_string(analysis.totalParameters) + " " + shapeText(analysis.shapes().back()) + "\n";
    }
    const auto result = test::runProgram("/usr/bin/python3", {"-W", "ignore", "-"}, QByteArray::fromStdString(runner));
    ASSERT_EQ(result.exitCode, 0) << result.err.constData();
    EXPECT_EQ(result.out.toStdString(), expected);
}
