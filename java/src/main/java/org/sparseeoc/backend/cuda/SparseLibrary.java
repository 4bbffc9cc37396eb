package org.sparseeoc.backend.cuda;

import java.util.Locale;

/**
 * Which sparse products (backend.SparseOps) the CUDA backend runs when training picks the sparse
 * path: this project's kernels or NVIDIA's cuSPARSE as the baseline to compare them with.
 */
public enum SparseLibrary {
    /** The kernels of {@code cuda/sparse.cu} ({@link CudaSparseOps}): any GPU, and the emulator. */
    BUILTIN,
    /**
     * cuSPARSE SpMM/SDDMM on the same CSR ({@link CusparseSparseOps}); a run that asks for it fails,
     * naming the reason, where {@code libcusparse.so.12} does not load.
     */
    CUSPARSE;

    /** The name in specs and on the command line: {@code builtin} or {@code cusparse}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
