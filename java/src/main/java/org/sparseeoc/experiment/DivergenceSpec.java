package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * When a run counts as diverged. Unclipped sparse activations are only semi-stable at q*: deep
 * nets can blow up layer by layer, and such a run is recorded as diverged, not crashed.
 *
 * @param maxVariance a hidden layer whose pre-activation variance exceeds this (or is not finite)
 *     ends the run as diverged; &gt; 0 (default 1e8, the theory's iteration limit)
 */
public record DivergenceSpec(double maxVariance) {
    public static final DivergenceSpec DEFAULTS = new DivergenceSpec(1e8);

    public DivergenceSpec {
        Check.positive("maxVariance", maxVariance);
    }

    @JsonCreator
    private static DivergenceSpec json(@JsonProperty("maxVariance") Double maxVariance) {
        return new DivergenceSpec(Check.orDefault(maxVariance, DEFAULTS.maxVariance()));
    }
}
