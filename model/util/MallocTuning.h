#pragma once

namespace convscope {

/**
 * Makes glibc's allocator keep freed memory for reuse instead of handing it back to the kernel at once. By default
 * every buffer above 128 KB (a clip's spectrum frames, a batch's activations) is mmap'ed and unmapped on free, and
 * the heap is trimmed at 128 KB of free space, so each clip paid for fresh zeroed pages: `convscope-cli evaluate` of
 * 1000 clips spent 3.4 of its 6.8 s in page faults (perf: clear_page_erms, exc_page_fault); with 4 MB and 32 MB
 * thresholds it took 2.0 s at the same peak memory. The thresholds are now 32 MB (glibc's largest) and 128 MB, so the
 * plain net's 6 MB weight gradients, made every training step, are reused too. Call first thing in main(); a no-op under sanitizers' allocators.
 */
void keepFreedMemoryForReuse();

}  // namespace convscope
