package org.sparseeoc.train;

import java.util.List;

/**
 * The outcome of a training run.
 *
 * @param status completed or diverged
 * @param divergedAtStep the step at which divergence was detected (−1 if completed)
 * @param divergedLayer the first hidden layer at fault (−1 if none or not identified)
 * @param divergenceReason what was seen (empty if completed)
 * @param rows every metrics row, in order
 */
public record TrainingResult(
        RunStatus status, long divergedAtStep, int divergedLayer, String divergenceReason, List<MetricsRow> rows) {
    public TrainingResult {
        rows = List.copyOf(rows);
    }

    /** The last metrics row. */
    public MetricsRow last() {
        return rows.get(rows.size() - 1);
    }
}
