package org.sparseeoc.sweep;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How one run of a sweep went this time.
 *
 * @param index the run's index in the plan
 * @param dir the run's folder
 * @param action what was done: trained from scratch, resumed, or skipped as finished
 * @param result completed, diverged (a result, not a failure) or failed
 * @param detail one line: the run's final metrics, or why it failed
 */
public record PointOutcome(int index, Path dir, Action action, Result result, String detail) {
    /** What the sweep did with a run. */
    public enum Action {
        TRAINED,
        RESUMED,
        SKIPPED;

        String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the run ended. */
    public enum Result {
        COMPLETED,
        DIVERGED,
        FAILED;

        String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One line for people, e.g. {@code 0003-crelu_seed2: completed (resumed) | ...}. */
    public String line() {
        return "%s: %s (%s)%s"
                .formatted(
                        dir.getFileName(),
                        result.jsonName(),
                        action.jsonName(),
                        detail.isEmpty() ? "" : " | " + detail);
    }
}
