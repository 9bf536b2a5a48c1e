#include "NoisyTakes.h"

#include "audio/AudioDecoder.h"
#include "audio/WordDetector.h"
#include "audio/WordWindow.h"
#include "TestPaths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace convscope::test {

namespace {

const char *const kSpeakers[] = {"george", "jackson", "lucas", "nicolas", "theo", "yweweler"};

std::vector<float> decoded(const char *speaker, std::size_t digit, std::size_t take)
{
    const QString path =
        QStringLiteral("%1/fsdd/recordings/%2_%3_%4.wav").arg(sharedDir()).arg(digit).arg(speaker).arg(take);
    const DecodeResult result = AudioDecoder::decodeFile(path);
    return result.clip ? result.clip->samples : std::vector<float>{};
}

double meanSquare(const std::vector<double> &signal)
{
    return std::inner_product(signal.begin(), signal.end(), signal.begin(), 0.0) / static_cast<double>(signal.size());
}

std::vector<double> whiteNoise(Random &random, std::size_t length)
{
    std::vector<double> noise(length);
    for (double &x : noise)
        x = random.uniform(-1.0, 1.0);
    return noise;
}

/// Paul Kellet's economy filter on white noise: -3 dB an octave across the speech band.
std::vector<double> pinkNoise(Random &random, std::size_t length)
{
    std::vector<double> noise = whiteNoise(random, length);
    double b0 = 0.0, b1 = 0.0, b2 = 0.0;
    for (double &x : noise) {
        b0 = 0.99765 * b0 + 0.0990460 * x;
        b1 = 0.96300 * b1 + 0.2965164 * x;
        b2 = 0.57000 * b2 + 1.0526913 * x;
        x = b0 + b1 + b2 + 0.1848 * x;
    }
    return noise;
}

/// Mains hum: the fundamental and four harmonics, falling off as a transformer's buzz does, at random phases.
std::vector<double> hum(Random &random, std::size_t length, double hz)
{
    std::vector<double> noise(length, 0.0);
    const double amplitudes[] = {1.0, 0.4, 0.25, 0.1, 0.08};
    for (int k = 0; k < 5; ++k) {
        const double phase = random.uniform(0.0, 2.0 * M_PI), step = 2.0 * M_PI * hz * (k + 1) / kTakeRate;
        for (std::size_t i = 0; i < length; ++i)
            noise[i] += amplitudes[k] * std::sin(step * static_cast<double>(i) + phase);
    }
    return noise;
}

/// `count` talkers, each saying reversed FSDD clips back to back (each at the same level) from somewhere inside the
/// first, summed: babble as loud at the start of the take as anywhere else.
std::vector<double> babble(Random &random, std::size_t length, int count)
{
    const auto &talkers = FsddSample::get().talkers;
    std::vector<double> noise(length, 0.0);
    for (int talker = 0; talker < count; ++talker) {
        std::size_t at = 0;
        for (bool first = true; at < length; first = false) {
            const std::vector<float> &clip = talkers[random.below(talkers.size())];
            const double gain = 1.0 / std::sqrt(powerOf(clip, {0, clip.size()}));
            for (std::size_t i = first ? random.below(clip.size()) : 0; i < clip.size() && at < length; ++i, ++at)
                noise[at] += gain * clip[clip.size() - 1 - i];
        }
    }
    return noise;
}

std::vector<double> noiseOf(Noise kind, Random &random, std::size_t length, int talkers)
{
    switch (kind) {
    case Noise::White: return whiteNoise(random, length);
    case Noise::Pink: return pinkNoise(random, length);
    case Noise::Hum50: return hum(random, length, 50.0);
    case Noise::Hum60: return hum(random, length, 60.0);
    case Noise::Babble: return babble(random, length, talkers);
    }
    return {};
}

/// Adds a burst of `seconds` at `at`, `rms` loud: decaying white noise and a decaying 90 Hz thump.
void addBurst(std::vector<double> &take, Random &random, std::size_t at, double seconds, double rms)
{
    std::vector<double> burst(static_cast<std::size_t>(seconds * kTakeRate));
    for (std::size_t i = 0; i < burst.size(); ++i) {
        const double t = static_cast<double>(i) / kTakeRate;
        burst[i] = std::exp(-t / (seconds / 3.0)) * (random.uniform(-1.0, 1.0) + std::sin(2.0 * M_PI * 90.0 * t));
    }
    const double gain = rms / std::sqrt(meanSquare(burst));
    for (std::size_t i = 0; i < burst.size() && at + i < take.size(); ++i)
        take[at + i] += gain * burst[i];
}

/// A place for a click 0.3 s or more away from `words` and from the bump at `bumpAt`, drawn at random; nullopt when
/// there is no room.
std::optional<std::size_t> clickPlace(SoundRange words, std::size_t bumpAt, Random &random)
{
    const auto away = static_cast<std::size_t>(0.3 * kTakeRate);
    const std::size_t before = words.begin > away ? words.begin - away : 0;
    const std::size_t afterBegin = words.end + away, afterEnd = bumpAt > away ? bumpAt - away : 0;
    const std::size_t after = afterEnd > afterBegin ? afterEnd - afterBegin : 0;
    if (before + after == 0)
        return std::nullopt;
    const std::size_t pick = random.below(before + after);
    return pick < before ? pick : afterBegin + (pick - before);
}

double common(SoundRange a, SoundRange b)
{
    return std::max(0.0, static_cast<double>(std::min(a.end, b.end)) - static_cast<double>(std::max(a.begin, b.begin)));
}

}  // namespace

