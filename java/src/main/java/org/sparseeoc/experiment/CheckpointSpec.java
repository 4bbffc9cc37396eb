package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * When a run saves its state so that it can resume.
 *
 * @param everySteps save every this many steps as well as at each epoch's end; 0 for epoch ends
 *     only (default 0)
 */
public record CheckpointSpec(int everySteps) {
    public static final CheckpointSpec DEFAULTS = new CheckpointSpec(0);

    public CheckpointSpec {
        Check.atLeast("everySteps", everySteps, 0);
    }

    @JsonCreator
    private static CheckpointSpec json(@JsonProperty("everySteps") Integer everySteps) {
        return new CheckpointSpec(Check.orDefault(everySteps, DEFAULTS.everySteps()));
    }
}
