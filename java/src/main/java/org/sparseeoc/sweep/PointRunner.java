package org.sparseeoc.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sparseeoc.experiment.ExperimentRunner;
import org.sparseeoc.experiment.ExperimentSpec;
import org.sparseeoc.experiment.RunOutcome;
import org.sparseeoc.train.MetricsRow;
import org.sparseeoc.train.RunStatus;
import org.sparseeoc.train.TrainingListener;
import org.sparseeoc.train.TrainingResult;

/**
 * Runs one run of a sweep plan in this process, whatever state its folder is in: a finished run
 * (summary status completed or diverged) is skipped untouched; a started one ({@code spec.json}
 * there) is resumed from its checkpoint, after checking that it is a run of the same spec; anything
 * else is trained from scratch. A run that throws is recorded as failed in {@link SweepStatus}, not
 * rethrown, so that a sweep goes on with its other runs.
 */
public final class PointRunner {
    private PointRunner() {}

    /** Runs (or skips, or resumes) {@code run}; {@code listener} sees its training. */
    public static PointOutcome run(PlannedRun run, TrainingListener listener) throws IOException {
        Path dir = run.dir();
        RunState state = RunState.of(dir);
        if (state.finished()) {
            PointOutcome.Result result =
                    state == RunState.COMPLETED ? PointOutcome.Result.COMPLETED : PointOutcome.Result.DIVERGED;
            return new PointOutcome(run.index(), dir, PointOutcome.Action.SKIPPED, result, "finished earlier");
        }
        boolean started = Files.isRegularFile(dir.resolve(ExperimentRunner.SPEC));
        PointOutcome.Action action = started ? PointOutcome.Action.RESUMED : PointOutcome.Action.TRAINED;
        PointOutcome outcome;
        try {
            RunOutcome done;
            if (started) {
                checkSameSpec(run);
                done = ExperimentRunner.resume(dir, listener);
            } else {
                done = ExperimentRunner.train(run.spec(), listener);
            }
            outcome = new PointOutcome(run.index(), dir, action, result(done.result()), describe(done.result()));
        } catch (RuntimeException | IOException e) {
            outcome = new PointOutcome(run.index(), dir, action, PointOutcome.Result.FAILED, reason(e));
        }
        SweepStatus.write(outcome, run.label());
        return outcome;
    }

    /**
     * A folder holding a different spec means the sweep file changed under a started sweep, so that
     * index i now names another run; resuming would mix the two.
     */
    private static void checkSameSpec(PlannedRun run) {
        ExperimentSpec there = ExperimentRunner.resumedSpec(run.dir());
        if (!there.equals(run.spec())) {
            throw new IllegalArgumentException(
                    run.dir() + " holds a run of another spec than point " + run.index()
                            + " of this sweep (was the sweep or base file changed?); move the folder away to run the point afresh");
        }
    }

    private static PointOutcome.Result result(TrainingResult result) {
        return switch (result.status()) {
            case COMPLETED -> PointOutcome.Result.COMPLETED;
            case DIVERGED -> PointOutcome.Result.DIVERGED;
        };
    }

    private static String describe(TrainingResult result) {
        MetricsRow last = result.last();
        String head = result.status() == RunStatus.DIVERGED
                ? "diverged at step " + result.divergedAtStep() + ": " + result.divergenceReason() + " | "
                : "";
        return head + "test accuracy %.4f, exact zeros %.4f".formatted(last.testAccuracy(), last.meanTestZeros());
    }

    /** The exception as one line: its message, or its class when it has none. */
    static String reason(Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
