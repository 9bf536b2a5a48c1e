#pragma once

namespace convscope {

/**
 * Sets how many threads the system BLAS may use, when it is OpenBLAS (Debian's libblas.so.3 alternative that
 * LibTorch calls for Linear layers). OpenBLAS otherwise starts one thread per core next to LibTorch's own,
 * which on a small machine halves training speed and takes the core the GUI needs. Looked up at run time,
 * so nothing happens with another BLAS. Any thread; the setting is process-wide.
 */
void limitBlasThreads(int threads);

/**
 * Sets how many OpenMP threads the calling thread's parallel regions use (omp_set_num_threads: LibTorch's and
 * oneDNN's OpenMP runtime, looked up at run time). A thread of ConvScope's own that runs LibTorch work calls it
 * with 1, so that oneDNN does not start a second team per thread.
 */
void limitOpenMpThreadsOfThisThread(int threads);

}  // namespace convscope
