package org.sparseeoc.backend.cpu;

import java.lang.foreign.MemorySegment;

/**
 * The loops behind {@link CpuSparseOps}, after its argument checks: {@link SparseKernels} (plain
 * Java that C2 auto-vectorises; always available, the reference) or {@link SimdSparseKernels}
 * (Vector API; used when the {@code jdk.incubator.vector} module is loaded). Native operands are
 * float32 segments of the owning {@link CpuOps}; shapes as in {@link
 * org.sparseeoc.backend.SparseOps}.
 */
sealed interface SparseLoops extends AutoCloseable permits SparseKernels, SimdSparseKernels {
    /** Which loops these are, for provenance (e.g. "scalar", "simd (…, 512-bit, 16 float lanes)"). */
    String describe();

    /** Releases worker threads, if any (idempotent). */
    @Override
    void close();

    /** out = nonzeros of h [rows × out.cols]. */
    void compress(MemorySegment h, int rows, HostSparseRows out);

    /** out = nonzeros of φ(z), z [rows × out.cols], φ as ActivationKernels.forward. */
    void activationCompress(boolean odd, float tau, float clip, MemorySegment z, int rows, HostSparseRows out);

    /** z [B × nOut] = h·Wᵀ + bias; wT [nIn × nOut], bias [nOut] or null. */
    void forward(HostSparseRows h, MemorySegment wT, MemorySegment bias, MemorySegment z, int nOut);

    /** dW [nOut × nIn] = δᵀ·h; δ [B × nOut]. */
    void weightGradient(MemorySegment delta, HostSparseRows h, MemorySegment dW, int nOut);

    /** dWᵀ [nIn × nOut] = hᵀ·δ; δ [B × nOut]. */
    void weightGradientTransposed(MemorySegment delta, HostSparseRows h, MemorySegment dWT, int nOut);

    /** dH [B × nIn] = (δ·W) at the entries of mask, 0 elsewhere; δ [B × nOut], wT [nIn × nOut]. */
    void maskedInputGradient(MemorySegment delta, MemorySegment wT, HostSparseRows mask, MemorySegment dH, int nOut);
}
