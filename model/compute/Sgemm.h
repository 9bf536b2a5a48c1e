#pragma once

#include <cstdint>

namespace convscope {

/**
 * Single-precision GEMM on row-major matrices: C = alpha · op(A) · op(B) + beta · C, with op(X) = X or Xᵀ.
 * A is m×k after op, B is k×n after op, C is m×n; lda, ldb and ldc are the row strides of the stored matrices.
 *
 * Computed by oneDNN's dnnl_sgemm (Debian's libdnnl, which LibTorch already loads for its convolutions).
 * oneDNN picks its kernels from the CPU's instruction set at run time; the system OpenBLAS that LibTorch's own
 * matmul calls falls back to its generic SSE3 kernels on CPUs it does not know (the AVX-512 Xeon these figures were measured on among
 * them), 2-4x slower on the trainer's shapes (docs/performance.md, "Fast kernels").
 * Runs on the caller's OpenMP threads: inside a parallel region it uses one thread. Throws std::runtime_error
 * if oneDNN rejects the arguments.
 */
void sgemm(bool transposeA, bool transposeB, std::int64_t m, std::int64_t n, std::int64_t k, float alpha,
           const float *a, std::int64_t lda, const float *b, std::int64_t ldb, float beta, float *c, std::int64_t ldc);

}  // namespace convscope
