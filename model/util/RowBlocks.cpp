#include "RowBlocks.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace convscope {

void forRowBlocks(std::size_t n, std::size_t minimumRows, const std::function<void(std::size_t, std::size_t)> &work)
{
    const std::size_t blocks = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
    if (blocks == 1 || n < minimumRows || n < 2) {
        work(0, n);
        return;
    }
    std::vector<std::thread> threads;
    for (std::size_t b = 1; b < blocks; ++b)
        threads.emplace_back(work, n * b / blocks, n * (b + 1) / blocks);
    work(0, n / blocks);
    for (std::thread &thread : threads)
        thread.join();
}

}  // namespace convscope
