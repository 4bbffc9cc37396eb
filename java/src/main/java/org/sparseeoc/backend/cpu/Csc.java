package org.sparseeoc.backend.cpu;

import java.util.Arrays;

/**
 * The transpose (CSC) of a {@link HostSparseRows}: column j's entries in increasing row order, so
 * that the weight gradient can build row j of dWᵀ from a list of rows. Grow-only scratch, rebuilt
 * by {@link #of} (a counting sort, O(nnz + N_in)) unless it already holds the transpose of the
 * same contents: a training step's backward pass asks for it twice per layer, for the weight
 * gradient and for the masked input gradient over the same h.
 */
final class Csc {
    /** [≥ N_in + 1]: column j's entries are [colStart[j], colStart[j + 1]). */
    int[] colStart = new int[0];

    /** [≥ nnz]: row of each entry. */
    int[] row = new int[0];

    /** [≥ nnz]: value of each entry. */
    float[] val = new float[0];

    /** Whose contents (and which version of them) this holds; null: nothing yet. */
    private HostSparseRows source;

    private long sourceVersion;

    /** This scratch, now holding the CSC of h. */
    Csc of(HostSparseRows h) {
        if (h == source && h.version == sourceVersion) {
            return this;
        }
        source = h;
        sourceVersion = h.version;
        int rows = h.rows;
        int nIn = h.cols();
        int nnz = h.rowStart[rows];
        if (colStart.length < nIn + 1) {
            colStart = new int[nIn + 1];
        }
        if (row.length < nnz) {
            row = new int[nnz];
            val = new float[nnz];
        }
        int[] start = colStart;
        Arrays.fill(start, 0, nIn + 1, 0);
        int[] col = h.col;
        for (int k = 0; k < nnz; k++) {
            start[col[k] + 1]++;
        }
        for (int j = 0; j < nIn; j++) {
            start[j + 1] += start[j];
        }
        // Fill column by column using start[j] as the insertion cursor, then shift back.
        for (int r = 0; r < rows; r++) {
            for (int k = h.rowStart[r]; k < h.rowStart[r + 1]; k++) {
                int dst = start[col[k]]++;
                row[dst] = r;
                val[dst] = h.val[k];
            }
        }
        System.arraycopy(start, 0, start, 1, nIn);
        start[0] = 0;
        return this;
    }
}
