package org.sparseeoc.theory;

import java.util.Arrays;

/**
 * The variance map iterated layer by layer, q^{l+1} = V(q^l): where a depth-L net's pre-activation
 * variance ends up when its first layer starts at q⁰.
 *
 * @param trajectory q⁰, q¹, …, up to q^L or the layer where the run diverged
 * @param outcome how the iteration ended
 * @param qStar the EoC fixed point it is judged against
 */
public record VarianceIteration(double[] trajectory, Outcome outcome, double qStar) {
    /** q above this multiple of q* (or non-finite) counts as divergence. */
    public static final double DIVERGENCE_FACTOR = 1e8;

    /** |q^L/q* − 1| at most this counts as a return to q*. */
    public static final double RETURN_TOLERANCE = 1e-3;

    /** How an iteration ended. */
    public enum Outcome {
        /** q^L is within {@link #RETURN_TOLERANCE} of q*. */
        RETURNED_TO_QSTAR,
        /** q exceeded {@link #DIVERGENCE_FACTOR}·q* (or overflowed) before layer L. */
        DIVERGED,
        /** Still finite after L layers but not at q* (drifting, or at another fixed point). */
        ENDED_ELSEWHERE
    }

    public VarianceIteration {
        trajectory = trajectory.clone();
    }

    /** Iterates V from q⁰ for {@code depth} layers, stopping early on divergence. */
    public static VarianceIteration run(EocInit init, double q0, int depth) {
        if (!(q0 > 0 && Double.isFinite(q0))) {
            throw new IllegalArgumentException("q0 must be finite and > 0, got " + q0);
        }
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be >= 0, got " + depth);
        }
        MeanFieldMaps maps = init.maps();
        double qStar = init.qStar();
        double[] q = new double[depth + 1];
        q[0] = q0;
        for (int layer = 1; layer <= depth; layer++) {
            if (!(q[layer - 1] <= DIVERGENCE_FACTOR * qStar)) {
                return new VarianceIteration(Arrays.copyOf(q, layer), Outcome.DIVERGED, qStar);
            }
            q[layer] = maps.variance(q[layer - 1]);
        }
        Outcome outcome;
        if (!(q[depth] <= DIVERGENCE_FACTOR * qStar)) {
            outcome = Outcome.DIVERGED;
        } else if (Math.abs(q[depth] / qStar - 1) <= RETURN_TOLERANCE) {
            outcome = Outcome.RETURNED_TO_QSTAR;
        } else {
            outcome = Outcome.ENDED_ELSEWHERE;
        }
        return new VarianceIteration(q, outcome, qStar);
    }

    /** The last layer computed (L, or the layer at which divergence was detected). */
    public int lastLayer() {
        return trajectory.length - 1;
    }

    /** q at the last layer computed. */
    public double finalVariance() {
        return trajectory[trajectory.length - 1];
    }

    @Override
    public double[] trajectory() {
        return trajectory.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VarianceIteration v
                && Arrays.equals(trajectory, v.trajectory)
                && outcome == v.outcome
                && Double.compare(qStar, v.qStar) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(trajectory) + outcome.hashCode()) + Double.hashCode(qStar);
    }

    @Override
    public String toString() {
        return "VarianceIteration[outcome=" + outcome + ", layers=" + lastLayer() + ", final=" + finalVariance() + "]";
    }
}
