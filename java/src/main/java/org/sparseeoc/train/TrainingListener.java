package org.sparseeoc.train;

import java.io.IOException;

/** Receives what a training run produces, in order; writing it out is the listener's job. */
public interface TrainingListener {
    /** A metrics row was computed. */
    void onMetrics(MetricsRow row) throws IOException;

    /** A checkpoint is due; write it (atomically). */
    void onCheckpoint(Checkpoint checkpoint) throws IOException;

    /** One step done (for progress display): that batch's mean loss and accuracy. */
    default void onStep(int epoch, int stepInEpoch, int stepsPerEpoch, double loss, double accuracy) {}
}
