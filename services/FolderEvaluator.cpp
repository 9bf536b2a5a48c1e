#include "services/FolderEvaluator.h"

#include "services/ScratchModelFile.h"
#include "services/TrainingController.h"
#include "train/TrainedModel.h"

#include <QFileInfo>

namespace convscope {

namespace {

/// Loads the checkpoint and evaluates the folder, on the job's thread; every failure becomes the result's error.
FolderEvaluation loadAndEvaluate(const QString &modelPath, const QString &folder, const std::atomic<bool> *cancel)
{
    FolderEvaluation failed;
    failed.folder = folder;
    try {
        QString error;
        // Leave the process's LibTorch threads alone: a training run may be using them.
        const auto model = TrainedModel::load(modelPath, &error, TrainedModel::Threads::Leave);
        if (!model) {
            failed.error = error;
            return failed;
        }
        return evaluateFolder(*model, folder, cancel);
    } catch (const std::exception &e) {
        failed.error = QObject::tr("Evaluating %1 on %2 failed: %3").arg(modelPath, folder, QString::fromUtf8(e.what()));
        return failed;
    }
}

}  // namespace

FolderEvaluator::FolderEvaluator(TrainingController *training, QObject *parent)
    : QObject(parent), m_training(training), m_scratch(new ScratchModelFile(training, this))
{
    qRegisterMetaType<FolderEvaluation>();
    connect(m_scratch, &ScratchModelFile::saved, this, [this](const QString &path, const QString &error) {
        if (!error.isEmpty()) {
            FolderEvaluation failed;
            failed.folder = m_folder;
            failed.error = tr("The current model could not be prepared for evaluation: %1").arg(error);
            finish(std::move(failed));
            return;
        }
        runJob(path);
    });
}

FolderEvaluator::~FolderEvaluator() = default;  // m_job cancels and waits

bool FolderEvaluator::isBusy() const { return m_job.isRunning() || m_scratch->isSaving(); }

QString FolderEvaluator::evaluate(const QString &modelPath, const QString &folder)
{
    if (isBusy())
        return tr("An evaluation is already running: wait for it to end.");
    if (folder.isEmpty())
        return tr("Choose the folder of recordings to evaluate on (files named {digit}_{speaker}_{take}.wav).");
    m_folder = folder;
    if (!modelPath.isEmpty()) {
        m_modelName = QFileInfo(modelPath).fileName();
        runJob(modelPath);
        Q_EMIT started(m_modelName, folder);
        return {};
    }
    if (const QString why = m_scratch->save(); !why.isEmpty())
        return why;
    m_modelName = m_training->modelName();
    Q_EMIT started(m_modelName, folder);
    return {};
}

void FolderEvaluator::runJob(const QString &modelPath)
{
    const QString folder = m_folder;
    m_job.start([modelPath, folder](const std::atomic<bool> *cancel) { return loadAndEvaluate(modelPath, folder, cancel); },
                [this](FolderEvaluation evaluation) { finish(std::move(evaluation)); });
}

void FolderEvaluator::finish(FolderEvaluation evaluation)
{
    m_evaluation = std::move(evaluation);
    Q_EMIT finished(*m_evaluation);
}

}  // namespace convscope
