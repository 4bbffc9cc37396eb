package org.sparseeoc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFolderIsBadInputWithOneLine() {
        CliRun run = CliRun.of("report", dir.resolve("missing").toString());
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("is not a folder"), run.err());
    }

    @Test
    void aFolderWithoutRunsIsBadInputSayingHowToMakeOne() {
        CliRun run = CliRun.of("report", dir.toString());
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("no training runs under") && run.err().contains("sparse-eoc train"), run.err());
    }

    @Test
    void writesIntoDirReportByDefaultAndPrintsTheFiles() throws Exception {
        Path runs = dir.resolve("runs");
        Path run = Files.createDirectories(runs.resolve("one"));
        Files.writeString(run.resolve("spec.json"), """
                {"seed": 3, "model": {"type": "mlp", "depth": 2, "width": 4},
                 "activation": {"kind": "relu-tau", "sparsity": 0.6}}
                """);
        Path broken = Files.createDirectories(runs.resolve("broken"));
        Files.writeString(broken.resolve("spec.json"), "[1, 2");
        CliRun result = CliRun.of("report", runs.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(7, result.out().lines().count(), result.out());
        assertTrue(result.out().lines().allMatch(line -> Files.isRegularFile(Path.of(line))), result.out());
        assertTrue(Files.isRegularFile(runs.resolve("report/report.html")));
        assertTrue(
                result.err().startsWith("sparse-eoc: warning: skipped run: " + broken.resolve("spec.json")),
                result.err());
    }
}