const char *nameOf(Noise noise)
{
    switch (noise) {
    case Noise::White: return "White";
    case Noise::Pink: return "Pink";
    case Noise::Hum50: return "Hum50";
    case Noise::Hum60: return "Hum60";
    case Noise::Babble: return "Babble";
    }
    return "";
}

const FsddSample &FsddSample::get()
{
    static const FsddSample sample = [] {
        FsddSample s;
        for (std::size_t i = 0; i < 40; ++i)
            s.words.push_back(decoded(kSpeakers[i % 6], i % 10, (7 * i + 3) % 45));
        for (std::size_t k = 0; k < 30; ++k)
            s.talkers.push_back(decoded(kSpeakers[k % 6], (3 * k + 1) % 10, 45 + k % 5));
        return s;
    }();
    return sample;
}

bool FsddSample::complete() const
{
    const auto empty = [](const std::vector<float> &clip) { return clip.empty(); };
    return std::none_of(words.begin(), words.end(), empty) && std::none_of(talkers.begin(), talkers.end(), empty);
}

double powerOf(const std::vector<float> &clip, SoundRange range)
{
    const double mean = std::accumulate(clip.begin(), clip.end(), 0.0) / static_cast<double>(clip.size());
    double sum = 0.0;
    for (std::size_t i = range.begin; i < range.end; ++i)
        sum += (clip[i] - mean) * (clip[i] - mean);
    return sum / static_cast<double>(std::max<std::size_t>(1, range.end - range.begin));
}

std::vector<float> cleanWord(const std::vector<float> &recording)
{
    const SoundRange word = WordDetector(recording, kTakeRate).word(0.0);
    return {recording.begin() + static_cast<std::ptrdiff_t>(word.begin),
            recording.begin() + static_cast<std::ptrdiff_t>(word.end)};
}

Take makeTake(const std::vector<float> &words, double wordPower, TakeRecipe recipe, Random &random,
              std::optional<std::size_t> at)
{
    std::vector<double> take = noiseOf(recipe.noise, random, kTakeSamples, recipe.babbleTalkers);
    const double noiseGain = std::sqrt(wordPower / std::pow(10.0, recipe.snr / 10.0) / meanSquare(take));
    for (double &x : take)
        x *= noiseGain;
    const auto latest = static_cast<std::size_t>(2.5 * kTakeRate);
    const std::size_t offset = at ? *at : random.below(latest > words.size() ? latest - words.size() : 1);
    for (std::size_t i = 0; i < words.size(); ++i)
        take[offset + i] += words[i];
    const auto margin = static_cast<std::size_t>(WordWindow::kMarginSeconds * kTakeRate);
    const SoundRange truth{offset > margin ? offset - margin : 0,
                           std::min(kTakeSamples, offset + words.size() + margin)};
    const std::size_t bumpAt = kTakeSamples - kTakeRate / 10 + random.below(kTakeRate / 20);
    const std::optional<std::size_t> clickAt = clickPlace(truth, bumpAt, random);
    if (clickAt && recipe.clickRms > 0.0)
        addBurst(take, random, *clickAt, random.uniform(0.005, 0.02), recipe.clickRms * std::sqrt(wordPower));
    if (recipe.bumpRms > 0.0)
        addBurst(take, random, bumpAt, 0.04, recipe.bumpRms * std::sqrt(wordPower));
    if (std::isnan(recipe.dc))
        recipe.dc = random.uniform(-0.05, 0.05);
    Take result{std::vector<float>(take.size()), truth};
    std::transform(take.begin(), take.end(), result.samples.begin(),
                   [&](double x) { return static_cast<float>(std::clamp(x + recipe.dc, -1.0, 1.0)); });
    return result;
}

Take wordTake(const std::vector<float> &recording, const TakeRecipe &recipe, Random &random)
{
    const std::vector<float> word = cleanWord(recording);
    return makeTake(word, powerOf(word, {0, word.size()}), recipe, random);
}

void Overlap::add(SoundRange found, SoundRange truth)
{
    const double recall = common(found, truth) / static_cast<double>(truth.end - truth.begin);
    const double foundLength = static_cast<double>(found.end - found.begin);
    const double precision = foundLength > 0.0 ? common(found, truth) / foundLength : 0.0;
    meanRecall = (meanRecall * static_cast<double>(count) + recall) / static_cast<double>(count + 1);
    meanPrecision = (meanPrecision * static_cast<double>(count) + precision) / static_cast<double>(count + 1);
    ++count;
    minRecall = std::min(minRecall, recall);
    minPrecision = std::min(minPrecision, precision);
}

void Overlap::record() const
{
    ::testing::Test::RecordProperty("meanRecall", std::to_string(meanRecall));
    ::testing::Test::RecordProperty("minRecall", std::to_string(minRecall));
    ::testing::Test::RecordProperty("meanPrecision", std::to_string(meanPrecision));
    ::testing::Test::RecordProperty("minPrecision", std::to_string(minPrecision));
}

Overlap overlapOver(const TakeRecipe &recipe, std::uint32_t seed, WordExtent extent)
{
    Random random(seed);
    Overlap overlap;
    for (const std::vector<float> &recording : FsddSample::get().words) {
        const Take take = wordTake(recording, recipe, random);
        overlap.add(WordWindow::findWord(take.samples, kTakeRate, extent), take.truth);
    }
    return overlap;
}

}  // namespace convscope::test
