package org.sparseeoc.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sparseeoc.experiment.ExperimentRunner;

/** Where a sweep run stands, read from its folder. */
public enum RunState {
    /** Nothing started (the folder may hold only a log). */
    NEW,
    /** Started ({@code spec.json} written) but no final summary: resumed from its checkpoint. */
    INTERRUPTED,
    /** The last attempt failed ({@link SweepStatus} says so) and no summary exists: retried. */
    FAILED,
    /** Finished with status completed: skipped. */
    COMPLETED,
    /** Finished with status diverged, a result: skipped. */
    DIVERGED;

    /** True for a run that is done and is not run again. */
    public boolean finished() {
        return this == COMPLETED || this == DIVERGED;
    }

    /** Reads the state of the run folder {@code dir}. */
    public static RunState of(Path dir) {
        String summary = status(dir.resolve(ExperimentRunner.SUMMARY));
        if ("completed".equals(summary)) {
            return COMPLETED;
        }
        if ("diverged".equals(summary)) {
            return DIVERGED;
        }
        if ("failed".equals(status(dir.resolve(SweepStatus.FILE)))) {
            return FAILED;
        }
        return Files.isRegularFile(dir.resolve(ExperimentRunner.SPEC)) ? INTERRUPTED : NEW;
    }

    /** The "status" field of a JSON file; null when the file is absent or unreadable. */
    static String status(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode status = SweepLoader.JSON.readTree(file.toFile()).path("status");
            return status.isTextual() ? status.asText() : null;
        } catch (IOException e) {
            return null; // files are written atomically, so this is a foreign file: not finished
        }
    }
}
