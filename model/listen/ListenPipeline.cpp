#include "ListenPipeline.h"

#include "SampleRing.h"
#include "data/DigitFormat.h"
#include "train/TrainedModel.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace convscope {

void ListenUpdate::append(ListenUpdate &&later)
{
    if (samples.empty())
        firstSample = later.firstSample;
    if (logMel.empty())
        firstFrame = later.firstFrame;
    samples.insert(samples.end(), later.samples.begin(), later.samples.end());
    std::move(later.logMel.begin(), later.logMel.end(), std::back_inserter(logMel));
    hops.insert(hops.end(), later.hops.begin(), later.hops.end());
    words.insert(words.end(), later.words.begin(), later.words.end());
}

ListenModel ListenModel::of(const TrainedModel &model)
{
    return {[&model](const std::vector<float> &samples) { return model.classProbabilities(samples); },
            [&model](const std::vector<float> &samples) { return model.glanceProbabilities(samples); }};
}

ListenPipeline::ListenPipeline(ListenSettings settings, ListenModel model, int sampleRate)
    : m_settings(settings), m_model(std::move(model)), m_rate(sampleRate),
      m_features(static_cast<std::size_t>(kKeepSeconds * 100.0), MfccOptions{}), m_decider(settings, sampleRate),
      m_nextHop(settings.hopSamples(sampleRate)), m_drained(static_cast<std::size_t>(sampleRate))
{
}

void ListenPipeline::setSettings(const ListenSettings &settings)
{
    m_settings = settings;
    m_decider.setSettings(settings);
    m_nextHop = std::min(m_nextHop, m_position + settings.hopSamples(m_rate));
}

ListenUpdate ListenPipeline::drain(SampleRing &ring)
{
    ListenUpdate update;
    update.firstSample = m_position;
    update.firstFrame = m_features.frames();
    for (std::size_t left = ring.available(); left > 0;) {
        const std::size_t n = ring.pop(m_drained.data(), std::min(left, m_drained.size()));
        update.append(feed(m_drained.data(), n));
        left -= n;
    }
    return update;
}

ListenUpdate ListenPipeline::feed(const float *samples, std::size_t count)
{
    ListenUpdate update;
    update.firstSample = m_position;
    update.firstFrame = m_features.frames();
    const std::int64_t look = std::max<std::int64_t>(1, std::llround(kLookSeconds * m_rate));
    while (count > 0) {
        const std::int64_t nextLook = (m_position / look + 1) * look;
        const std::size_t part = static_cast<std::size_t>(
            std::min<std::int64_t>(static_cast<std::int64_t>(count), std::min(nextLook, m_nextHop) - m_position));
        addSamples(samples, part, update);
        samples += part;
        count -= part;
        if (m_position >= m_nextHop) {
            askAboutWindow(update);
            m_nextHop = m_position + m_settings.hopSamples(m_rate);
        }
        if (m_position % look == 0)
            decideWords(update);
    }
    return update;
}

void ListenPipeline::addSamples(const float *samples, std::size_t count, ListenUpdate &update)
{
    update.samples.insert(update.samples.end(), samples, samples + count);
    const std::int64_t before = m_features.frames();
    m_features.append(samples, count);
    for (std::int64_t f = before; f < m_features.frames(); ++f)
        update.logMel.push_back(m_features.logMel(f));
    m_history.insert(m_history.end(), samples, samples + count);
    m_position += static_cast<std::int64_t>(count);
    const auto keep = static_cast<std::size_t>(
        std::max<double>(WordDecider::kContextSeconds * m_rate, digits::kWindowSamples));
    if (m_history.size() > 2 * keep) {  // trimmed now and then, not at every sample
        const std::size_t drop = m_history.size() - keep;
        m_history.erase(m_history.begin(), m_history.begin() + static_cast<std::ptrdiff_t>(drop));
    }
}

void ListenPipeline::askAboutWindow(ListenUpdate &update)
{
    ListenHop point;
    point.time = static_cast<double>(m_position) / m_rate;
    const std::size_t window = std::min<std::size_t>(m_history.size(), digits::kWindowSamples);
    const auto windowBegin = m_history.end() - static_cast<std::ptrdiff_t>(window);
    point.heard = std::any_of(windowBegin, m_history.end(), [](float x) { return x != 0.0f; });
    if (point.heard)
        point.probabilities = m_model.hop(std::vector<float>(windowBegin, m_history.end()));
    update.hops.push_back(point);
}

void ListenPipeline::decideWords(ListenUpdate &update)
{
    const std::size_t context =
        std::min(m_history.size(), static_cast<std::size_t>(WordDecider::kContextSeconds * m_rate));
    const std::int64_t contextStart = m_position - static_cast<std::int64_t>(context);
    const std::vector<float> recent(m_history.end() - static_cast<std::ptrdiff_t>(context), m_history.end());
    for (const HeardWord &word : m_decider.decide(recent, contextStart, m_model.word))
        update.words.push_back(word);
}

}  // namespace convscope
