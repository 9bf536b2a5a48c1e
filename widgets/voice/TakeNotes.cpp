#include "voice/TakeNotes.h"

#include "data/DigitFormat.h"

#include <QObject>

#include <algorithm>

namespace convscope {

namespace {

QString heardNote(const TrainingConfig &config)
{
    if (config.centreWord && config.wordCore)
        return QObject::tr("The model hears the shaded %1 s, the word's core (without the noise at its edges) centred "
                           "in its %2 s window; the MFCC is that window's.");
    if (config.centreWord)
        return QObject::tr("The model hears the shaded %1 s, the word centred in its %2 s window; the MFCC is that "
                           "window's.");
    return QObject::tr("The model hears the shaded %1 s: the start of the take, in its %2 s window; the MFCC is that "
                       "window's.");
}

}  // namespace

QStringList takeNotes(const TrainingConfig &config, const TakeCheck &check, double heardSeconds, double windowSeconds)
{
    QStringList lines{heardNote(config).arg(heardSeconds, 0, 'f', 2).arg(windowSeconds, 0, 'f', 2)};
    if (config.testAtSpeeds && !config.speeds.empty()) {
        const auto [slowest, fastest] = std::minmax_element(config.speeds.begin(), config.speeds.end());
        lines.back() += QObject::tr(" It hears the word at %1 speeds, %2 to %3 times as fast, and averages its answers.")
                            .arg(config.speeds.size())
                            .arg(*slowest)
                            .arg(*fastest);
    }
    if (check.tooQuiet)
        lines << QObject::tr("Too quiet: the loudest sample is %1 % of full scale. Speak closer to the microphone or "
                             "raise its level.").arg(100.0 * check.peak, 0, 'f', 1);
    if (check.clipped)
        lines << QObject::tr("Clipped: the take hits full scale, which distorts it. Move back from the microphone or "
                             "lower its level.");
    if (check.noisy)
        lines << QObject::tr("Noisy: the word is only %1 dB above the room's noise. Move closer to the microphone or "
                             "find a quieter spot.").arg(check.snrDecibels, 0, 'f', 0);
    if (check.severalWords)
        lines << QObject::tr("More than one word: the model hears the loudest one (shaded). Say one digit per take.");
    if (check.longerThanWindow)
        lines << QObject::tr("Longer than the window: the word (%1 s) does not fit in %2 s, so its ends are cut. Say "
                             "the digit alone and briskly.")
                     .arg(static_cast<double>(check.wordSamples) / digits::kSampleRate, 0, 'f', 2)
                     .arg(windowSeconds, 0, 'f', 2);
    return lines;
}

}  // namespace convscope
