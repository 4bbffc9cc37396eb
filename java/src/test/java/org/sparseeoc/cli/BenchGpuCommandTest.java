package org.sparseeoc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparseeoc.backend.cuda.emu.EmulatedDevice;
import org.sparseeoc.backend.cuda.emu.Emulator;
import org.sparseeoc.bench.GpuBenchmark;
import org.sparseeoc.nn.MlpShape;
import org.sparseeoc.testing.NvidiaDriver;

/**
 * {@code bench gpu}: the one-line no-driver failure here, and the whole benchmark (validation,
 * timing, table, CSV) at tiny sizes on the host emulator. Speed is not asserted.
 */
class BenchGpuCommandTest {
    @Test
    void withoutADriverItFailsWithOneLine() {
        assumeTrue(NvidiaDriver.absent(), "this machine has an NVIDIA driver");
        CliRun run = CliRun.of("bench", "gpu", "--warmup", "0", "--batches", "1");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("sparse-eoc: no NVIDIA driver: libcuda.so.1 cannot be loaded"), run.err());
    }

    @Test
    void badOptionsAreBadInput() {
        CliRun run = CliRun.of("bench", "gpu", "--gemm-sizes", "0");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("--gemm-sizes"), run.err());
    }

    @Test
    void theBenchmarkRunsOnTheEmulatorAndReportsEveryMeasurement(@TempDir Path dir) throws IOException {
        assumeTrue(Emulator.isAvailable(), () -> "CUDA emulator not available: " + Emulator.unavailableReason());
        GpuBenchmark.Config tiny =
                new GpuBenchmark.Config(1000, List.of(17, 64), new MlpShape(784, 16, 2, 10), 8, 0, 1);
        GpuBenchmark.Report report = GpuBenchmark.run(library -> new EmulatedDevice(), tiny);

        assertEquals(4, report.activations().size());
        assertTrue(report.peakBytesPerSecond().isEmpty(), "the emulator reports no memory clock");
        assertEquals(
                List.of(17, 64),
                report.gemm().stream().map(GpuBenchmark.GemmComparison::size).toList());
        assertTrue(report.gemm().stream().allMatch(g -> g.cublas().isEmpty()), "no cuBLAS on the emulator");
        assertTrue(report.gemm().stream().allMatch(g -> g.builtinGflops() > 0));
        GpuBenchmark.Training training = report.training();
        assertEquals("built-in sgemm (emulated)", training.gemm());
        assertTrue(training.samplesPerSecond() > 0);
        // Validated before timing: the device's first loss is the CPU's within the stated tolerance.
        assertTrue(
                Math.abs(training.deviceLoss() - training.cpuLoss()) <= 1e-3 * training.cpuLoss(), training.toString());

        StringWriter text = new StringWriter();
        BenchGpuCommand.print(new PrintWriter(text, true), report);
        String table = text.toString();
        assertTrue(table.contains("crelu bwd 1000"), table);
        assertTrue(table.contains("peak memory bandwidth (2 x memory clock x bus width): not reported"), table);
        assertTrue(table.contains("train mlp 784-16x2-10 batch 8"), table);
        assertFalse(table.contains("NaN"), table);

        BenchGpuCommand.write(dir, report);
        List<String> csv = Files.readAllLines(dir.resolve("gpu.csv"));
        assertEquals(1 + 4 + 2 + 1, csv.size(), String.join("\n", csv)); // header, kernels, sizes, training
        assertTrue(csv.get(0).startsWith("benchmark [1],name [1],median [ns],p10 [ns],p90 [ns]"), csv.get(0));
    }
}
