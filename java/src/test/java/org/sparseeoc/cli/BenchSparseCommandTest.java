package org.sparseeoc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparseeoc.backend.cuda.CudaOps;
import org.sparseeoc.backend.cuda.emu.EmulatedDevice;
import org.sparseeoc.backend.cuda.emu.Emulator;
import org.sparseeoc.testing.NvidiaDriver;
import picocli.CommandLine;

/** {@code bench sparse --backend}: the GPU backends' report (on the emulator) and their one-line refusals. */
class BenchSparseCommandTest {
    @Test
    void gpuBackendsWithoutADriverFailWithOneLine() {
        assumeTrue(NvidiaDriver.absent(), "this machine has an NVIDIA driver");
        for (String backend : new String[] {"cuda", "cusparse"}) {
            CliRun run = CliRun.of("bench", "sparse", "--backend", backend, "--widths", "8", "--batch-sizes", "2");
            assertEquals(Main.EXIT_BAD_INPUT, run.exitCode(), run.err());
            assertTrue(run.err().startsWith("sparse-eoc: no NVIDIA driver: libcuda.so.1 cannot be loaded"), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertEquals("", run.out());
        }
    }

    @Test
    void unknownBackendIsBadInput() {
        CliRun run = CliRun.of("bench", "sparse", "--backend", "tpu");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("sparse-eoc: --backend must be cpu, cuda or cusparse, got tpu\n", run.err());
    }

    /** The cuda backend's grid, table, CSV and plot, with the CudaOps on the emulator instead of a GPU. */
    @Test
    void cudaBackendReportsEveryProductOnTheEmulator(@TempDir Path dir) throws IOException {
        assumeTrue(Emulator.isAvailable(), () -> "CUDA emulator not available: " + Emulator.unavailableReason());
        BenchSparseCommand command = new BenchSparseCommand();
        StringWriter text = new StringWriter();
        new CommandLine(command)
                .parseArgs(
                        "--backend",
                        "cuda",
                        "--batch-sizes",
                        "3",
                        "--sparsities",
                        "0.5,0.9",
                        "--warmup",
                        "0",
                        "--batches",
                        "1",
                        "--out",
                        dir.toString());
        try (CudaOps ops = new CudaOps(new EmulatedDevice());
                PrintWriter w = new PrintWriter(text)) {
            command.runOnGpu(w, ops, new int[] {20});
        }
        String out = text.toString();
        for (String product : new String[] {"forward", "weight-grad", "input-grad"}) {
            // Two measured rows and the curve's row in the break-even table.
            assertEquals(3, out.lines().filter(l -> l.startsWith(product + " ")).count(), out);
        }
        assertTrue(
                out.contains(
                        "compared: GPU: built-in sgemm (emulated) vs the built-in sparse kernels (cuda/sparse.cu)"),
                out);
        assertTrue(out.contains("device: CUDA emulator"), out);
        assertEquals(7, Files.readAllLines(dir.resolve("sparse.csv")).size()); // header + 3 products × 2
        assertTrue(Files.size(dir.resolve("sparse-speedup.png")) > 0);
    }
}
