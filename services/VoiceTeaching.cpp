#include "services/VoiceTeaching.h"

#include "train/VoiceAdaptation.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMetaObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <exception>
#include <utility>

namespace convscope {

namespace {

/// The takes numbered `firstTake` up to (not including) `endTake`, by digit then take, as a dataset of the speaker
/// "you" named like FSDD files ("3_you_1.wav").
Dataset datasetOf(const std::vector<TeachingTake> &takes, int firstTake, int endTake)
{
    std::vector<const TeachingTake *> chosen;
    for (const TeachingTake &take : takes)
        if (take.take >= firstTake && take.take < endTake)
            chosen.push_back(&take);
    std::sort(chosen.begin(), chosen.end(), [](const TeachingTake *a, const TeachingTake *b) {
        return std::pair(a->digit, a->take) < std::pair(b->digit, b->take);
    });
    Dataset dataset;
    for (const TeachingTake *take : chosen)
        dataset.items.push_back({QString("%1_you_%2.wav").arg(take->digit).arg(take->take),
                                 RecordingName{take->digit, QStringLiteral("you"), take->take}, take->samples});
    return dataset;
}

/// What one round fine-tunes on: the measuring pass's takes (none with one take per digit) and all of them.
struct RoundPlan {
    Dataset measureLearn, measureCheck, all;
};

/// Runs a round on the pool thread: the measuring pass (if any) on a scratch file, then the pass that saves.
/// `report` hears the progress over both passes; `cancel` stops the pass that runs.
TeachingResult runRound(const RoundPlan &plan, const QString &model, const AdaptOptions &options,
                        const QString &savePath, const std::atomic<bool> *cancel,
                        const std::function<void(double)> &report, QString *error)
{
    TrainingControl control;
    const auto watch = [&] {
        if (cancel->load())
            control.requestStop();
    };
    const bool measuring = !plan.measureLearn.isEmpty();
    // Each pass's share of the progress bar is its share of the takes fine-tuned on.
    const double measureShare = measuring ? static_cast<double>(plan.measureLearn.size())
                                                / static_cast<double>(plan.measureLearn.size() + plan.all.size())
                                          : 0.0;
    const auto progressOf = [&](double start, double share) {
        return [&, start, share](double fraction) {
            watch();
            report(start + share * fraction);
        };
    };
    TeachingResult result;
    if (measuring) {
        QTemporaryDir scratch;  // the measuring pass's model is thrown away
        if (!scratch.isValid()) {
            *error = QObject::tr("Cannot make a scratch folder: %1").arg(scratch.errorString());
            return result;
        }
        watch();
        const VoiceAdaptation measured = adaptToVoice(model, plan.measureLearn, plan.measureCheck, options,
                                                      scratch.filePath("measure.cspt"), control,
                                                      progressOf(0.0, measureShare));
        if (!measured.ok()) {
            *error = measured.error;
            return result;
        }
        result.checkedTakes = static_cast<int>(plan.measureCheck.size());
        result.heldOut = true;
        result.before = measured.checkAccuracyBefore;
        result.after = measured.checkAccuracyAfter;
        result.seconds = measured.seconds;
    }
    watch();
    const VoiceAdaptation saved = adaptToVoice(model, plan.all, Dataset(), options, savePath, control,
                                               progressOf(measureShare, 1.0 - measureShare));
    if (!saved.ok()) {
        *error = saved.error;
        return result;
    }
    if (!measuring) {  // nothing was kept out: the figures are on the takes it learnt from
        result.checkedTakes = static_cast<int>(plan.all.size());
        result.before = saved.learnAccuracyBefore;
        result.after = saved.learnAccuracyAfter;
    }
    result.path = savePath;
    result.learntTakes = static_cast<int>(plan.all.size());
    result.seconds += saved.seconds;
    return result;
}

}  // namespace

VoiceTeaching::VoiceTeaching(QObject *parent) : QObject(parent) {}

VoiceTeaching::~VoiceTeaching() = default;

QString VoiceTeaching::defaultSavePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/personal-voice.cspt";
}

void VoiceTeaching::setTakesPerDigit(int count)
{
    count = std::clamp(count, 1, kMaxTakesPerDigit);
    if (count == m_takesPerDigit)
        return;
    m_takesPerDigit = count;
    const auto beyond = [count](const TeachingTake &t) { return t.take >= count; };
    m_takes.erase(std::remove_if(m_takes.begin(), m_takes.end(), beyond), m_takes.end());
    Q_EMIT takesChanged();
}

