package org.sparseeoc.backend.cpu;

import org.sparseeoc.backend.SparseRows;

/**
 * The CPU {@link SparseRows}: CSR in Java heap arrays. Heap, not native memory, because only the
 * Java kernels of {@link CpuSparseOps} read it (OpenBLAS never does), and C2 vectorises loops over
 * heap arrays but not between native segments (see {@link Tiles}).
 */
final class HostSparseRows implements SparseRows {
    final CpuSparseOps owner;
    private final int maxRows;
    private final int cols;
    /** [maxRows + 1]: row r's entries are [rowStart[r], rowStart[r + 1]); rowStart[0] = 0. */
    int[] rowStart;
    /**
     * Entries past maxRows·cols that the arrays keep free: the SIMD compression writes a whole
     * vector (≤ 64 floats for any vector width Java supports) at the current end of the entries.
     */
    static final int SLACK = 64;

    /** [maxRows·cols + SLACK]: column index of each entry, increasing within a row. */
    int[] col;
    /** [maxRows·cols + SLACK]: value of each entry. */
    float[] val;
    /** Rows of the current contents. */
    int rows;

    /** Bumped each time the contents are replaced, so that a transpose of them can be reused. */
    long version;

    HostSparseRows(CpuSparseOps owner, int maxRows, int cols) {
        if (maxRows < 0 || cols < 0 || (long) maxRows * cols > Integer.MAX_VALUE - 16 - SLACK) {
            throw new IllegalArgumentException(
                    "need maxRows, cols >= 0 and maxRows·cols < 2³¹, got " + maxRows + " × " + cols);
        }
        this.owner = owner;
        this.maxRows = maxRows;
        this.cols = cols;
        this.rowStart = new int[maxRows + 1];
        this.col = new int[maxRows * cols + SLACK];
        this.val = new float[maxRows * cols + SLACK];
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

    @Override
    public long nonzeros() {
        return live().rowStart[rows];
    }

    /** Marks new contents of {@code rows} rows (rowStart, col and val already written). */
    void filled(int rows) {
        this.rows = rows;
        version++;
    }

    /** This buffer, after checking that it is still open. */
    HostSparseRows live() {
        if (val == null) {
            throw new IllegalStateException("SparseRows is closed");
        }
        return this;
    }

    /** Drops the arrays (idempotent); any later use throws IllegalStateException. */
    @Override
    public void close() {
        rowStart = null;
        col = null;
        val = null;
        rows = 0;
    }

    @Override
    public String toString() {
        return "HostSparseRows[" + rows + "/" + maxRows + " × " + cols + "]";
    }
}
