package org.sparseeoc.nn;

/**
 * Counts of what {@link SparseDispatch} chose over the backward passes (training steps) of one
 * network object: one layer-step per map with a hidden input (maps 1..L) per step.
 *
 * @param layerSteps layer-steps counted
 * @param sparseProducts of those, the ones whose forward and weight gradient were sparse
 * @param maskedInputGradients of those, the ones whose input gradient was masked
 */
public record SparseUsage(long layerSteps, long sparseProducts, long maskedInputGradients) {
    /** Nothing counted (a network without sparse dispatch). */
    public static final SparseUsage NONE = new SparseUsage(0, 0, 0);

    public SparseUsage {
        if (layerSteps < 0 || sparseProducts < 0 || maskedInputGradients < 0) {
            throw new IllegalArgumentException("negative count");
        }
    }

    /** Fraction of layer-steps with sparse forward and weight gradient (0 when none were counted). */
    public double sparseFraction() {
        return layerSteps == 0 ? 0 : (double) sparseProducts / layerSteps;
    }

    /** Fraction of layer-steps with a masked input gradient (0 when none were counted). */
    public double maskedFraction() {
        return layerSteps == 0 ? 0 : (double) maskedInputGradients / layerSteps;
    }
}
