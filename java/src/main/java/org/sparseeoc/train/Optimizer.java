package org.sparseeoc.train;

import java.util.List;
import org.sparseeoc.backend.FloatBuffer;

/**
 * An optimizer's mutable state over one parameter buffer (its settings are fixed at construction).
 * {@link #step} applies one update with the given learning rate; the state arrays round-trip
 * through checkpoints.
 */
public sealed interface Optimizer extends AutoCloseable permits SgdMomentum, Adam {
    /** params ← update(params, grads, state) with learning rate {@code lr}. */
    void step(FloatBuffer params, FloatBuffer grads, float lr);

    /** Copies the state arrays to the host (for a checkpoint). */
    List<float[]> saveState();

    /** Restores state arrays and the number of updates applied so far from a checkpoint. */
    void restoreState(List<float[]> state, long steps);

    /** Name for provenance, e.g. {@code sgd(momentum=0.9)}. */
    String describe();

    @Override
    void close();
}
