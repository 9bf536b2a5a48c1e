#include "services/ScratchModelFile.h"

#include "services/TrainingController.h"

namespace convscope {

ScratchModelFile::ScratchModelFile(TrainingController *training, QObject *parent)
    : QObject(parent), m_training(training)
{
    connect(training, &TrainingController::modelSaved, this, [this](const QString &path, const QString &error) {
        if (path != m_pending)
            return;
        m_pending.clear();
        Q_EMIT saved(path, error);
    });
}

ScratchModelFile::~ScratchModelFile() = default;

QString ScratchModelFile::save()
{
    if (isSaving())
        return tr("The current model is being saved: wait a moment.");
    if (!m_training->hasModel())
        return tr("There is no current model: train one, or choose a saved model file.");
    if (!m_folder)
        m_folder = std::make_unique<QTemporaryDir>();
    if (!m_folder->isValid())
        return tr("No scratch folder for the current model: %1").arg(m_folder->errorString());
    m_pending = m_folder->filePath("current-model.cspt");
    if (const QString why = m_training->saveModel(m_pending, TrainingController::SaveNotice::Quiet); !why.isEmpty()) {
        m_pending.clear();
        return why;
    }
    return {};
}

}  // namespace convscope
