package org.sparseeoc.backend;

/**
 * Densities of h (fraction of nonzeros) below which a {@link SparseOps}' products beat the dense
 * GEMMs of the same backend, as measured with {@code sparse-eoc bench sparse} and {@code bench train
 * --sparse-compare} (docs/BENCHMARKS.md). nn.SparseDispatch's auto mode uses them when the spec
 * leaves its thresholds unset.
 *
 * @param products the sparse forward product and weight gradient (they switch together), in [0, 1]
 * @param maskedInputGradient the masked input gradient, in [0, 1]
 * @param basis where the figures come from, for provenance
 */
public record BreakEven(double products, double maskedInputGradient, String basis) {
    public BreakEven {
        if (!(products >= 0 && products <= 1) || !(maskedInputGradient >= 0 && maskedInputGradient <= 1)) {
            throw new IllegalArgumentException(
                    "break-even densities must lie in [0, 1], got " + products + " and " + maskedInputGradient);
        }
        if (basis == null || basis.isBlank()) {
            throw new IllegalArgumentException("basis is required");
        }
    }
}
