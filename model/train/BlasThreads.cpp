#include "BlasThreads.h"

#include <dlfcn.h>

namespace convscope {

void limitBlasThreads(int threads)
{
    using SetThreads = void (*)(int);
    if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
        set(threads);
}

}  // namespace convscope
