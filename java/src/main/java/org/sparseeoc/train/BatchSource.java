package org.sparseeoc.train;

/**
 * The batches a training run sees. Implementations fill caller-owned arrays (x [rows × features]
 * row-major, y [rows]) and allocate nothing per call. The training order of an epoch must be a pure
 * function of the epoch number (and the run's seed), so that a resumed run sees the same batches.
 */
public interface BatchSource {
    /** Input features per example. */
    int features();

    /** Number of classes. */
    int classes();

    /** Training examples. */
    int trainCount();

    /** Test examples. */
    int testCount();

    /** Batch {@code batch} of epoch {@code epoch}'s shuffled training order; returns its rows. */
    int trainBatch(int epoch, int batch, int batchSize, float[] x, int[] y);

    /** Batch {@code batch} of the training set in stored order (layer statistics); returns rows. */
    int fixedTrainBatch(int batch, int batchSize, float[] x, int[] y);

    /** Batch {@code batch} of the test set in stored order; returns its rows. */
    int testBatch(int batch, int batchSize, float[] x, int[] y);
}
