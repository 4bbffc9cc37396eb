package org.sparseeoc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import org.sparseeoc.backend.cuda.JCudaDevice;
import org.sparseeoc.bench.GpuBenchmark;
import org.sparseeoc.bench.GpuBenchmark.Bandwidth;
import org.sparseeoc.bench.GpuBenchmark.GemmComparison;
import org.sparseeoc.bench.GpuBenchmark.Report;
import org.sparseeoc.bench.GpuBenchmark.Training;
import org.sparseeoc.bench.Timing;
import org.sparseeoc.report.CsvTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparse-eoc bench gpu}: the CUDA backend's speed on device 0. */
@Command(
        name = "gpu",
        mixinStandardHelpOptions = true,
        description = {
            "On CUDA device 0, each kernel validated against the CPU first: activation kernels' GB/s against the"
                    + " device's peak memory bandwidth (goal >= 70 %), the built-in SGEMM against cuBLAS at"
                    + " n = 1024..8192 (goal >= 60 %), and training samples/s of the 784-4096x20-10 ReLU MLP at"
                    + " batch 1024 (SGD momentum). Prints a table; with --out also writes gpu.csv.",
            "Needs an NVIDIA driver; without one it fails with the one-line reason (exit 2)."
        })
final class BenchGpuCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--warmup",
            defaultValue = "1",
            description = "Warm-up seconds per measurement (default ${DEFAULT-VALUE}).")
    private double warmupSeconds;

    @Option(
            names = "--batches",
            defaultValue = "15",
            description = "Timed batches (about 0.1 s each) per measurement (default ${DEFAULT-VALUE}).")
    private int batches;

    @Option(
            names = "--gemm-sizes",
            split = ",",
            defaultValue = "1024,2048,4096,8192",
            description = "n of the n x n x n SGEMMs (default ${DEFAULT-VALUE}).")
    private int[] gemmSizes;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write DIR/gpu.csv.")
    private Path out;

    @Override
    public void run() {
        if (!(warmupSeconds >= 0) || batches < 1 || IntStream.of(gemmSizes).anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--warmup must be >= 0, --batches >= 1 and --gemm-sizes >= 1");
        }
        GpuBenchmark.Config standard = GpuBenchmark.Config.standard(warmupSeconds, batches);
        GpuBenchmark.Config config = new GpuBenchmark.Config(
                standard.activationElements(),
                IntStream.of(gemmSizes).boxed().toList(),
                standard.mlp(),
                standard.trainBatch(),
                warmupSeconds,
                batches);
        // tf32 off: the comparison is FP32 against FP32, as training uses by default.
        Report report = GpuBenchmark.run(library -> JCudaDevice.open(library, false), config);
        PrintWriter w = spec.commandLine().getOut();
        print(w, report);
        if (out != null) {
            write(out, report);
            w.println("wrote " + out.resolve("gpu.csv"));
        }
    }

    static void print(PrintWriter w, Report report) {
        w.println("device: " + report.device());
        OptionalDouble peak = report.peakBytesPerSecond();
        w.println("peak memory bandwidth (2 x memory clock x bus width): "
                + (peak.isPresent() ? "%.1f GB/s".formatted(peak.getAsDouble() / 1e9) : "not reported"));
        w.printf("%-28s %12s %12s %10s %12s%n", "activation kernel", "median", "p90", "GB/s", "% of peak");
        for (Bandwidth b : report.activations()) {
            w.printf(
                    "%-28s %12s %12s %10.1f %12s%n",
                    b.timing().name(),
                    BenchCommand.human(b.timing().medianNanos()),
                    BenchCommand.human(b.timing().p90Nanos()),
                    b.gigabytesPerSecond(),
                    percent(b.fractionOfPeak()));
        }
        w.printf(
                "%-8s %14s %14s %14s %14s %18s%n",
                "sgemm n", "built-in", "cuBLAS", "built-in GF/s", "cuBLAS GF/s", "built-in/cuBLAS");
        for (GemmComparison g : report.gemm()) {
            w.printf(
                    "%-8d %14s %14s %14.1f %14s %18s%n",
                    g.size(),
                    BenchCommand.human(g.builtin().medianNanos()),
                    g.cublas().map(t -> BenchCommand.human(t.medianNanos())).orElse("-"),
                    g.builtinGflops(),
                    g.cublasGflops().isPresent()
                            ? "%.1f".formatted(g.cublasGflops().getAsDouble())
                            : "-",
                    percent(g.ratio()));
        }
        w.println("cuBLAS: " + report.cublas());
        Training t = report.training();
        w.printf(
                "%s: step median %s (p10 %s, p90 %s), %.0f samples/s, gemm %s%n",
                t.step().name(),
                BenchCommand.human(t.step().medianNanos()),
                BenchCommand.human(t.step().p10Nanos()),
                BenchCommand.human(t.step().p90Nanos()),
                t.samplesPerSecond(),
                t.gemm());
        w.printf("first-batch loss: %.6f on the device, %.6f on the CPU%n", t.deviceLoss(), t.cpuLoss());
    }

    /** gpu.csv: one row per measurement, with the rate it is compared against and the ratio. */
    static void write(Path dir, Report report) {
        CsvTable table = CsvTable.of(
                new CsvTable.Column("benchmark", CsvTable.DIMENSIONLESS),
                new CsvTable.Column("name", CsvTable.DIMENSIONLESS),
                new CsvTable.Column("median", "ns"),
                new CsvTable.Column("p10", "ns"),
                new CsvTable.Column("p90", "ns"),
                new CsvTable.Column("rate", CsvTable.DIMENSIONLESS),
                new CsvTable.Column("rate_unit", CsvTable.DIMENSIONLESS),
                new CsvTable.Column("reference_rate", CsvTable.DIMENSIONLESS),
                new CsvTable.Column("ratio", CsvTable.DIMENSIONLESS));
        double peakGbs = report.peakBytesPerSecond().orElse(Double.NaN) / 1e9;
        for (Bandwidth b : report.activations()) {
            row(table, "activation", b.timing(), b.gigabytesPerSecond(), "GB/s", peakGbs);
        }
        for (GemmComparison g : report.gemm()) {
            double cublas = g.cublasGflops().orElse(Double.NaN);
            row(table, "sgemm", g.builtin(), g.builtinGflops(), "GFLOP/s", cublas);
            g.cublas().ifPresent(t -> row(table, "sgemm", t, cublas, "GFLOP/s", Double.NaN));
        }
        Training t = report.training();
        row(table, "train", t.step(), t.samplesPerSecond(), "samples/s", Double.NaN);
        try {
            Files.createDirectories(dir);
            table.write(dir.resolve("gpu.csv"));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the GPU benchmark's results to " + dir, e);
        }
    }

    private static void row(CsvTable table, String benchmark, Timing t, double rate, String unit, double reference) {
        table.row(
                benchmark,
                t.name(),
                t.medianNanos(),
                t.p10Nanos(),
                t.p90Nanos(),
                rate,
                unit,
                reference,
                rate / reference);
    }

    private static String percent(OptionalDouble fraction) {
        return fraction.isPresent() ? "%.1f %%".formatted(100 * fraction.getAsDouble()) : "-";
    }
}
