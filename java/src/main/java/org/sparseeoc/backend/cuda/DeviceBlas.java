package org.sparseeoc.backend.cuda;

/**
 * A vendor GEMM on a {@link Device} (cuBLAS), used by {@link CudaOps#gemm} in place of the built-in
 * {@code sgemm} kernel when present: it is several times faster on large products.
 */
public interface DeviceBlas {
    /** For provenance, e.g. "cuBLAS 12.6 (cublasSgemm, TF32 off)". */
    String description();

    /**
     * The {@link org.sparseeoc.backend.Ops#gemm} contract on device addresses: row-major C[m×n] =
     * alpha·op(A)·op(B) + beta·C with m, n ≥ 1, k ≥ 0, arguments already checked.
     */
    void sgemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            long a,
            int lda,
            long b,
            int ldb,
            float beta,
            long c,
            int ldc);
}
