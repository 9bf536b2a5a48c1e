#pragma once

#include <QObject>
#include <QTemporaryDir>

#include <memory>

class QWidget;

namespace convscope {

class TrainingController;

/**
 * File → Save for Python…: writes the current model as a notebook cell (NAME.py, the network's PyTorch code and two
 * lines that load its weights) and its weights (NAME.pt, read by torch.load). The controller saves a scratch
 * checkpoint in the background; its weights are then rewritten for Python. GUI thread only.
 */
class SaveForPython : public QObject {
    Q_OBJECT
public:
    SaveForPython(TrainingController *controller, QWidget *window);

    /// Asks where, then saves; false when there is no model to save or the user cancels.
    bool ask();
    /// Saves to `pythonPath` (its .pt beside it) without asking; returns why not, or empty.
    QString saveTo(const QString &pythonPath);

Q_SIGNALS:
    /// The cell and weights were written (error empty), or why not.
    void finished(const QString &pythonPath, const QString &error);

private:
    void onModelSaved(const QString &path, const QString &error);

    TrainingController *m_controller;
    QWidget *m_window;
    std::unique_ptr<QTemporaryDir> m_scratch;
    QString m_checkpoint;  ///< the scratch checkpoint being written
    QString m_pythonPath;
};

}  // namespace convscope
