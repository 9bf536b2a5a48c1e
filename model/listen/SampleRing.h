#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <vector>

namespace convscope {

/**
 * A lock-free single-producer single-consumer ring of samples: the microphone's PortAudio callback (or a file
 * replayed as if live) writes, the listening worker reads. The storage is allocated once in the constructor; push()
 * and pop() never allocate, lock or block, so the audio callback may call push(). One thread may push and one other
 * thread may pop at the same time; capacity() and dropped() may be read from any thread. The indexes only grow
 * (64-bit, so they never wrap in practice); a sample's slot is its index modulo the capacity.
 */
class SampleRing {
public:
    explicit SampleRing(std::size_t capacity) : m_buffer(std::max<std::size_t>(1, capacity)) {}
    SampleRing(const SampleRing &) = delete;
    SampleRing &operator=(const SampleRing &) = delete;

    std::size_t capacity() const { return m_buffer.size(); }

    /// Producer: copies as many of `count` samples as there is room for; returns how many. What does not fit is
    /// counted in dropped() (a reader that fell behind loses the newest audio, never blocks the callback).
    std::size_t push(const float *samples, std::size_t count)
    {
        const std::size_t write = m_write.load(std::memory_order_relaxed);
        const std::size_t read = m_read.load(std::memory_order_acquire);
        const std::size_t room = capacity() - (write - read);
        const std::size_t n = std::min(room, count);
        copyIn(write, samples, n);
        m_write.store(write + n, std::memory_order_release);
        if (n < count)
            m_dropped.fetch_add(count - n, std::memory_order_relaxed);
        return n;
    }

    /// Consumer: moves up to `count` samples into `out`; returns how many.
    std::size_t pop(float *out, std::size_t count)
    {
        const std::size_t read = m_read.load(std::memory_order_relaxed);
        const std::size_t write = m_write.load(std::memory_order_acquire);
        const std::size_t n = std::min(write - read, count);
        for (std::size_t i = 0; i < n; ++i)
            out[i] = m_buffer[(read + i) % capacity()];
        m_read.store(read + n, std::memory_order_release);
        return n;
    }

    /// Samples waiting to be read (exact on the consumer's thread; a lower bound elsewhere).
    std::size_t available() const
    {
        return m_write.load(std::memory_order_acquire) - m_read.load(std::memory_order_acquire);
    }
    /// Samples the producer could not store since construction.
    std::size_t dropped() const { return m_dropped.load(std::memory_order_relaxed); }

private:
    void copyIn(std::size_t write, const float *samples, std::size_t n)
    {
        for (std::size_t i = 0; i < n; ++i)
            m_buffer[(write + i) % capacity()] = samples[i];
    }

    std::vector<float> m_buffer;
    alignas(64) std::atomic<std::size_t> m_write{0};
    alignas(64) std::atomic<std::size_t> m_read{0};
    alignas(64) std::atomic<std::size_t> m_dropped{0};
};

}  // namespace convscope
