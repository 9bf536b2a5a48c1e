#pragma once

namespace convscope {

/**
 * Sets how many threads the system BLAS may use, when it is OpenBLAS (Debian's libblas.so.3 alternative that
 * LibTorch calls for Linear layers). OpenBLAS otherwise starts one thread per core next to LibTorch's own,
 * which on a small machine halves training speed and takes the core the GUI needs. Looked up at run time,
 * so nothing happens with another BLAS. Any thread; the setting is process-wide.
 */
void limitBlasThreads(int threads);

}  // namespace convscope
