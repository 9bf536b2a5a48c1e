#include "WordStream.h"

#include "audio/NoiseFloor.h"
#include "audio/WordDetector.h"

#include <cmath>
#include <random>

namespace convscope {

std::vector<float> roomNoise(double seconds, int sampleRate, double power, std::uint64_t seed)
{
    NoiseFloor floor;
    floor.kind = NoiseFloor::Kind::Pink;
    const auto count = static_cast<std::size_t>(std::max(0.0, seconds) * sampleRate);
    const std::vector<double> unit = floor.unitPower(count, sampleRate, seed);
    std::vector<float> noise(count);
    for (std::size_t i = 0; i < count; ++i)
        noise[i] = static_cast<float>(unit[i] * std::sqrt(power));
    return noise;
}

WordStream makeWordStream(const std::vector<std::vector<float>> &recordings, const std::vector<int> &digits,
                          int sampleRate, double snrDecibels, std::uint64_t seed,
                          double minGapSeconds, double maxGapSeconds)
{
    WordStream stream;
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> gap(minGapSeconds, maxGapSeconds);
    const auto silence = [&] {
        stream.samples.resize(stream.samples.size() + static_cast<std::size_t>(gap(random) * sampleRate), 0.0f);
    };
    double wordEnergy = 0.0;
    std::size_t wordSamples = 0;
    for (std::size_t r = 0; r < recordings.size(); ++r) {
        silence();
        const SoundRange word = WordDetector(recordings[r], sampleRate).word(0.0);
        for (std::size_t i = word.begin; i < word.end; ++i)
            wordEnergy += static_cast<double>(recordings[r][i]) * recordings[r][i];
        wordSamples += word.end - word.begin;
        stream.offsets.push_back(stream.samples.size());
        const double offset = static_cast<double>(stream.samples.size());
        stream.words.push_back({r < digits.size() ? digits[r] : -1, (offset + static_cast<double>(word.begin)) / sampleRate,
                                (offset + static_cast<double>(word.end)) / sampleRate});
        stream.samples.insert(stream.samples.end(), recordings[r].begin(), recordings[r].end());
    }
    silence();
    const double wordPower = wordSamples ? wordEnergy / static_cast<double>(wordSamples) : 0.0;
    stream.noisePower = wordPower / std::pow(10.0, snrDecibels / 10.0);
    const std::vector<float> noise = roomNoise(static_cast<double>(stream.samples.size()) / sampleRate, sampleRate,
                                               stream.noisePower, seed + 1);
    for (std::size_t i = 0; i < noise.size(); ++i)
        stream.samples[i] += noise[i];
    return stream;
}

StreamScore scoreStream(const WordStream &stream, const std::vector<HeardWord> &heard)
{
    StreamScore score;
    score.words = static_cast<int>(stream.words.size());
    std::vector<bool> matched(heard.size(), false);
    for (const PlacedWord &placed : stream.words) {
        int over = 0;
        for (std::size_t h = 0; h < heard.size(); ++h) {
            if (heard[h].end <= placed.start || heard[h].start >= placed.end)
                continue;
            matched[h] = true;
            if (over++ == 0) {
                score.latencies.push_back(heard[h].decidedAt - placed.end);
                score.correct += heard[h].digit == placed.digit;
            }
        }
        score.missed += over == 0;
        score.doubled += std::max(0, over - 1);
    }
    for (bool m : matched)
        score.falseWords += !m;
    return score;
}

}  // namespace convscope
