package org.sparseeoc.train;

import java.util.List;

/**
 * One row of a run's metrics: at initialisation (step 0), every k steps if asked, and at every
 * epoch end. All fields but the two timing ones are bit-identical between runs with the same seed.
 *
 * @param epoch epochs completed (fractional rows between epoch ends carry the epoch in progress)
 * @param step optimizer steps done
 * @param learningRate the rate of the last step (0 at step 0)
 * @param trainLoss mean training loss since the previous row (NaN at step 0)
 * @param trainAccuracy training accuracy since the previous row (NaN at step 0)
 * @param testLoss mean loss over the whole test set
 * @param testAccuracy accuracy over the whole test set
 * @param meanTrainZeros mean over hidden layers of the fraction of exact zeros (training batches)
 * @param meanTestZeros same on test batches
 * @param layers per-hidden-layer statistics
 * @param samplesPerSecond training throughput since the previous row (timing: not reproducible)
 * @param elapsedSeconds wall time since the run (or its resumption) started (timing)
 */
public record MetricsRow(
        int epoch,
        long step,
        double learningRate,
        double trainLoss,
        double trainAccuracy,
        double testLoss,
        double testAccuracy,
        double meanTrainZeros,
        double meanTestZeros,
        List<LayerMetrics> layers,
        double samplesPerSecond,
        double elapsedSeconds) {
    public MetricsRow {
        layers = List.copyOf(layers);
    }
}
