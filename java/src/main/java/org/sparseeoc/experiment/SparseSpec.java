package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.sparseeoc.backend.SparseOps;
import org.sparseeoc.nn.SparseDispatch;

/**
 * Whether an MLP's layers use sparse products (backend.SparseOps) for their hidden inputs, chosen per
 * layer and per step by the measured density of the layer's input ({@link SparseDispatch}). A CNN
 * ignores it; a backend without sparse products runs dense whatever the mode, and
 * provenance records that.
 *
 * @param mode {@code auto} (by density), {@code dense} or {@code sparse} (every product sparse)
 *     (default auto)
 * @param threshold largest input density (fraction of nonzeros) at which auto takes the sparse
 *     forward and weight gradient, in [0, 1]; null (the default): the break-even density measured
 *     for the sparse products in use ({@link org.sparseeoc.backend.SparseOps#breakEven()})
 * @param inputGradientThreshold largest input density at which auto masks the input gradient, in
 *     [0, 1]; null (the default): as for threshold
 */
public record SparseSpec(SparseDispatch.Mode mode, Double threshold, Double inputGradientThreshold) {
    public static final SparseSpec DEFAULTS = new SparseSpec(SparseDispatch.Mode.AUTO, null, null);

    public SparseSpec {
        Check.required("mode", mode, "auto, dense or sparse");
        checkDensity("threshold", threshold);
        checkDensity("inputGradientThreshold", inputGradientThreshold);
    }

    /** The dispatch this spec asks for, unset thresholds taken from {@code sparse} (null: dense only). */
    public SparseDispatch dispatch(SparseOps sparse) {
        return sparse == null
                ? SparseDispatch.DENSE
                : SparseDispatch.resolve(mode, threshold, inputGradientThreshold, sparse.breakEven());
    }

    private static void checkDensity(String field, Double value) {
        if (value != null && !(value >= 0 && value <= 1)) {
            throw new SpecException(
                    field, "must be a density in [0, 1] (or absent for the measured break-even), got " + value);
        }
    }

    @JsonCreator
    private static SparseSpec json(
            @JsonProperty("mode") SparseDispatch.Mode mode,
            @JsonProperty("threshold") Double threshold,
            @JsonProperty("inputGradientThreshold") Double inputGradientThreshold) {
        return new SparseSpec(Check.orDefault(mode, DEFAULTS.mode()), threshold, inputGradientThreshold);
    }
}
