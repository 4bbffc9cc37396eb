package org.sparseeoc.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparseeoc.experiment.ExperimentRunner;

/** Sweeps run in this process: skip, resume, record failures, go on. */
class PointRunnerTest {
    @TempDir
    Path dir;

    /** Two good runs (seeds 1, 2) and one whose data set does not exist (valid spec, fails at run time). */
    private SweepPlan plan() {
        String missing = "idx:" + dir.resolve("no-such-mnist").toString().replace("\\", "/");
        Path file = SweepFiles.write(
                dir, SweepFiles.sweep(dir, "run", "[{\"seed\": [1, 2]}]", "[{\"data.source\": \"" + missing + "\"}]"));
        return SweepPlan.of(SweepLoader.load(file));
    }

    private SweepReport runAll(SweepPlan plan, List<Integer> ran) throws Exception {
        StringWriter out = new StringWriter();
        return LocalSweep.run(
                plan,
                1,
                "unused",
                run -> {
                    PointOutcome outcome = PointRunner.run(run, SweepFiles.SILENT);
                    if (outcome.action() != PointOutcome.Action.SKIPPED) {
                        ran.add(run.index());
                    }
                    return outcome;
                },
                new PrintWriter(out));
    }

    @Test
    void aFailedRunIsRecordedTheOthersCompleteAndARerunSkipsFinishedRuns() throws Exception {
        SweepPlan plan = plan();
        List<Integer> ran = new ArrayList<>();
        SweepReport first = runAll(plan, ran);
        assertEquals(List.of(0, 1, 2), ran);
        assertEquals(
                List.of(PointOutcome.Result.COMPLETED, PointOutcome.Result.COMPLETED, PointOutcome.Result.FAILED),
                first.outcomes().stream().map(PointOutcome::result).toList());
        assertEquals(
                List.of(plan.run(2).dir()),
                first.failures().stream().map(PointOutcome::dir).toList());
        assertTrue(
                first.line().startsWith("sweep run: 3 runs: 2 completed, 0 diverged, 1 failed; failed: "),
                first.line());
        JsonNode status = SweepLoader.JSON.readTree(
                plan.run(2).dir().resolve(SweepStatus.FILE).toFile());
        assertEquals("failed", status.path("status").asText());
        assertTrue(status.path("detail").asText().contains("no-such-mnist"), status.toString());
        assertEquals(RunState.FAILED, RunState.of(plan.run(2).dir()));
        for (int i = 0; i < 2; i++) {
            Path summary = plan.run(i).dir().resolve(ExperimentRunner.SUMMARY);
            assertEquals("completed", RunState.status(summary));
            assertEquals(RunState.COMPLETED, RunState.of(plan.run(i).dir()));
        }

        // Mark the finished runs' files old: a rerun that touched them would change their times.
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        for (int i = 0; i < 2; i++) {
            try (var files = Files.list(plan.run(i).dir())) {
                for (Path file : files.toList()) {
                    Files.setLastModifiedTime(file, old);
                }
            }
        }
        ran.clear();
        SweepReport second = runAll(plan, ran);
        assertEquals(List.of(2), ran, "only the failed run is tried again");
        assertEquals(PointOutcome.Action.SKIPPED, second.outcomes().get(0).action());
        assertEquals(PointOutcome.Result.COMPLETED, second.outcomes().get(1).result());
        assertTrue(second.line().contains("(2 finished earlier, skipped)"), second.line());
        for (int i = 0; i < 2; i++) {
            try (var files = Files.list(plan.run(i).dir())) {
                for (Path file : files.toList()) {
                    assertEquals(old, Files.getLastModifiedTime(file), file + " was rewritten");
                }
            }
        }
    }

    @Test
    void anInterruptedRunIsResumedFromItsCheckpoint() throws Exception {
        SweepPlan plan = plan();
        PlannedRun run = plan.run(1);
        assertEquals(
                PointOutcome.Action.TRAINED,
                PointRunner.run(run, SweepFiles.SILENT).action());
        // Killed after its last checkpoint, before the summary: the state a kill leaves.
        Files.delete(run.dir().resolve(ExperimentRunner.SUMMARY));
        assertTrue(Files.isRegularFile(run.dir().resolve("checkpoint.bin")));
        assertEquals(RunState.INTERRUPTED, RunState.of(run.dir()));

        PointOutcome resumed = PointRunner.run(run, SweepFiles.SILENT);
        assertEquals(PointOutcome.Action.RESUMED, resumed.action());
        assertEquals(PointOutcome.Result.COMPLETED, resumed.result(), resumed.detail());
        JsonNode provenance = SweepLoader.JSON.readTree(
                run.dir().resolve(ExperimentRunner.PROVENANCE).toFile());
        assertEquals(1, provenance.path("resumedAt").size(), provenance.toString());
        assertEquals(RunState.COMPLETED, RunState.of(run.dir()));
    }

    @Test
    void aFolderHoldingAnotherSpecIsNotResumedButRecordedAsFailed() throws Exception {
        SweepPlan plan = plan();
        PointRunner.run(plan.run(0), SweepFiles.SILENT);
        Files.delete(plan.run(0).dir().resolve(ExperimentRunner.SUMMARY));
        // The base changes under the started sweep: index 0 now means another run.
        Files.writeString(dir.resolve("base.json"), SweepFiles.TINY_BASE.replace("0.01", "0.02"));
        SweepPlan changed = SweepPlan.of(SweepLoader.load(dir.resolve("sweep.json")));
        PointOutcome outcome = PointRunner.run(changed.run(0), SweepFiles.SILENT);
        assertEquals(PointOutcome.Result.FAILED, outcome.result());
        assertTrue(outcome.detail().contains("holds a run of another spec"), outcome.detail());
        assertFalse(Files.exists(plan.run(0).dir().resolve(ExperimentRunner.SUMMARY)));
    }

    @Test
    void aRunStartedBeforeItsFirstCheckpointIsStillResumable() throws IOException {
        SweepPlan plan = plan();
        PlannedRun run = plan.run(0);
        Files.createDirectories(run.dir());
        Files.writeString(
                run.dir().resolve(ExperimentRunner.SPEC), org.sparseeoc.experiment.SpecWriter.toJson(run.spec()));
        assertEquals(RunState.INTERRUPTED, RunState.of(run.dir()));
        PointOutcome outcome = PointRunner.run(run, SweepFiles.SILENT);
        assertEquals(PointOutcome.Action.RESUMED, outcome.action());
        assertEquals(PointOutcome.Result.COMPLETED, outcome.result(), outcome.detail());
    }
}
