#include "StreamingFeatures.h"

#include <algorithm>

namespace convscope {

StreamingFeatures::StreamingFeatures(std::size_t keepFrames, MfccOptions options)
    : m_options(options), m_keep(std::max<std::size_t>(1, keepFrames)), m_length(options.frameLength()),
      m_step(options.frameStep())
{
}

std::size_t StreamingFeatures::append(const float *samples, std::size_t count)
{
    m_signal.insert(m_signal.end(), samples, samples + count);
    const std::int64_t total = m_signalStart + static_cast<std::int64_t>(m_signal.size());
    const std::int64_t complete = total >= m_length ? (total - m_length) / m_step + 1 : 0;
    if (complete <= m_frames)
        return 0;
    // From the frame before the first new one (none at the stream's start), to the last complete frame's end.
    const std::int64_t skip = m_frames > 0 ? 1 : 0;
    const std::int64_t from = (m_frames - skip) * m_step;
    const std::int64_t to = (complete - 1) * m_step + m_length;
    const std::vector<float> chunk(m_signal.begin() + (from - m_signalStart), m_signal.begin() + (to - m_signalStart));
    keep(m_mfcc, Mfcc::compute(chunk, m_options), skip);
    keep(m_logMel, Mfcc::logMelFilterbank(chunk, m_options), skip);
    const std::size_t added = static_cast<std::size_t>(complete - m_frames);
    m_frames = complete;
    const std::int64_t nextStart = (m_frames - 1) * m_step;  // the frame before the next one to compute
    m_signal.erase(m_signal.begin(), m_signal.begin() + (nextStart - m_signalStart));
    m_signalStart = nextStart;
    return added;
}

void StreamingFeatures::keep(std::deque<std::vector<float>> &frames, const FeatureMatrix &computed, std::int64_t skip)
{
    for (std::int64_t row = skip; row < computed.rows; ++row) {
        const auto begin = computed.values.begin() + row * computed.columns;
        frames.emplace_back(begin, begin + computed.columns);
        if (frames.size() > m_keep)
            frames.pop_front();
    }
}

}  // namespace convscope
