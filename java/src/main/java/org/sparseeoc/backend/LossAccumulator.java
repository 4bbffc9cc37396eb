package org.sparseeoc.backend;

/**
 * Running totals of softmax cross-entropy, added to by {@link Ops#softmaxCrossEntropy}: a mutable
 * holder owned by the caller, so the training step allocates nothing.
 */
public final class LossAccumulator {
    private double lossSum;
    private long correct;
    private long examples;

    /** Adds one batch: its summed loss, its correct arg-max predictions and its row count. */
    public void add(double batchLossSum, long batchCorrect, long batchExamples) {
        lossSum += batchLossSum;
        correct += batchCorrect;
        examples += batchExamples;
    }

    /** Adds another accumulator's totals. */
    public void add(LossAccumulator other) {
        add(other.lossSum, other.correct, other.examples);
    }

    /** Sets the totals (e.g. from a checkpoint). */
    public void set(double lossSum, long correct, long examples) {
        this.lossSum = lossSum;
        this.correct = correct;
        this.examples = examples;
    }

    /** Back to zero. */
    public void reset() {
        set(0, 0, 0);
    }

    /** Σ per-example loss (natural log). */
    public double lossSum() {
        return lossSum;
    }

    /** Correct arg-max predictions (ties: lowest index wins). */
    public long correct() {
        return correct;
    }

    /** Examples added. */
    public long examples() {
        return examples;
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
