#pragma once

#include "train/TrainingConfig.h"
#include "train/TrainingProgress.h"
#include "train/TrainingState.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace convscope {

class TrainingController;
class TrainingSession;
struct RunRecord;

/** Where a leave-one-speaker-out study is: speaker `speakerIndex` (0-based) of `speakerCount`, and its epoch. */
struct SpeakerStudyProgress {
    int speakerIndex = 0;
    int speakerCount = 0;
    QString speaker;
    int epoch = 0;          ///< 0-based epoch of the current speaker's run
    int epochs = 0;
    double fraction = 0.0;  ///< fractional epochs of the current speaker's run
};

/** The test accuracy of a network trained without one speaker, on that speaker's recordings. */
struct HeldOutSpeaker {
    QString speaker;
    double accuracy = std::numeric_limits<double>::quiet_NaN();
    qint64 testSize = 0;
};

/** A finished random-split run with the study's settings: the comparison the study is drawn next to. */
struct RandomSplitRun {
    QDateTime finishedAt;  ///< RunRecord::finishedAt, so the chart can name the run it compares with
    double accuracy = std::numeric_limits<double>::quiet_NaN();
    int epochs = 0;
};

/** What a study found so far: one entry per held-out speaker, in the order they ran. */
struct SpeakerStudyResult {
    QString preset;  ///< runLabel() of the study's config
    int epochs = 0;
    int speakerCount = 0;
    std::vector<HeldOutSpeaker> speakers;
    std::optional<RandomSplitRun> randomSplit;  ///< the latest finished random-split run of the same settings

    bool complete() const { return speakerCount > 0 && static_cast<int>(speakers.size()) == speakerCount; }
    /// The mean of the speakers' accuracies; NaN when there is none.
    double mean() const;
};

/**
 * Leave-one-speaker-out for the Training tab: one run per speaker of the controller's data, each trained on the
 * other speakers and tested on the one left out (SplitKind::LeaveOneSpeakerOut, as `convscope-cli train --split
 * loso`), on a TrainingSession of its own. While it runs the controller is reserved (the form locks and no training
 * starts), and it refuses to start while the controller trains. Stop ends the current run within one batch;
 * destroying the study stops and joins its thread. It remembers the finished random-split runs the controller
 * records, and draws the latest one whose settings are the study's (all but the split) next to it: a run of other
 * settings (another learning rate, fewer epochs) is no comparison. GUI thread only.
 */
class SpeakerStudy : public QObject {
    Q_OBJECT
public:
    explicit SpeakerStudy(TrainingController *controller, QObject *parent = nullptr);
    ~SpeakerStudy() override;

    /// Starts a study of `config` (its split is replaced per speaker); returns why not, or empty.
    QString start(const TrainingConfig &config);
    /// Stops after the current batch; the speakers done so far stay in result().
    void stop();
    bool isRunning() const { return m_session != nullptr; }
    const SpeakerStudyResult &result() const { return m_result; }
    /// The latest finished random-split run the controller recorded with `config`'s settings but for the split.
    std::optional<RandomSplitRun> latestRandomSplit(const TrainingConfig &config) const;

Q_SIGNALS:
    void runningChanged(bool running);
    void progress(const convscope::SpeakerStudyProgress &point);
    /// A speaker was done, or the random-split comparison changed.
    void resultChanged(const convscope::SpeakerStudyResult &result);
    /// The study ended: complete, stopped or failed (message says which).
    void finished(const convscope::SpeakerStudyResult &result);
    void message(const QString &text, convscope::MessageKind kind);

private:
    void connectWorker();
    void runNext();
    void onRunFinished(const TrainingSummary &summary);
    void onRunRecorded(const RunRecord &run);
    void finish(const QString &text, MessageKind kind);
    QString currentSpeaker() const;

    QPointer<TrainingController> m_controller;
    TrainingConfig m_config;
    QStringList m_speakers;
    std::unique_ptr<TrainingSession> m_session;
    int m_generation = 0;  ///< bumped per session, so signals a finished session queued are dropped
    bool m_stopRequested = false;
    qint64 m_testSize = 0;
    SpeakerStudyResult m_result;
    std::vector<std::pair<QJsonObject, RandomSplitRun>> m_randomSplits;  ///< by settings (sameSettings), oldest first
};

}  // namespace convscope

Q_DECLARE_METATYPE(convscope::SpeakerStudyProgress)
Q_DECLARE_METATYPE(convscope::SpeakerStudyResult)
