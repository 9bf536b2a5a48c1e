#pragma once

#include <cstdint>
#include <limits>

namespace convscope {

// Counts of parameters, elements and multiply-accumulates from network files that may hold any sizes: products
// that would overflow stop at the largest int64 (shown as an absurd number) instead of being undefined behaviour.

inline std::int64_t saturatingMul(std::int64_t a, std::int64_t b)
{
    std::int64_t result = 0;
    if (__builtin_mul_overflow(a, b, &result))
        return (a < 0) != (b < 0) ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
    return result;
}

inline std::int64_t saturatingAdd(std::int64_t a, std::int64_t b)
{
    std::int64_t result = 0;
    if (__builtin_add_overflow(a, b, &result))
        return a < 0 ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
    return result;
}

}  // namespace convscope
