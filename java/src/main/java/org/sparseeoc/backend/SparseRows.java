package org.sparseeoc.backend;

/**
 * A row-compressed (CSR) float32 matrix of up to {@link #maxRows()} rows × {@link #cols()}
 * columns, owned by one {@link SparseOps} instance: for row r, its nonzeros are the entries
 * {@code k} in [rowStart[r], rowStart[r + 1]) with column index col[k] (increasing within the row)
 * and value val[k]. Storage for maxRows·cols entries is allocated once, so any matrix of that shape
 * fits and compressing a batch allocates nothing. The number of rows of the current contents is set
 * by each compression ({@link SparseOps#compressRows}, {@link SparseOps#activationCompress}).
 */
public interface SparseRows extends AutoCloseable {
    /** Largest row count this buffer can hold. */
    int maxRows();

    /** Columns of every row (the dense row length N). */
    int cols();

    /** Rows of the current contents (0 before the first compression). */
    int rows();

    /** Stored nonzeros of the current contents (synchronises on a device). */
    long nonzeros();

    /** Frees the storage. */
    @Override
    void close();
}
