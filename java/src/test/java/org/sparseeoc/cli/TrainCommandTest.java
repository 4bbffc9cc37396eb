package org.sparseeoc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path dir;

    private String[] quickRun(String... extra) {
        String[] base = {
            "train",
            "--spec",
            "experiments/quickstart.json",
            "--quiet",
            "--set",
            "output=" + dir.resolve("run"),
            "--set",
            "epochs=1",
            "--set",
            "model.depth=2",
            "--set",
            "data.trainLimit=256",
            "--set",
            "data.testLimit=128"
        };
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void trainsPrintsASummaryAndResumesAFinishedRunAsANoOp() throws Exception {
        CliRun run = CliRun.of(quickRun());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("completed | test accuracy "), run.out());
        assertTrue(Files.isRegularFile(dir.resolve("run/summary.json")));
        CliRun resumed = CliRun.of("train", "--resume", dir.resolve("run").toString(), "--quiet");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().startsWith("completed"), resumed.out());
    }

    @Test
    void secondRunIntoTheSameFolderIsRefused() {
        assertEquals(0, CliRun.of(quickRun()).exitCode());
        CliRun again = CliRun.of(quickRun());
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("a run already exists there"), again.err());
    }

    @Test
    void badInputExitsTwoWithOneLine() {
        for (String[] args : new String[][] {
            quickRun("--set", "optimizer.lr=-1"),
            quickRun("--set", "nosuchfield=1"),
            quickRun("--set", "data.source=idx:" + dir.resolve("missing")),
            {"train", "--spec", dir.resolve("absent.json").toString()},
            {"train", "--resume", dir.resolve("nothing").toString()}
        }) {
            CliRun run = CliRun.of(args);
            assertEquals(2, run.exitCode(), String.join(" ", args) + "\n" + run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().startsWith("sparse-eoc: "), run.err());
        }
    }
}
