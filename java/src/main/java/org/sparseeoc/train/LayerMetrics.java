package org.sparseeoc.train;

/**
 * Statistics of one hidden layer's pre-activations z on the measurement batches.
 *
 * @param layer 0-based hidden layer
 * @param trainZeros fraction of exact zeros of φ(z) on training batches
 * @param testZeros same on test batches
 * @param trainClipped fraction in the clipped region on training batches
 * @param testClipped same on test batches
 * @param trainVariance mean z² on training batches (compare with q*)
 * @param testVariance same on test batches
 */
public record LayerMetrics(
        int layer,
        double trainZeros,
        double testZeros,
        double trainClipped,
        double testClipped,
        double trainVariance,
        double testVariance) {}
