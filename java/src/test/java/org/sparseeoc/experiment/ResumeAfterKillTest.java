package org.sparseeoc.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparseeoc.train.Checkpoint;
import org.sparseeoc.train.TrainingResult;

/**
 * A training run in a child JVM is killed with SIGKILL in the middle of an epoch (after a
 * mid-epoch checkpoint), resumed, and must end bit-identical to an uninterrupted run.
 */
class ResumeAfterKillTest {
    private static final String[] SETTINGS = {
        "model.depth=3",
        "model.width=256",
        "epochs=4",
        "batchSize=32",
        "data.trainLimit=2048",
        "data.testLimit=256",
        "checkpoint.everySteps=3",
        "metrics.everySteps=20"
    };

    @TempDir
    Path dir;

    @Test
    void killedRunResumesToTheSameWeights() throws Exception {
        Path killedDir = dir.resolve("killed");
        ExperimentSpec killedSpec = TrainingRunTest.spec(killedDir, SETTINGS);
        Path specFile = dir.resolve("killed-spec.json");
        Files.writeString(specFile, SpecWriter.toJson(killedSpec));

        Process child = ChildTraining.start(specFile, true, dir.resolve("child.log"));
        waitForMidEpochCheckpoint(child, killedDir.resolve(RunRecorder.CHECKPOINT));
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");

        TrainingResult resumed =
                ExperimentRunner.resume(killedDir, TrainingRunTest.SILENT).result();
        TrainingResult uninterrupted = ExperimentRunner.train(
                        TrainingRunTest.spec(dir.resolve("full"), SETTINGS), TrainingRunTest.SILENT)
                .result();

        assertEquals(
                TrainingRunTest.withoutTiming(uninterrupted.rows()), TrainingRunTest.withoutTiming(resumed.rows()));
        assertArrayEquals(
                Checkpoint.read(dir.resolve("full").resolve(RunRecorder.CHECKPOINT))
                        .parameters(),
                Checkpoint.read(killedDir.resolve(RunRecorder.CHECKPOINT)).parameters(),
                "final weights bit-identical");
        List<String> killedMetrics = Files.readAllLines(killedDir.resolve(RunRecorder.METRICS_JSONL));
        assertEquals(uninterrupted.rows().size(), killedMetrics.size(), "metrics file rewritten without duplicates");
    }

    /** Polls the child's (atomically written) checkpoint until one is mid-epoch after epoch 0. */
    private static void waitForMidEpochCheckpoint(Process child, Path file) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                fail("the child run ended (exit " + child.exitValue() + ") before it could be killed");
            }
            if (Files.exists(file)) {
                Checkpoint c = Checkpoint.read(file);
                if (c.epoch() >= 1 && c.stepInEpoch() > 0) {
                    return;
                }
            }
            Thread.sleep(2);
        }
        child.destroyForcibly();
        fail("no mid-epoch checkpoint within 120 s");
    }
}
