#include "BlasThreads.h"

#include <dlfcn.h>

namespace convscope {

namespace {

/// Calls the process's `void symbol(int)` if a loaded library has it.
void setThreadsThrough(const char *symbol, int threads)
{
    using SetThreads = void (*)(int);
    if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, symbol)))
        set(threads);
}

}  // namespace

void limitBlasThreads(int threads) { setThreadsThrough("openblas_set_num_threads", threads); }

void limitOpenMpThreadsOfThisThread(int threads) { setThreadsThrough("omp_set_num_threads", threads); }

}  // namespace convscope
