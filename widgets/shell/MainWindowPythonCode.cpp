// MainWindow, continued: a network read from PyTorch code (File → Open, a dropped .py, Edit → Paste PyTorch Code) or
// from a TorchScript model (File → Open, a dropped .pt), with its input size asked for and remembered per file.
#include "shell/MainWindow.h"

#include "services/NetworkDocument.h"
#include "network/ShapeText.h"
#include "pycode/PythonNetworkReader.h"
#include "pycode/TorchScriptNetwork.h"
#include "studio/InputShapeDialog.h"
#include "studio/LayerStackView.h"
#include "studio/StudioWorkspace.h"

#include <QApplication>
#include <QClipboard>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace convscope {

namespace {

/// The input sizes given for PyTorch code, by file (QSettings map: path → "C,H,W").
const QString kInputMemory = QStringLiteral("pythonCode/inputs");

}  // namespace

QString MainWindow::loadPythonCode(const QByteArray &code, const QString &memoryKey, const QString &fallbackName,
                                   const std::optional<Shape> &input)
{
    return openNetworkRead(readPythonNetwork(std::string_view(code.constData(), static_cast<std::size_t>(code.size()))),
                           memoryKey, fallbackName, input);
}

QString MainWindow::openPythonNetwork(const PythonNetworkRead &read, const QString &path, const std::optional<Shape> &input)
{
    const QString file = QFileInfo(path).absoluteFilePath();
    return openNetworkRead(read, file, QFileInfo(path).completeBaseName(), input,
                           isTorchScriptFile(path) ? file : QString());
}

QString MainWindow::openNetworkRead(const PythonNetworkRead &read, const QString &memoryKey, const QString &fallbackName,
                                    const std::optional<Shape> &input, const QString &weightsFile)
{
    if (!read.spec)
        return QString::fromStdString(read.error);
    NetworkSpec spec = *read.spec;
    if (spec.name.empty())
        spec.name = fallbackName.toStdString();
    if (input) {
        if (!input->empty())
            spec.input = *input;
    } else if (!read.inputInCode) {
        const auto asked = askInputShape(QString::fromStdString(spec.name), memoryKey, spec.input);
        if (!asked) {
            statusBar()->showMessage(tr("The code was not opened: it needs an input size."), 4000);
            return {};
        }
        spec.input = *asked;
    }
    m_document->resetWithWeights(spec, weightsFile);  // a new network: saving it asks for a JSON file
    m_studio->stackView()->selectRow(0);
    statusBar()->showMessage(tr("Read %1").arg(QString::fromStdString(spec.name)), 4000);
    return {};
}

std::optional<Shape> MainWindow::askInputShape(const QString &name, const QString &memoryKey, const Shape &suggested)
{
    QSettings settings;
    QVariantMap remembered = settings.value(kInputMemory).toMap();
    const auto known = parseCommaShape(remembered.value(memoryKey).toString());
    InputShapeDialog dialog(name, known ? *known : suggested, this);
    if (dialog.exec() != QDialog::Accepted || !dialog.shape())
        return std::nullopt;
    remembered[memoryKey] = shapeToCommaText(*dialog.shape());
    settings.setValue(kInputMemory, remembered);
    return dialog.shape();
}

void MainWindow::pastePyTorchCode()
{
    if (!maybeSave())
        return;
    const QString code = QApplication::clipboard()->text();
    if (const QString error = loadPythonCode(code.toUtf8(), QStringLiteral("clipboard"), tr("Pasted network"));
        !error.isEmpty())
        QMessageBox::warning(this, tr("Cannot read the PyTorch code"),
                             tr("The network was not changed.\n\n%1").arg(error));
}

}  // namespace convscope
