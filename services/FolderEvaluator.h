#pragma once

#include "train/FolderEvaluation.h"
#include "util/BackgroundJob.h"

#include <QObject>
#include <QString>

#include <optional>

namespace convscope {

class ScratchModelFile;
class TrainingController;

/**
 * "Evaluate on folder", with no widget: a saved model (.cspt, or a built-in name) or the training controller's
 * current model, on any folder of {digit}_{speaker}_{take}.wav recordings, evaluated on Qt's thread pool by
 * evaluateFolder() exactly as `convscope-cli evaluate`. The current model is first saved to a scratch checkpoint
 * (quietly), so both are read by TrainedModel as the CLI reads them. One evaluation at a time; destroying the
 * evaluator cancels and waits. GUI thread only.
 */
class FolderEvaluator : public QObject {
    Q_OBJECT
public:
    explicit FolderEvaluator(TrainingController *training, QObject *parent = nullptr);
    ~FolderEvaluator() override;

    /// Evaluates the model file `modelPath` (empty: the current model) on `folder`; returns why not, or empty
    /// (started, then finished answer).
    QString evaluate(const QString &modelPath, const QString &folder);
    bool isBusy() const;
    /// The last evaluation (its error set when it could not run), and the name of the model it evaluated.
    const std::optional<FolderEvaluation> &evaluation() const { return m_evaluation; }
    const QString &modelName() const { return m_modelName; }

Q_SIGNALS:
    /// The evaluation of `modelName` on `folder` began (or its scratch save did): isBusy() from now.
    void started(const QString &modelName, const QString &folder);
    /// It ended: evaluation() holds it (an error when it could not run).
    void finished(const convscope::FolderEvaluation &evaluation);

private:
    void runJob(const QString &modelPath);
    void finish(FolderEvaluation evaluation);

    TrainingController *m_training;
    ScratchModelFile *m_scratch;  ///< the current model, saved to be read like a saved one
    QString m_folder;
    QString m_modelName;
    BackgroundJob<FolderEvaluation> m_job{this};
    std::optional<FolderEvaluation> m_evaluation;
};

}  // namespace convscope
