package org.sparseeoc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CPU benchmark commands run end to end (one short batch) and reject bad options. */
class BenchCommandTest {
    @Test
    void gemmReportsEveryShapeAndTheBackend() {
        CliRun run = CliRun.of("bench", "gemm", "--warmup", "0", "--batches", "1", "--threads", "1");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(4, run.out().lines().filter(l -> l.endsWith("GFLOP/s")).count(), run.out());
        assertTrue(run.out().contains("OpenBLAS") && run.out().contains("1 threads"), run.out());
    }

    @Test
    void sparseComparesEveryProductAndWritesCsvAndPlot(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.of(
                "bench",
                "sparse",
                "--widths",
                "33",
                "--batch-sizes",
                "5",
                "--sparsities",
                "0,0.9",
                "--warmup",
                "0",
                "--batches",
                "1",
                "--threads",
                "1",
                "--out",
                dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        for (String product : new String[] {"forward", "weight-grad", "input-grad"}) {
            // Two measured rows (s = 0 and 0.9) and the curve's row in the break-even table.
            assertEquals(
                    3,
                    run.out().lines().filter(l -> l.startsWith(product + " ")).count(),
                    run.out());
        }
        assertTrue(run.out().contains("break-even sparsity"), run.out());
        assertEquals(7, Files.readAllLines(dir.resolve("sparse.csv")).size()); // header + 3 products × 2
        assertTrue(Files.size(dir.resolve("sparse-speedup.png")) > 0);
    }

    @Test
    void sparseRejectsASparsityOutsideTheUnitInterval() {
        CliRun run = CliRun.of("bench", "sparse", "--sparsities", "1.5");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("--sparsities"), run.err());
    }

    @Test
    void badThreadCountIsBadInput() {
        CliRun run = CliRun.of("bench", "elementwise", "--threads", "0");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("--threads"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }
}
