package org.sparseeoc.backend;

/**
 * Softmax cross-entropy over a batch.
 *
 * @param sumLoss Σ over rows of −log softmax(logits)[label] (natural log)
 * @param correct rows whose arg-max logit equals the label (ties: lowest index wins)
 */
public record LossResult(double sumLoss, long correct) {}