bool VoiceTeaching::addTake(int digit, std::vector<float> samples)
{
    if (samples.empty() || digit < 0 || digit >= kDigits || takeCount(digit) >= m_takesPerDigit)
        return false;
    m_takes.push_back({digit, takeCount(digit), std::move(samples)});
    Q_EMIT takesChanged();
    return true;
}

bool VoiceTeaching::replaceTake(int digit, int take, std::vector<float> samples)
{
    const auto found = std::find_if(m_takes.begin(), m_takes.end(),
                                    [&](const TeachingTake &t) { return t.digit == digit && t.take == take; });
    if (found == m_takes.end() || samples.empty())
        return false;
    found->samples = std::move(samples);
    Q_EMIT takesChanged();
    return true;
}

void VoiceTeaching::removeLast()
{
    if (m_takes.empty())
        return;
    m_takes.pop_back();
    Q_EMIT takesChanged();
}

const std::vector<float> *VoiceTeaching::takeSamples(int digit, int take) const
{
    for (const TeachingTake &t : m_takes)
        if (t.digit == digit && t.take == take)
            return &t.samples;
    return nullptr;
}

int VoiceTeaching::takeCount(int digit) const
{
    return static_cast<int>(std::count_if(m_takes.begin(), m_takes.end(), [digit](const TeachingTake &t) {
        return t.digit == digit;
    }));
}

std::optional<TeachingPrompt> VoiceTeaching::next() const
{
    for (int take = 0; take < m_takesPerDigit; ++take)
        for (int digit = 0; digit < kDigits; ++digit)
            if (takeCount(digit) <= take)
                return TeachingPrompt{digit, take};
    return std::nullopt;
}

QString VoiceTeaching::teach(const QString &model, const QString &savePath)
{
    if (isTeaching())
        return tr("It is already learning your voice: wait for it or cancel it.");
    if (!complete())
        return tr("Record every take first: %1 of %2 so far.").arg(m_takes.size()).arg(kDigits * m_takesPerDigit);
    if (const QString folder = QFileInfo(savePath).absolutePath(); !QDir().mkpath(folder))
        return tr("Cannot make the folder %1 for the personal model.").arg(folder);
    const int lastTake = m_takesPerDigit - 1;
    RoundPlan plan{lastTake > 0 ? datasetOf(m_takes, 0, lastTake) : Dataset(),
                   lastTake > 0 ? datasetOf(m_takes, lastTake, m_takesPerDigit) : Dataset(),
                   datasetOf(m_takes, 0, m_takesPerDigit)};
    const int generation = ++m_generation;
    const auto report = [this, generation](double fraction) {
        QMetaObject::invokeMethod(this, [this, generation, fraction] {
            if (generation == m_generation)
                Q_EMIT progress(fraction);
        }, Qt::QueuedConnection);
    };
    m_job.start(
        [plan = std::move(plan), model, savePath, options = m_options, report](const std::atomic<bool> *cancel) {
            Outcome outcome;
            try {  // no exception may leave the pool thread
                outcome.result = runRound(plan, model, options, savePath, cancel, report, &outcome.error);
            } catch (const std::exception &e) {
                outcome.error = tr("Teaching stopped: %1").arg(QString::fromUtf8(e.what()));
            }
            return outcome;
        },
        [this](const Outcome &outcome) { onDone(outcome); });
    return {};
}

void VoiceTeaching::cancel() { m_job.requestCancel(); }

void VoiceTeaching::onDone(const Outcome &outcome)
{
    if (!outcome.error.isEmpty()) {
        Q_EMIT failed(outcome.error);
        return;
    }
    m_lastResult = outcome.result;
    Q_EMIT finished(outcome.result);
}

QString VoiceTeaching::copyModelTo(const QString &path) const
{
    if (!m_lastResult)
        return tr("There is no personal model yet: teach it your voice first.");
    QFile source(m_lastResult->path);
    if (!source.open(QIODevice::ReadOnly))
        return tr("%1: cannot read: %2").arg(m_lastResult->path, source.errorString());
    const QByteArray bytes = source.readAll();
    QSaveFile target(path);
    if (!target.open(QIODevice::WriteOnly) || target.write(bytes) != bytes.size() || !target.commit())
        return tr("%1: cannot write: %2").arg(path, target.errorString());
    return {};
}

}  // namespace convscope
