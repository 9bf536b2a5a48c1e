#include "WordDetector.h"

#include "Biquad.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace convscope {

namespace {

double fromDecibels(double decibels) { return std::pow(10.0, decibels / 10.0); }

/// Mean square of each `frame`-sample frame of `signal` (the last one may be shorter).
std::vector<double> framePowers(const std::vector<double> &signal, std::size_t frame)
{
    std::vector<double> power((signal.size() + frame - 1) / frame, 0.0);
    for (std::size_t f = 0; f < power.size(); ++f) {
        const std::size_t begin = f * frame, end = std::min(signal.size(), begin + frame);
        for (std::size_t i = begin; i < end; ++i)
            power[f] += signal[i] * signal[i];
        power[f] /= static_cast<double>(end - begin);
    }
    return power;
}

/// The `fraction`-th quantile of `values` (nearest rank below); `values` must not be empty.
double quantile(std::vector<double> values, double fraction)
{
    const auto nth = values.begin() + static_cast<std::ptrdiff_t>(fraction * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), nth, values.end());
    return *nth;
}

/// Frames [first, last].
struct Span {
    std::size_t first = 0, last = 0;
};

/// A run of frames at or above the stay threshold, and its loudest frame's power.
struct Run {
    std::size_t first = 0, last = 0;
    double peak = 0.0;
};

std::vector<Run> runsOf(const std::vector<double> &power, double stay)
{
    std::vector<Run> runs;
    for (std::size_t f = 0; f < power.size(); ++f) {
        if (power[f] < stay)
            continue;
        if (runs.empty() || runs.back().last + 1 != f)
            runs.push_back({f, f, 0.0});
        runs.back().last = f;
        runs.back().peak = std::max(runs.back().peak, power[f]);
    }
    return runs;
}

/// The sounds: runs reaching `start` at most `gap` frames apart are one sound, which also takes in the quieter runs
/// (the release of "eight", the "s" of "six") within `gap` frames of those.
std::vector<Span> soundsOf(const std::vector<Run> &runs, double start, std::size_t gap)
{
    const auto quiet = [&](std::size_t r) { return runs[r].peak < start; };
    const auto apart = [&](std::size_t earlier, std::size_t later) {
        return runs[later].first - runs[earlier].last - 1;
    };
    std::vector<Span> sounds;
    std::size_t core = 0;  // the last starting run of the sound being built
    for (std::size_t r = 0; r < runs.size(); ++r) {
        if (quiet(r))
            continue;
        if (!sounds.empty() && apart(core, r) <= gap) {
            sounds.back().last = runs[r].last;
        } else {
            const std::size_t earliest = sounds.empty() ? 0 : sounds.back().last + 1;
            sounds.push_back({runs[r].first, runs[r].last});
            for (std::size_t q = r; q-- > 0 && quiet(q) && apart(q, r) <= gap && runs[q].first >= earliest;)
                sounds.back().first = runs[q].first;
        }
        core = r;
        for (std::size_t q = r + 1; q < runs.size() && quiet(q) && apart(r, q) <= gap; ++q)
            sounds.back().last = runs[q].last;
    }
    return sounds;
}

}  // namespace

WordDetector::WordDetector(const std::vector<float> &samples, int sampleRate)
    : m_frame(static_cast<std::size_t>(std::max(1, sampleRate / 100))), m_samples(samples.size()),
      m_sampleRate(std::max(1, sampleRate))
{
    measureFrames(samples);
    findSounds();
    chooseWord();
}

std::size_t WordDetector::framesOf(double seconds) const
{
    return static_cast<std::size_t>(std::lround(seconds * m_sampleRate / static_cast<double>(m_frame)));
}

