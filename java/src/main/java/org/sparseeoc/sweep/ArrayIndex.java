package org.sparseeoc.sweep;

import java.util.List;
import java.util.Map;

/**
 * Which run of a sweep this process runs: {@code --index} when given, else the index a scheduler
 * put in the environment: {@value #KUBERNETES} (a Kubernetes Indexed Job) or {@value #SLURM} (a
 * Slurm job array), in that order. Both count from 0, like plan indices.
 *
 * @param value the index
 * @param from where it came from, for messages ("--index" or the variable's name)
 */
public record ArrayIndex(int value, String from) {
    /** Set by Kubernetes in every pod of an Indexed Job. */
    public static final String KUBERNETES = "JOB_COMPLETION_INDEX";

    /** Set by Slurm in every task of a job array. */
    public static final String SLURM = "SLURM_ARRAY_TASK_ID";

    /**
     * The index from {@code option} (null when not given) or {@code env}, checked against a plan of
     * {@code size} runs.
     */
    public static ArrayIndex resolve(Integer option, Map<String, String> env, int size) {
        ArrayIndex index = option != null ? new ArrayIndex(option, "--index") : fromEnvironment(env);
        if (index.value < 0 || index.value >= size) {
            throw new SweepException(
                    "",
                    index.from,
                    "run " + index.value + " does not exist: the sweep has " + size + " runs, 0 to " + (size - 1));
        }
        return index;
    }

    private static ArrayIndex fromEnvironment(Map<String, String> env) {
        for (String variable : List.of(KUBERNETES, SLURM)) {
            String text = env.get(variable);
            if (text != null) {
                try {
                    return new ArrayIndex(Integer.parseInt(text.strip()), variable);
                } catch (NumberFormatException e) {
                    throw new SweepException("", variable, "expected a run index (an integer), got '" + text + "'", e);
                }
            }
        }
        throw new SweepException(
                "",
                "--index",
                "missing: give --index i, run under a Kubernetes Indexed Job (" + KUBERNETES
                        + ") or a Slurm job array (" + SLURM + "), or use --local to run every run here");
    }
}
