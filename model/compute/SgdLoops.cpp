#include "SgdLoops.h"

#include "util/WorkerThreads.h"

#include <algorithm>

namespace convscope {

namespace {

/// Values [first, end) of one parameter, with the settings' branches taken outside the loop and the arrays
/// declared apart, so that the loop vectorises (with them inside, it ran 5x slower than LibTorch's add_).
template <bool decay, bool momentum, bool nesterov>
void update(const SgdSettings &s, const SgdValues &v, std::int64_t first, std::int64_t end)
{
    const float weightDecay = s.weightDecay, keep = 1.0f - s.dampening, factor = s.momentum, step = -s.learningRate;
    float *__restrict parameter = v.parameter;
    const float *__restrict gradient = v.gradient;
    float *__restrict buffer = v.momentumBuffer;
    for (std::int64_t j = first; j < end; ++j) {
        float d = gradient[j];
        if constexpr (decay)
            d += weightDecay * parameter[j];
        if constexpr (momentum) {
            buffer[j] = buffer[j] * factor + keep * d;
            d = nesterov ? d + factor * buffer[j] : buffer[j];
        }
        parameter[j] += step * d;
    }
}

void update(const SgdSettings &s, const SgdValues &v, std::int64_t first, std::int64_t end)
{
    const bool decay = s.weightDecay != 0.0f;
    if (s.momentum == 0.0f)
        decay ? update<true, false, false>(s, v, first, end) : update<false, false, false>(s, v, first, end);
    else if (s.nesterov)
        decay ? update<true, true, true>(s, v, first, end) : update<false, true, true>(s, v, first, end);
    else
        decay ? update<true, true, false>(s, v, first, end) : update<false, true, false>(s, v, first, end);
}

}  // namespace

void sgdUpdatePart(const SgdSettings &settings, const std::vector<SgdValues> &values, int part, int parts)
{
    std::int64_t total = 0;
    for (const SgdValues &v : values)
        total += v.count;
    const auto [begin, end] = partRange(total, part, parts, 16);  // slices start on a cache line of floats
    std::int64_t offset = 0;  // of the parameter's first value among all
    for (const SgdValues &v : values) {
        const std::int64_t first = std::max(begin, offset), last = std::min(end, offset + v.count);
        if (first < last)
            update(settings, v, first - offset, last - offset);
        offset += v.count;
    }
}

}  // namespace convscope
