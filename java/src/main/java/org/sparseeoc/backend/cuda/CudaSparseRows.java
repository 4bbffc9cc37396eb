package org.sparseeoc.backend.cuda;

import org.sparseeoc.backend.SparseRows;

/**
 * The device {@link SparseRows}: standard CSR (zero-based, int32 indices, float32 values) in three
 * {@link CudaOps} buffers, the layout cuSPARSE's {@code cusparseCreateCsr} takes, so {@link
 * CusparseSparseOps} reads the same buffers as the built-in kernels. Storage for maxRows·cols
 * entries is allocated once (maxRows·cols &lt; 2³¹, since the indices are int32).
 */
final class CudaSparseRows implements SparseRows {
    final CudaSparseOps owner;
    private final int maxRows;
    private final int cols;
    /** [maxRows + 1] ints: row r's entries are [rowStart[r], rowStart[r + 1]); rowStart[0] = 0. */
    final CudaIntBuffer rowStart;
    /** [maxRows·cols] ints: column of each entry, increasing within a row. */
    final CudaIntBuffer col;
    /** [maxRows·cols] floats: value of each entry. */
    final CudaFloatBuffer val;
    /** Rows of the current contents. */
    int rows;

    private boolean closed;

    CudaSparseRows(CudaSparseOps owner, CudaOps ops, int maxRows, int cols) {
        if (maxRows < 0 || cols < 0 || (long) maxRows * cols > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(
                    "need maxRows, cols >= 0 and maxRows·cols < 2³¹, got " + maxRows + " × " + cols);
        }
        this.owner = owner;
        this.maxRows = maxRows;
        this.cols = cols;
        // Zeroed by CudaOps, so rowStart describes rows = 0 (and any prefix) before a compression.
        this.rowStart = (CudaIntBuffer) ops.allocateInts(maxRows + 1L);
        this.col = (CudaIntBuffer) ops.allocateInts((long) maxRows * cols);
        this.val = (CudaFloatBuffer) ops.allocate((long) maxRows * cols);
    }

    @Override
    public int maxRows() {
        return maxRows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public int rows() {
        return rows;
    }

    /** rowStart[rows], copied from the device (after every launch so far). */
    @Override
    public long nonzeros() {
        live();
        int[] end = new int[1];
        owner.device().copyToHost(rowStart.address + (long) Integer.BYTES * rows, end, 0, 1);
        return end[0];
    }

    /** This buffer, after checking that it is still open. */
    CudaSparseRows live() {
        if (closed) {
            throw new IllegalStateException("SparseRows is closed");
        }
        return this;
    }

    /** Frees the three device buffers (idempotent); any later use throws IllegalStateException. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            rows = 0;
            rowStart.close();
            col.close();
            val.close();
        }
    }

    @Override
    public String toString() {
        return "CudaSparseRows[" + rows + "/" + maxRows + " × " + cols + "]";
    }
}
