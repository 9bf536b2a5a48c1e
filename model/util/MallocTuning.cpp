#include "MallocTuning.h"

#include <malloc.h>

namespace convscope {

void keepFreedMemoryForReuse()
{
    constexpr int kMmapThreshold = 32 << 20;  // allocations below this come from the heap and are reused
    constexpr int kTrimThreshold = 128 << 20;  // free heap kept before it is returned to the kernel
    mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
    mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
}

}  // namespace convscope