void WordDetector::measureFrames(const std::vector<float> &samples)
{
    std::vector<double> signal(samples.begin(), samples.end());
    m_silent.assign((signal.size() + m_frame - 1) / m_frame, true);
    double sum = 0.0;
    std::size_t heard = 0;
    for (std::size_t f = 0; f < m_silent.size(); ++f) {
        const std::size_t begin = f * m_frame, end = std::min(signal.size(), begin + m_frame);
        m_silent[f] = std::all_of(signal.begin() + static_cast<std::ptrdiff_t>(begin),
                                  signal.begin() + static_cast<std::ptrdiff_t>(end), [](double x) { return x == 0.0; });
        if (!m_silent[f]) {
            sum = std::accumulate(signal.begin() + static_cast<std::ptrdiff_t>(begin),
                                  signal.begin() + static_cast<std::ptrdiff_t>(end), sum);
            heard += end - begin;
        }
    }
    const double mean = heard ? sum / static_cast<double>(heard) : 0.0;  // the DC offset, padding or not
    for (double &x : signal)
        x -= mean;
    m_power = framePowers(signal, m_frame);
    if (2.0 * kHighPassHz < m_sampleRate) {  // a fourth-order Butterworth: two sections, Q = 1 / (2 cos(k pi / 8))
        Biquad(Biquad::Kind::HighPass, kHighPassHz, 0.5 / std::cos(M_PI / 8.0), 0.0, m_sampleRate).run(signal);
        Biquad(Biquad::Kind::HighPass, kHighPassHz, 0.5 / std::cos(3.0 * M_PI / 8.0), 0.0, m_sampleRate).run(signal);
    }
    // Digital silence holds neither noise nor word, whatever the filter makes of the step into it. Weights 1, 2, 1
    // over neighbouring frames: 10 ms frames hold whole periods of neither 50 nor 60 Hz hum's harmonics, and
    // unsmoothed, a steady hum's frames alternate by up to 10 dB.
    std::vector<double> band = framePowers(signal, m_frame);
    for (std::size_t f = 0; f < band.size(); ++f) {
        if (m_silent[f])
            band[f] = m_power[f] = 0.0;
    }
    m_band.resize(band.size());
    for (std::size_t f = 0; f < band.size(); ++f)
        m_band[f] = (band[f > 0 ? f - 1 : f] + 2.0 * band[f] + band[f + 1 < band.size() ? f + 1 : f]) / 4.0;
}

void WordDetector::findSounds()
{
    const double loudest = m_band.empty() ? 0.0 : *std::max_element(m_band.begin(), m_band.end());
    if (!(loudest > 0.0))
        return;
    std::vector<double> heard;  // digital silence (frames of zeros) is no noise: padding a take changes nothing
    for (std::size_t f = 0; f < m_band.size(); ++f) {
        if (!m_silent[f])
            heard.push_back(m_band[f]);
    }
    m_floor = std::max(quantile(heard, kFloorPercentile), loudest * fromDecibels(-kFloorBelowPeakDecibels));
    // A take that is all word (a trimmed clip, a steady tone) has no noise below it, and its quietest tenth is word:
    // then the loudest frame's level caps both thresholds.
    const double highestStay = loudest * fromDecibels(-kStayBelowPeakDecibels);
    // A first look, with a stay threshold high enough for any steady noise, says roughly where the words are. The
    // noise is every other frame: with enough of it, the stay threshold is at least the level the noise stays below
    // nine times in ten, so that babble does not carry the word on.
    soundsAbove(std::min(m_floor * fromDecibels(kProbeStayDecibels), highestStay), loudest);
    const std::vector<bool> nearWords = nearWordFrames();
    std::vector<double> noise;
    for (std::size_t f = 0; f < m_band.size(); ++f) {
        if (!nearWords[f] && !m_silent[f])
            noise.push_back(std::max(m_band[f], m_floor));
    }
    double stay = m_floor * fromDecibels(kStayDecibels);
    if (noise.size() >= framesOf(kMinNoiseSeconds))
        stay = std::max(stay, quantile(noise, kNoiseCeilingPercentile));
    soundsAbove(std::min(stay, highestStay), loudest);
}

std::vector<bool> WordDetector::nearWordFrames() const
{
    std::vector<bool> near(m_band.size(), false);
    const Sound *word = bestSound();
    if (!word)
        return near;
    const double wordLevel = word->peakPower * fromDecibels(-kOtherWordDecibels);
    const std::size_t reach = framesOf(kMergeGapSeconds);
    for (const Sound &sound : m_sounds) {
        if (&sound != word && !wordLike(sound, word->peakPower))
            continue;
        for (std::size_t f = sound.first; f <= sound.last; ++f) {
            if (m_band[f] < wordLevel)
                continue;
            const std::size_t last = std::min(sound.last, f + reach);
            for (std::size_t g = std::max(sound.first, f >= reach ? f - reach : 0); g <= last; ++g)
                near[g] = true;
        }
    }
    return near;
}

bool WordDetector::wordLike(const Sound &sound, double wordPeak) const
{
    const double level = std::max(m_start, wordPeak * fromDecibels(-kOtherWordDecibels));
    const auto loud = std::count_if(m_band.begin() + static_cast<std::ptrdiff_t>(sound.first),
                                    m_band.begin() + static_cast<std::ptrdiff_t>(sound.last) + 1,
                                    [level](double power) { return power >= level; });
    return static_cast<std::size_t>(loud) >= framesOf(kMinWordSeconds);
}

