#include "StreamReplay.h"

#include "SampleRing.h"

#include <algorithm>
#include <chrono>

namespace convscope {

StreamReplay::StreamReplay(std::vector<float> samples, int sampleRate, bool realTime, SampleRing &ring)
    : m_samples(std::move(samples)), m_rate(std::max(1, sampleRate)), m_realTime(realTime), m_ring(ring)
{
    m_samples.resize(m_samples.size() + static_cast<std::size_t>(kTailSeconds * m_rate), 0.0f);
}

StreamReplay::~StreamReplay() { stop(); }

double StreamReplay::seconds() const { return static_cast<double>(m_samples.size()) / m_rate; }

void StreamReplay::start()
{
    stop();
    m_stop.store(false);
    m_finished.store(false);
    m_thread = std::thread([this] { run(); });
}

void StreamReplay::stop()
{
    m_stop.store(true);
    if (m_thread.joinable())
        m_thread.join();
}

void StreamReplay::run()
{
    using Clock = std::chrono::steady_clock;
    const std::size_t block = static_cast<std::size_t>(m_rate / 100);
    const Clock::time_point begin = Clock::now();
    std::size_t sent = 0;
    while (sent < m_samples.size() && !m_stop.load(std::memory_order_relaxed)) {
        if (m_realTime) {
            const auto due = begin + std::chrono::microseconds(static_cast<long long>(sent) * 1000000 / m_rate);
            std::this_thread::sleep_until(due);
        }
        // Only what there is room for: a reader that is behind makes the replay wait, never lose audio.
        const std::size_t room = m_ring.capacity() - m_ring.available();
        const std::size_t n = std::min({block, m_samples.size() - sent, room});
        if (n == 0) {
            std::this_thread::sleep_for(std::chrono::microseconds(200));
            continue;
        }
        sent += m_ring.push(m_samples.data() + sent, n);
    }
    m_finished.store(sent == m_samples.size(), std::memory_order_release);
}

}  // namespace convscope
