// The listening ring buffer under a writer thread and a reader thread (run under ThreadSanitizer in CI).
#include "listen/SampleRing.h"

#include <gtest/gtest.h>

#include <random>
#include <thread>
#include <vector>

using convscope::SampleRing;

TEST(SampleRing, KeepsOrderAndLosesNothingBetweenAWriterAndAReader)
{
    constexpr std::size_t kTotal = 2'000'000;
    SampleRing ring(1000);  // small, so that it is full and empty many times
    std::thread writer([&ring] {
        std::mt19937 random(1);
        std::vector<float> block(300);
        std::size_t next = 0;
        while (next < kTotal) {
            const std::size_t want = std::min<std::size_t>(1 + random() % block.size(), kTotal - next);
            const std::size_t room = ring.capacity() - ring.available();
            const std::size_t n = std::min(want, room);
            for (std::size_t i = 0; i < n; ++i)
                block[i] = static_cast<float>((next + i) % 16'777'216);  // exact in float
            next += ring.push(block.data(), n);
            if (n == 0)
                std::this_thread::yield();
        }
    });
    std::vector<float> out(257);
    std::size_t read = 0, wrong = 0;
    while (read < kTotal) {
        const std::size_t n = ring.pop(out.data(), out.size());
        for (std::size_t i = 0; i < n; ++i)
            wrong += out[i] != static_cast<float>((read + i) % 16'777'216);
        read += n;
        if (n == 0)
            std::this_thread::yield();
    }
    writer.join();
    EXPECT_EQ(read, kTotal);
    EXPECT_EQ(wrong, 0u);
    EXPECT_EQ(ring.dropped(), 0u);
    EXPECT_EQ(ring.available(), 0u);
}

TEST(SampleRing, APushThatDoesNotFitStoresWhatFitsAndCountsTheRest)
{
    SampleRing ring(4);
    const float samples[] = {1, 2, 3, 4, 5, 6};
    EXPECT_EQ(ring.push(samples, 6), 4u);
    EXPECT_EQ(ring.dropped(), 2u);
    float out[6] = {};
    EXPECT_EQ(ring.pop(out, 6), 4u);
    EXPECT_EQ(out[0], 1.0f);
    EXPECT_EQ(out[3], 4.0f);
    EXPECT_EQ(ring.pop(out, 6), 0u);
    EXPECT_EQ(ring.push(samples + 4, 2), 2u);  // wraps around the end of the storage
    EXPECT_EQ(ring.pop(out, 6), 2u);
    EXPECT_EQ(out[0], 5.0f);
    EXPECT_EQ(out[1], 6.0f);
}
