#pragma once

#include "train/BuiltinModels.h"
#include "train/Trainer.h"

#include "util/BackgroundJob.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <limits>
#include <optional>
#include <vector>

namespace convscope {

/** One recorded take of "Teach it your voice": its digit, its number among that digit's takes (0-based), its audio. */
struct TeachingTake {
    int digit = 0;
    int take = 0;
    std::vector<float> samples;  ///< mono 8000 Hz, [-1, 1) scale
};

/** The take to ask for next: say `digit`, its take `take` (0-based) of VoiceTeaching::takesPerDigit(). */
struct TeachingPrompt {
    int digit = 0;
    int take = 0;
};

/** What a round of teaching gave (VoiceTeaching::finished): the personal model's file and the honest figures. */
struct TeachingResult {
    QString path;           ///< the personal model, trained on every take of the round
    int learntTakes = 0;    ///< the takes the saved model was trained on (all of them)
    int checkedTakes = 0;   ///< the takes `before` and `after` are counted on
    bool heldOut = false;   ///< true: those takes were kept out of the fine-tuning they measure
    double before = std::numeric_limits<double>::quiet_NaN();  ///< accuracy of the model it started from
    double after = std::numeric_limits<double>::quiet_NaN();   ///< accuracy after fine-tuning
    double seconds = 0.0;   ///< the fine-tuning, both passes
};

/**
 * "Teach it your voice", with no widget: collects K takes of every digit (K = takesPerDigit(), 1 to 5), asked in
 * rounds (every digit once, then every digit again, so the takes of one digit are not said in a row), and teaches a
 * model those takes with adaptToVoice, the same function as `convscope-cli adapt`, on Qt's thread pool
 * (BackgroundJob) with progress and cancel.
 *
 * The figures are honest. With K ≥ 2 it first fine-tunes on takes 1..K-1 of each digit and counts the accuracy
 * before and after on take K of each digit, which that pass did not learn from; then it fine-tunes again on all the
 * takes and saves that model (the scratch model of the first pass is thrown away). With K = 1 there is nothing to
 * keep out: the figures are on the takes it learnt from (`heldOut` false).
 *
 * The model it starts from is the caller's choice; the app always starts from the ready model (builtin:voice), so
 * every round is measured from the same starting point and a poor round never builds on another: a new round
 * replaces the personal model. Cancel (or starting again, or destroying this) saves nothing and leaves a file
 * already at the save path as it was. GUI thread only.
 */
class VoiceTeaching : public QObject {
    Q_OBJECT
public:
    static constexpr int kDigits = 10;
    static constexpr int kMaxTakesPerDigit = 5;

    explicit VoiceTeaching(QObject *parent = nullptr);
    ~VoiceTeaching() override;

    /// Where the personal model is saved unless told otherwise: the app's data folder, personal-voice.cspt.
    static QString defaultSavePath();

    int takesPerDigit() const { return m_takesPerDigit; }
    /// Sets K (clamped to 1..5); fewer takes per digit drops each digit's takes past the new K (takesChanged).
    void setTakesPerDigit(int count);
    /// The options of both passes (epochs, learning rate, threads); adaptToVoice's defaults unless set.
    void setOptions(const AdaptOptions &options) { m_options = options; }

    /// Adds the next take of `digit`; false (nothing changes) for an empty take, a digit outside 0-9 or a digit
    /// that already has its K takes.
    bool addTake(int digit, std::vector<float> samples);
    /// Records `take` of `digit` again; false when that take does not exist or `samples` is empty.
    bool replaceTake(int digit, int take, std::vector<float> samples);
    /// Removes the take added last.
    void removeLast();
    /// Every take, in the order they were added.
    const std::vector<TeachingTake> &takes() const { return m_takes; }
    /// The samples of `take` of `digit`, or nullptr when it has not been recorded.
    const std::vector<float> *takeSamples(int digit, int take) const;
    int takeCount(int digit) const;
    /// The take to ask for next, or nullopt when the round is complete.
    std::optional<TeachingPrompt> next() const;
    /// Every digit has its K takes: teach() may start.
    bool complete() const { return !next().has_value(); }

    /// Teaches `model` (a file or a builtin: name) the takes in the background and saves the personal model to
    /// `savePath`, making its folder (progress, then finished or failed). Returns why it cannot start, or empty.
    QString teach(const QString &model = BuiltinModels::kVoice, const QString &savePath = defaultSavePath());
    /// Stops the teaching within one batch: failed("Cancelled."), nothing saved.
    void cancel();
    bool isTeaching() const { return m_job.isRunning(); }
    /// The last round that finished, if any.
    const std::optional<TeachingResult> &lastResult() const { return m_lastResult; }
    /// Writes a copy of the last round's personal model to `path` atomically; returns the error, or empty.
    QString copyModelTo(const QString &path) const;

Q_SIGNALS:
    /// A take was added, replaced or removed, or K changed.
    void takesChanged();
    /// The teaching's progress, from 0 to 1 over both passes.
    void progress(double fraction);
    void finished(const convscope::TeachingResult &result);
    /// "Cancelled." or what went wrong (naming the file).
    void failed(const QString &message);

private:
    /// A finished or failed round, from the pool thread's work.
    struct Outcome {
        QString error;
        TeachingResult result;
    };
    void onDone(const Outcome &outcome);

    int m_takesPerDigit = 2;
    AdaptOptions m_options;
    std::vector<TeachingTake> m_takes;
    std::optional<TeachingResult> m_lastResult;
    int m_generation = 0;  ///< bumped by every teach(), so a dropped round's late progress is ignored
    BackgroundJob<Outcome> m_job{this};
};

}  // namespace convscope

Q_DECLARE_METATYPE(convscope::TeachingResult)
