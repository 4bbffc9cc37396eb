package org.sparseeoc.sweep;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one pass over a sweep did.
 *
 * @param name the sweep's name
 * @param outcomes one per run handled, in index order
 */
public record SweepReport(String name, List<PointOutcome> outcomes) {
    public SweepReport {
        outcomes = outcomes.stream()
                .sorted(Comparator.comparingInt(PointOutcome::index))
                .toList();
    }

    /** The runs that failed this time. */
    public List<PointOutcome> failures() {
        return outcomes.stream()
                .filter(o -> o.result() == PointOutcome.Result.FAILED)
                .toList();
    }

    /** One line: counts by result, skipped runs, and the failed runs' folders. */
    public String line() {
        long skipped = outcomes.stream()
                .filter(o -> o.action() == PointOutcome.Action.SKIPPED)
                .count();
        StringBuilder line = new StringBuilder("sweep %s: %d runs: %d completed, %d diverged, %d failed"
                .formatted(
                        name,
                        outcomes.size(),
                        count(PointOutcome.Result.COMPLETED),
                        count(PointOutcome.Result.DIVERGED),
                        count(PointOutcome.Result.FAILED)));
        if (skipped > 0) {
            line.append(" (").append(skipped).append(" finished earlier, skipped)");
        }
        if (!failures().isEmpty()) {
            line.append("; failed: ")
                    .append(failures().stream().map(o -> o.dir().toString()).collect(Collectors.joining(", ")))
                    .append(" (reasons in their ")
                    .append(SweepStatus.FILE)
                    .append("; run the sweep again to retry)");
        }
        return line.toString();
    }

    private long count(PointOutcome.Result result) {
        return outcomes.stream().filter(o -> o.result() == result).count();
    }
}
