package org.sparseeoc.train;

/**
 * Training loss and accuracy summed over the examples seen since the last metrics row.
 *
 * @param lossSum Σ per-example cross-entropy
 * @param correct correct arg-max predictions
 * @param examples examples seen
 */
public record RunningTotals(double lossSum, long correct, long examples) {
    public static final RunningTotals ZERO = new RunningTotals(0, 0, 0);

    /** These totals plus one batch. */
    public RunningTotals plus(double batchLossSum, long batchCorrect, long batchExamples) {
        return new RunningTotals(lossSum + batchLossSum, correct + batchCorrect, examples + batchExamples);
    }

    /** Mean loss per example (NaN when empty). */
    public double meanLoss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    /** Fraction correct (NaN when empty). */
    public double accuracy() {
        return examples == 0 ? Double.NaN : (double) correct / examples;
    }
}
