package org.sparseeoc.train;

/**
 * The loop's settings (the optimizer and schedule are passed separately).
 *
 * @param epochs epochs to train (≥ 1)
 * @param batchSize examples per step (≥ 1)
 * @param gradClip maximum global L2 norm of the gradient, or 0 for no clipping
 * @param metricsEverySteps also write a metrics row every this many steps (0: at epoch ends only)
 * @param statsBatches batches of train and of test data on which per-layer statistics are measured
 * @param maxVariance a hidden layer whose mean z² exceeds this ends the run as diverged
 * @param checkpointEverySteps also checkpoint every this many steps (0: at epoch ends only)
 */
public record TrainingSettings(
        int epochs,
        int batchSize,
        double gradClip,
        int metricsEverySteps,
        int statsBatches,
        double maxVariance,
        int checkpointEverySteps) {
    public TrainingSettings {
        if (epochs < 1 || batchSize < 1 || statsBatches < 1) {
            throw new IllegalArgumentException("epochs, batchSize and statsBatches must be >= 1");
        }
        if (!(gradClip >= 0) || metricsEverySteps < 0 || checkpointEverySteps < 0 || !(maxVariance > 0)) {
            throw new IllegalArgumentException("gradClip >= 0, metrics/checkpoint intervals >= 0, maxVariance > 0");
        }
    }
}
