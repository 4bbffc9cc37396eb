package org.sparseeoc.runreport;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One run folder as read back from disk.
 *
 * @param dir the run folder, relative to the scanned directory
 * @param group what the run is aggregated with
 * @param seed the spec's seed
 * @param state completed, diverged or still in progress (no summary yet)
 * @param end the final metrics; null for an incomplete run
 * @param curve test accuracy against epoch from metrics.csv (empty when there is none)
 */
record RunRecord(Path dir, RunGroup group, long seed, State state, FinalMetrics end, Curve curve) {
    /** How far a run got. */
    enum State {
        COMPLETED,
        DIVERGED,
        INCOMPLETE
    }

    /**
     * What summary.json reports at the end of a run.
     *
     * @param testAccuracy final test accuracy (fraction)
     * @param meanTrainZeros mean over hidden layers of the fraction of exact zeros, train batches
     * @param meanTestZeros the same on test data
     * @param layers per hidden layer, in order of depth
     */
    record FinalMetrics(double testAccuracy, double meanTrainZeros, double meanTestZeros, List<Layer> layers) {
        FinalMetrics {
            layers = List.copyOf(layers);
        }
    }

    /** One hidden layer's measurements at the end of training (test data). */
    record Layer(int layer, double testZeros, double testVariance) {}

    /**
     * Test accuracy at each metrics row; {@code epoch[i]} is the (possibly fractional) epoch at row
     * i, i.e. step·epochs/steps of the run.
     */
    record Curve(double[] epoch, double[] testAccuracy) {
        static final Curve EMPTY = new Curve(new double[0], new double[0]);

        Curve {
            if (epoch.length != testAccuracy.length) {
                throw new IllegalArgumentException(epoch.length + " epochs but " + testAccuracy.length + " values");
            }
        }
    }

    RunRecord {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(curve, "curve");
        if ((state == State.INCOMPLETE) != (end == null)) {
            throw new IllegalArgumentException("final metrics are present exactly when the run has ended");
        }
    }
}
