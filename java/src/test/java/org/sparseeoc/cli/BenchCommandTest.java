package org.sparseeoc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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
    void badThreadCountIsBadInput() {
        CliRun run = CliRun.of("bench", "elementwise", "--threads", "0");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("--threads"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }
}
