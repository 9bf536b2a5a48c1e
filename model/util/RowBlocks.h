#pragma once

#include <cstddef>
#include <functional>

namespace convscope {

/**
 * Runs work(first, last) on contiguous blocks of the rows [0, n), one block per core (at most 8) with std::thread;
 * the caller's thread takes the first block and every block has finished when it returns. With one core, or fewer
 * than `minimumRows` rows, the caller runs work(0, n) alone. `work` must be safe to run concurrently on disjoint
 * blocks and must not throw (an exception escaping a std::thread terminates). Any thread.
 */
void forRowBlocks(std::size_t n, std::size_t minimumRows, const std::function<void(std::size_t, std::size_t)> &work);

}  // namespace convscope
