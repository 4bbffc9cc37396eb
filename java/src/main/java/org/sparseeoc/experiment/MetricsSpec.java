package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a run measures besides loss and accuracy.
 *
 * @param everySteps log training metrics every this many steps as well as at each epoch's end; 0
 *     for epoch ends only (default 0)
 * @param sparsityBatches training batches over which each hidden layer's fraction of exact zeros
 *     and pre-activation variance are measured, &ge; 1 (default 4)
 */
public record MetricsSpec(int everySteps, int sparsityBatches) {
    public static final MetricsSpec DEFAULTS = new MetricsSpec(0, 4);

    public MetricsSpec {
        Check.atLeast("everySteps", everySteps, 0);
        Check.atLeast("sparsityBatches", sparsityBatches, 1);
    }

    @JsonCreator
    private static MetricsSpec json(
            @JsonProperty("everySteps") Integer everySteps, @JsonProperty("sparsityBatches") Integer sparsityBatches) {
        return new MetricsSpec(
                Check.orDefault(everySteps, DEFAULTS.everySteps()),
                Check.orDefault(sparsityBatches, DEFAULTS.sparsityBatches()));
    }
}
