#include "WordDecider.h"

#include "audio/WordDetector.h"
#include "train/Calibration.h"

#include <algorithm>
#include <cmath>

namespace convscope {

std::int64_t ListenSettings::hopSamples(int sampleRate) const
{
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(hopMs) * sampleRate / 1000);
}

const char *ListenSettings::problem() const
{
    if (hopMs < 10 || hopMs > 500)
        return "hop: use 10 to 500 ms";
    if (!(minDecibels >= 6.0 && minDecibels <= 30.0))
        return "sensitivity: use 6 to 30 dB above the noise floor";
    if (!(endSilenceSeconds >= 0.02 && endSilenceSeconds <= 1.0))
        return "end silence: use 0.02 to 1 s";
    return "";
}

WordDecider::WordDecider(ListenSettings settings, int sampleRate) : m_settings(settings), m_rate(std::max(1, sampleRate)) {}

std::int64_t WordDecider::samplesOf(double seconds) const { return std::llround(seconds * m_rate); }

std::vector<HeardWord> WordDecider::decide(const std::vector<float> &context, std::int64_t contextStart,
                                           const DigitModel &model)
{
    std::vector<HeardWord> words;
    const std::int64_t now = contextStart + static_cast<std::int64_t>(context.size());
    const std::vector<WordDetector::HeardSound> sounds = WordDetector(context, m_rate).longSounds();
    for (std::size_t i = 0; i < sounds.size(); ++i) {
        const SoundRange range = sounds[i].range;
        const std::int64_t begin = contextStart + static_cast<std::int64_t>(range.begin);
        const std::int64_t end = contextStart + static_cast<std::int64_t>(range.end);
        if (m_decidedEnd >= 0 && begin <= m_decidedEnd + samplesOf(kMergeGapSeconds)) {
            m_decidedEnd = std::max(m_decidedEnd, end);  // the decided word, or its continuation
            continue;
        }
        if (now - end < samplesOf(m_settings.endSilenceSeconds))
            break;  // still being spoken, and every later sound too
        const bool cutByContext = range.begin == 0 && contextStart > 0;
        if (cutByContext || sounds[i].decibelsAboveFloor < m_settings.minDecibels
            || end - begin > samplesOf(kMaxWordSeconds))
            continue;
        HeardWord word;
        word.probabilities = model(std::vector<float>(context.begin() + static_cast<std::ptrdiff_t>(range.begin),
                                                      context.begin() + static_cast<std::ptrdiff_t>(range.end)));
        const DigitAnswer answer = answerOf(word.probabilities);
        word.digit = answer.digit;
        word.confidence = answer.confidence;
        word.unsure = answer.unsure;
        word.runnerUp = answer.runnerUp;
        word.start = static_cast<double>(begin) / m_rate;
        word.end = static_cast<double>(end) / m_rate;
        word.decidedAt = static_cast<double>(now) / m_rate;
        words.push_back(word);
        m_decidedEnd = end;
    }
    return words;
}

}  // namespace convscope
