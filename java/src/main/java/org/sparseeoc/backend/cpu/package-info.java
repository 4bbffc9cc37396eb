/**
 * The CPU backend ({@link org.sparseeoc.backend.cpu.CpuOps}): float32 buffers in native memory
 * (Java FFM), GEMM in native OpenBLAS from Maven called through FFM downcalls, elementwise ops and
 * reductions as vectorisable Java loops on the calling thread. The reference every other backend is
 * tested against, and the fast path on machines without a GPU.
 *
 * <p>Thread count: {@code -Dsparseeoc.cpu.threads=N} (default: available processors) sets the
 * OpenBLAS threads; results are bit-identical run to run for a fixed N.
 *
 * <p>Sparse products ({@link org.sparseeoc.backend.cpu.CpuSparseOps}): Vector API loops when the
 * JVM loads {@code jdk.incubator.vector} (the launchers pass {@code --add-modules}), else
 * plain-Java loops; {@code -Dsparseeoc.cpu.sparseSimd=false} forces the latter.
 */
package org.sparseeoc.backend.cpu;
