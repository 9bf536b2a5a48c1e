#pragma once

#include <QObject>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace convscope {

class TrainingController;

/**
 * The training controller's current model, saved quietly to a scratch checkpoint so that it can be read by
 * TrainedModel like any saved model: by the folder evaluation and by the Listen mode's worker, which each load a
 * copy of their own. One save at a time; the file lives as long as this object. GUI thread only.
 */
class ScratchModelFile : public QObject {
    Q_OBJECT
public:
    explicit ScratchModelFile(TrainingController *training, QObject *parent = nullptr);
    ~ScratchModelFile() override;

    /// Starts saving the current model (saved answers); returns why not, or empty.
    QString save();
    bool isSaving() const { return !m_pending.isEmpty(); }

Q_SIGNALS:
    /// The scratch checkpoint `path` is written, or `error` says why not.
    void saved(const QString &path, const QString &error);

private:
    TrainingController *m_training;
    std::unique_ptr<QTemporaryDir> m_folder;
    QString m_pending;  ///< the checkpoint being written, until the controller's modelSaved
};

}  // namespace convscope
