package org.sparseeoc.sweep;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.sparseeoc.experiment.ExperimentSpec;

/**
 * One run of a sweep plan.
 *
 * @param index its number, from 0, stable for a given sweep file
 * @param sets the overrides that make it from the base spec
 * @param label the readable part of its folder and name ({@link RunLabel})
 * @param spec the resolved experiment spec, with name {@code <sweep>-<index>-<label>} and output
 *     {@code <sweep output>/<index>-<label>}
 */
public record PlannedRun(int index, List<Assignment> sets, String label, ExperimentSpec spec) {
    public PlannedRun {
        sets = List.copyOf(sets);
    }

    /** The run's folder. */
    public Path dir() {
        return spec.outputDir();
    }

    /** The overrides as {@code path=value, ...} for people; "(base)" when there are none. */
    public String describe() {
        return sets.isEmpty()
                ? "(base)"
                : sets.stream().map(Assignment::display).collect(Collectors.joining(", "));
    }
}
