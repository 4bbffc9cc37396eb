package org.sparseeoc.train;

/**
 * Training loss and accuracy summed over the examples seen since the last metrics row, as saved in
 * a checkpoint (the trainer accumulates them in a mutable {@code LossAccumulator}).
 *
 * @param lossSum Σ per-example cross-entropy
 * @param correct correct arg-max predictions
 * @param examples examples seen
 */
public record RunningTotals(double lossSum, long correct, long examples) {}
