package org.sparseeoc.nn;

import java.util.Locale;
import org.sparseeoc.backend.BreakEven;

/**
 * How an {@link Mlp} chooses, per layer and per step, between dense GEMMs and the sparse products of
 * {@link org.sparseeoc.backend.SparseOps} for a map whose input is a hidden activation h (maps 1..L;
 * the first map's input x is never compressed). The density ρ = nnz(h)/(rows·width) is what the
 * activation pass measures as it compresses h, so choosing costs nothing extra.
 *
 * <ul>
 *   <li>forward z = h·Wᵀ + b and weight gradient dWᵀ = hᵀ·δ: sparse when ρ ≤ {@code threshold}
 *       (both need only the compressed h, so they switch together);
 *   <li>input gradient dH = δ·W: masked to the nonzeros of h when ρ ≤ {@code
 *       inputGradientThreshold}, else the dense GEMM (the masked kernel is the slowest of the three,
 *       so it pays only at lower densities).
 * </ul>
 *
 * {@link Mode#DENSE} never compresses (exactly the dense path); {@link Mode#SPARSE} takes all three
 * sparse products at every density (for tests and measurements).
 *
 * @param mode auto (by density), dense or sparse
 * @param threshold largest density at which auto mode takes the sparse forward and weight gradient,
 *     in [0, 1]
 * @param inputGradientThreshold largest density at which auto mode masks the input gradient, in
 *     [0, 1]
 */
public record SparseDispatch(Mode mode, double threshold, double inputGradientThreshold) {
    /** Dense GEMMs only (the thresholds are not read). */
    public static final SparseDispatch DENSE = new SparseDispatch(Mode.DENSE, 0, 0);

    /** How the products are chosen. */
    public enum Mode {
        /** By the measured density against the thresholds. */
        AUTO,
        /** Always dense GEMMs. */
        DENSE,
        /** Always the three sparse products. */
        SPARSE;

        /** The name in specs and on the command line, e.g. {@code auto}. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SparseDispatch {
        if (mode == null) {
            throw new IllegalArgumentException("mode is required");
        }
        if (!(threshold >= 0 && threshold <= 1) || !(inputGradientThreshold >= 0 && inputGradientThreshold <= 1)) {
            throw new IllegalArgumentException(
                    "thresholds must lie in [0, 1], got " + threshold + " and " + inputGradientThreshold);
        }
    }

    /**
     * {@code mode} with the given thresholds, or where one is null the break-even density measured
     * for the sparse products in use ({@link BreakEven}).
     */
    public static SparseDispatch resolve(
            Mode mode, Double threshold, Double inputGradientThreshold, BreakEven measured) {
        return new SparseDispatch(
                mode,
                threshold != null ? threshold : measured.products(),
                inputGradientThreshold != null ? inputGradientThreshold : measured.maskedInputGradient());
    }

    /** Whether this ever uses sparse products (so that the activation pass must compress h). */
    boolean compresses() {
        return mode != Mode.DENSE;
    }

    /** Sparse forward and weight gradient for an input with {@code nonzeros} of {@code entries}? */
    boolean sparseProducts(long nonzeros, long entries) {
        return switch (mode) {
            case DENSE -> false;
            case SPARSE -> true;
            case AUTO -> nonzeros <= threshold * entries;
        };
    }

    /** Masked input gradient for an input with {@code nonzeros} of {@code entries}? */
    boolean maskedInputGradient(long nonzeros, long entries) {
        return switch (mode) {
            case DENSE -> false;
            case SPARSE -> true;
            case AUTO -> nonzeros <= inputGradientThreshold * entries;
        };
    }
}
