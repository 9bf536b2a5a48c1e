#include "shell/SaveForPython.h"

#include "services/TrainingController.h"
#include "train/PythonWeights.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSaveFile>

namespace convscope {

SaveForPython::SaveForPython(TrainingController *controller, QWidget *window)
    : QObject(window), m_controller(controller), m_window(window)
{
    connect(m_controller, &TrainingController::modelSaved, this, &SaveForPython::onModelSaved);
}

bool SaveForPython::ask()
{
    if (!m_controller->canAnswer())
        return false;
    QString path = QFileDialog::getSaveFileName(m_window, tr("Save for Python"), "net.py", tr("Python (*.py)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += ".py";
    const QString error = saveTo(path);
    if (!error.isEmpty())
        Q_EMIT finished(path, error);
    return error.isEmpty();
}

QString SaveForPython::saveTo(const QString &pythonPath)
{
    m_scratch = std::make_unique<QTemporaryDir>();
    if (!m_scratch->isValid())
        return tr("No scratch folder for the checkpoint: %1").arg(m_scratch->errorString());
    m_checkpoint = m_scratch->filePath("model.cspt");
    m_pythonPath = pythonPath;
    const QString why = m_controller->saveModel(m_checkpoint, TrainingController::SaveNotice::Quiet);
    if (!why.isEmpty())
        m_checkpoint.clear();
    return why;
}

void SaveForPython::onModelSaved(const QString &path, const QString &error)
{
    if (m_checkpoint.isEmpty() || path != m_checkpoint)
        return;
    m_checkpoint.clear();
    const QFileInfo info(m_pythonPath);
    const QString weights = info.dir().filePath(info.completeBaseName() + ".pt");
    QString failed = error.isEmpty() ? savePythonWeights(path, weights) : error;
    if (failed.isEmpty()) {
        QSaveFile cell(m_pythonPath);
        const std::string code = toPyTorchCodeWithWeights(m_controller->modelConfig().network, info.dir().absoluteFilePath(weights));
        if (!cell.open(QIODevice::WriteOnly) || cell.write(code.data(), static_cast<qint64>(code.size())) != static_cast<qint64>(code.size())
            || !cell.commit())
            failed = m_pythonPath + ": " + cell.errorString();
    }
    m_scratch.reset();
    Q_EMIT finished(m_pythonPath, failed);
}

}  // namespace convscope
