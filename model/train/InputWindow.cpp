#include "InputWindow.h"

#include "data/DigitFormat.h"
#include "data/Preprocessing.h"

#include <algorithm>
#include <stdexcept>

namespace convscope {

std::vector<float> InputWindow::of(const TrainingConfig &config, const std::vector<float> &samples, int length)
{
    return config.centreWord ? WordWindow::centre(samples, digits::kSampleRate, length, config.wordExtent())
                             : Preprocessing::padOrTruncate(samples, length);
}

std::vector<float> InputWindow::atSpeed(const TrainingConfig &config, const std::vector<float> &samples, int length,
                                        double speed)
{
    if (!config.centreWord)
        throw std::runtime_error("InputWindow::atSpeed needs the centred word");
    const SoundRange word = WordWindow::findWord(samples, digits::kSampleRate, config.wordExtent());
    const std::vector<float> wordSamples(samples.begin() + static_cast<std::ptrdiff_t>(word.begin),
                                         samples.begin() + static_cast<std::ptrdiff_t>(word.end));
    ResampleResult placed = WordWindow::placeAtSpeed(wordSamples, speed, length);
    if (!placed.error.isEmpty())
        throw std::runtime_error(placed.error.toStdString());
    return std::move(placed.samples);
}

SoundRange InputWindow::heard(const TrainingConfig &config, const std::vector<float> &samples, int length)
{
    if (config.centreWord)
        return WordWindow::kept(WordWindow::findWord(samples, digits::kSampleRate, config.wordExtent()), length);
    SoundRange range;
    range.end = std::min(samples.size(), static_cast<std::size_t>(std::max(0, length)));
    return range;
}

TakeCheck InputWindow::check(const TrainingConfig &config, const std::vector<float> &samples, int length)
{
    TakeCheck check = WordWindow::check(samples, digits::kSampleRate, length, config.wordExtent());
    if (!config.centreWord)
        check.longerThanWindow = WordWindow::findWord(samples, digits::kSampleRate).end > static_cast<std::size_t>(length);
    return check;
}

}  // namespace convscope