void WordDetector::soundsAbove(double stay, double loudest)
{
    m_stay = stay;
    m_start = std::min(stay * fromDecibels(kStartDecibels - kStayDecibels),
                       loudest * fromDecibels(-kStartBelowPeakDecibels));
    m_sounds.clear();
    for (const Span span : soundsOf(runsOf(m_band, stay), m_start, framesOf(kMergeGapSeconds))) {
        Sound &sound = m_sounds.emplace_back();
        sound.first = span.first;
        sound.last = span.last;
        for (std::size_t f = span.first; f <= span.last; ++f) {
            sound.peakPower = std::max(sound.peakPower, m_band[f]);
            sound.score += std::max(0.0, 10.0 * std::log10(m_band[f] / m_floor));
        }
    }
}

const WordDetector::Sound *WordDetector::bestSound() const
{
    const std::size_t minimum = framesOf(kMinWordSeconds);
    const Sound *best = nullptr;
    for (const Sound &sound : m_sounds) {
        const bool longEnough = sound.frames() >= minimum;
        if (!best || std::make_pair(longEnough, sound.score) > std::make_pair(best->frames() >= minimum, best->score))
            best = &sound;
    }
    return best;
}

void WordDetector::chooseWord()
{
    const Sound *best = bestSound();
    if (!best)
        return;
    m_found = true;
    m_word = static_cast<std::size_t>(best - m_sounds.data());
    m_first = best->first;
    m_last = best->last;
    const double quietest =
        *std::max_element(m_power.begin() + static_cast<std::ptrdiff_t>(m_first),
                          m_power.begin() + static_cast<std::ptrdiff_t>(m_last) + 1) * fromDecibels(-kRangeDecibels);
    while (m_power[m_first] < quietest)
        ++m_first;
    while (m_power[m_last] < quietest)
        --m_last;
}

SoundRange WordDetector::word(double marginSeconds) const
{
    if (!m_found)
        return {};
    const auto margin = static_cast<std::size_t>(std::max(0.0, marginSeconds) * m_sampleRate);
    return SoundRange::ofFrames(m_first, m_last, m_frame, margin, m_samples);
}

double WordDetector::snrDecibels() const
{
    if (!m_found)
        return 0.0;
    const double word = std::accumulate(m_band.begin() + static_cast<std::ptrdiff_t>(m_first),
                                        m_band.begin() + static_cast<std::ptrdiff_t>(m_last) + 1, 0.0)
                        / static_cast<double>(m_last - m_first + 1);
    double noise = 0.0;
    std::size_t noiseFrames = 0;
    for (std::size_t f = 0, next = 0; f < m_band.size(); ++f) {
        for (; next < m_sounds.size() && m_sounds[next].last < f; ++next) {}
        if (!m_silent[f] && (next == m_sounds.size() || f < m_sounds[next].first)) {
            noise += m_band[f];
            ++noiseFrames;
        }
    }
    if (noiseFrames == 0 || !(noise > 0.0))
        return kMaxSnrDecibels;
    noise /= static_cast<double>(noiseFrames);
    return std::min(kMaxSnrDecibels, 10.0 * std::log10(std::max(word / noise - 1.0, 1e-10)));
}

std::size_t WordDetector::wordLikeSounds() const
{
    if (!m_found)
        return 0;
    const Sound &word = m_sounds[m_word];
    const auto others = std::count_if(m_sounds.begin(), m_sounds.end(), [&](const Sound &sound) {
        return &sound != &word && wordLike(sound, word.peakPower);
    });
    return 1 + static_cast<std::size_t>(others);
}

std::pair<std::size_t, std::size_t> WordDetector::coreOf(const Sound &sound) const
{
    std::size_t first = sound.first, last = sound.last;
    while (first < last && m_band[first] < m_start)
        ++first;
    while (last > first && m_band[last] < m_start)
        --last;
    while (first > sound.first && m_band[first - 1] >= m_stay)
        --first;
    while (last < sound.last && m_band[last + 1] >= m_stay)
        ++last;
    return {first, last};
}

SoundRange WordDetector::core(double marginSeconds) const
{
    if (!m_found)
        return {};
    const auto [first, last] = coreOf(m_sounds[m_word]);
    const std::size_t from = std::max(first, m_first), to = std::min(last, m_last);
    const auto margin = static_cast<std::size_t>(std::max(0.0, marginSeconds) * m_sampleRate);
    // The core is measured in the speech band and the trim in the full band; should they not meet, the word stays.
    if (from > to)
        return word(marginSeconds);
    return SoundRange::ofFrames(from, to, m_frame, margin, m_samples);
}

std::vector<WordDetector::HeardSound> WordDetector::longSounds() const
{
    std::vector<HeardSound> heard;
    for (const Sound &sound : m_sounds) {
        if (sound.frames() < framesOf(kMinWordSeconds))
            continue;
        const auto [first, last] = coreOf(sound);
        heard.push_back({SoundRange::ofFrames(first, last, m_frame, 0, m_samples),
                         10.0 * std::log10(sound.peakPower / m_floor)});
    }
    return heard;
}

}  // namespace convscope
