#pragma once

#include "explore/ActivationSnapshot.h"
#include "explore/DataMap.h"
#include "train/EffectiveFieldQuery.h"
#include "train/TrainingConfig.h"
#include "train/TrainingState.h"

#include <QObject>
#include <QString>

#include <array>
#include <functional>
#include <vector>

namespace convscope {

class DatasetDocument;
class ReadyModel;
class ScratchModelFile;
class TrainingController;
class TrainingWorker;

/**
 * The one owner of "which model answers", with no widget. The user's model (trained or opened on the Training tab,
 * TrainingController) answers while there is one; before, a personal model adapted to a voice (usePersonalModel,
 * remembered across restarts), else the ready built-in voice model (ReadyModel, builtin:voice). Every tab asks here
 * alike: the voice test's probabilities and saliency, Inside the network's activations and data map, the studio's
 * trained receptive field; and every tab names the model that answers with description(), announced by
 * answererChanged(). The user's model answers on the training worker's thread while no run steps its weights; the
 * ready or personal model on ReadyModel's thread. GUI thread only.
 */
class ModelService : public QObject {
    Q_OBJECT
public:
    /// Which model answers: the user's (trained or opened), a personal model adapted to a voice, or the ready one.
    enum class Answerer { User, Personal, Ready };
    /// The QSettings key of the personal model's file.
    static constexpr const char *kPersonalModelKey = "models/personal";

    ModelService(TrainingController *training, DatasetDocument *recordings, QObject *parent = nullptr);
    ~ModelService() override;

    TrainingController *training() const { return m_training; }
    Answerer answerer() const;
    /// The answering model for the user: "your model (mfcc, mfcc input, 3 epochs)", "your personal model
    /// (lucas.cspt)" or "the ready voice model (voice preset, …)". Every panel shows this same text.
    QString description() const;
    /// Whether the model that answers can answer now (the user's model cannot while a run steps it).
    bool canAnswer() const;
    /// The user's model has not learnt anything yet (a run that has not finished an epoch): its answers are guesses.
    bool isGuess() const;
    /// The config of the model that answers; nullptr while the ready or personal model has not been read yet.
    const TrainingConfig *answeringConfig() const;

    /// Makes the personal model at `path` (adaptToVoice's; empty: none) answer while the user has no trained or
    /// opened model, and remembers it for the next start (rememberIn).
    void usePersonalModel(const QString &path);
    /// The personal model's file, or empty.
    QString personalModel() const { return m_personal; }
    /// Where the personal model's file is remembered: an INI settings file (the app passes its own QSettings file).
    /// Without one, nothing is remembered.
    void rememberIn(const QString &settingsFile) { m_settingsFile = settingsFile; }
    /// Reads the personal model remembered there. A file that is gone is forgotten, with a message (message()) that
    /// says so; the ready model answers then.
    void restorePersonalModel();

    /// One recording's class probabilities (probabilities answers); returns why not, or empty.
    QString requestProbabilities(const std::vector<float> &samples);
    /// |d score(digit) / d input| (saliency answers); returns why not, or empty.
    QString requestSaliency(const std::vector<float> &samples, int digit);
    /// What one recording does inside the model (activations answers, with `clip`, `truth` and `tag` echoed).
    QString requestActivations(const std::vector<float> &samples, const QString &clip, int truth, int tag);
    /// The test clips' features for the data map (dataMapFeatures answers with `tag`): the user's model's test
    /// set, or for the ready or personal model the random split's test clips of the loaded recordings.
    QString requestDataMapFeatures(int tag);
    /// Why requestDataMapFeatures would refuse now (no model that can answer, or no recordings loaded), or empty.
    QString whyCannotMap() const;
    /// The effective receptive field of `query`'s output unit with trained weights over the model's test clips
    /// (effectiveField answers): the user's model only, which has test clips.
    QString requestEffectiveField(const EffectiveFieldQuery &query);
    /// A file of the answering model that a worker of its own can load (modelFile answers): the ready model's
    /// built-in name, the personal model's file, or the user's model saved to a scratch checkpoint. Returns why
    /// not, or empty.
    QString requestModelFile();

Q_SIGNALS:
    /// Another model answers now, or the answering one changed (description() says which).
    void answererChanged(const QString &description);
    /// The answering model appeared, was replaced or retrained (or, for the ready or personal model, the recordings
    /// it maps were replaced): answers shown before are stale.
    void modelChanged();
    /// The ready or personal model was read: answeringConfig() is its config while it answers.
    void readyModelLoaded();
    void message(const QString &text, convscope::MessageKind kind);
    void probabilities(const std::array<double, 10> &values);
    void saliency(const std::vector<float> &values, int digit);
    void activations(const convscope::SharedActivations &snapshot);
    void dataMapFeatures(const convscope::SharedDataMapFeatures &features, int tag);
    void effectiveField(const convscope::SharedFieldResult &result, const convscope::EffectiveFieldQuery &query);
    /// requestModelFile's answer: the file (or built-in name) and description() of the model it holds.
    void modelFile(const QString &path, const QString &description);

private:
    void replaceReadyModel(const QString &name);
    void connectReadyModel();
    /// Passes the worker of a new training session on; answers of a replaced one are dropped.
    void connectWorker();
    void announce();
    QString whyUserModelCannotAnswer() const;
    /// Asks the ready or personal model while it answers, else the user's model when it can.
    QString askAbout(const std::vector<float> &samples, const std::function<void(ReadyModel &)> &askReady,
                     const std::function<void(TrainingWorker &)> &askWorker);

    TrainingController *m_training;
    DatasetDocument *m_recordings;
    ReadyModel *m_ready = nullptr;  ///< a child, so its thread is joined with the service
    ScratchModelFile *m_scratch;    ///< the user's model as a file, for requestModelFile
    QString m_personal;
    QString m_settingsFile;  ///< rememberIn()
    QString m_announced;     ///< the description last announced
    int m_workerGeneration = 0;
};

}  // namespace convscope
