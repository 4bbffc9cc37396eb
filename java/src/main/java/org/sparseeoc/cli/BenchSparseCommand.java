package org.sparseeoc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.backend.cpu.CpuSparseOps;
import org.sparseeoc.backend.cuda.CudaOps;
import org.sparseeoc.backend.cuda.CudaSparseOps;
import org.sparseeoc.backend.cuda.CusparseSparseOps;
import org.sparseeoc.backend.cuda.GemmLibrary;
import org.sparseeoc.backend.cuda.JCudaDevice;
import org.sparseeoc.bench.SparseBenchmark;
import org.sparseeoc.bench.SparseBenchmark.Product;
import org.sparseeoc.bench.SparseBenchmark.Result;
import org.sparseeoc.report.CsvTable;
import org.sparseeoc.report.LinePlot;
import org.sparseeoc.report.PlotColor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparse-eoc bench sparse}: sparse vs dense layer products on the CPU (OpenBLAS vs the CPU
 * sparse kernels) or a GPU (cuBLAS vs the kernels of cuda/sparse.cu, or vs cuSPARSE).
 */
@Command(
        name = "sparse",
        mixinStandardHelpOptions = true,
        description = {
            "A width x width layer's forward, weight-gradient and input-gradient products with a CReLU input of"
                    + " exact-zero fraction s: dense GEMM vs sparse kernels, each validated first. Prints a"
                    + " table; with --out also writes sparse.csv and a speedup plot.",
            "--backend cpu: OpenBLAS vs the CPU sparse kernels; cuda: cuBLAS (else the built-in sgemm) vs the"
                    + " GPU sparse kernels; cusparse: cuBLAS vs cuSPARSE (cusparseSpMM, cusparseSDDMM). The GPU"
                    + " backends need an NVIDIA driver and a build with the PTX (nvcc on PATH).",
            "The sparse forward includes compressing h from z; the Wᵀ refresh (once per step) is reported apart."
        })
final class BenchSparseCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @picocli.CommandLine.Mixin
    private BenchCommand.CpuOptions options = new BenchCommand.CpuOptions();

    @Option(
            names = "--widths",
            split = ",",
            defaultValue = "300,1024",
            description = "Layer widths N_in = N_out (default ${DEFAULT-VALUE}).")
    private int[] widths;

    @Option(
            names = "--large",
            description = "Also width 4096 (slow: a dense product at batch 1024 takes ~0.5 s on 2 cores).")
    private boolean large;

    @Option(
            names = "--batch-sizes",
            split = ",",
            defaultValue = "128,1024",
            description = "Batch sizes (default ${DEFAULT-VALUE}).")
    private int[] batchSizes;

    @Option(
            names = "--sparsities",
            split = ",",
            defaultValue = "0,0.5,0.7,0.85,0.9,0.95,0.99",
            description = "Exact-zero fractions of h (default ${DEFAULT-VALUE}).")
    private double[] sparsities;

    @Option(
            names = "--backend",
            defaultValue = "cpu",
            description = "cpu, cuda (the built-in GPU sparse kernels) or cusparse (default ${DEFAULT-VALUE}).")
    private String backend;

    /** GPU calls timed between two synchronisations (spreads the sync latency over them). */
    private static final int GPU_CALLS_PER_SYNC = 10;

    @Option(names = "--out", paramLabel = "DIR", description = "Write DIR/sparse.csv and DIR/sparse-speedup.png.")
    private Path out;

    @Override
    public void run() {
        int[] allWidths = large
                ? IntStream.concat(IntStream.of(widths), IntStream.of(4096)).toArray()
                : widths;
        for (double s : sparsities) {
            if (!(s >= 0 && s <= 1)) {
                throw new IllegalArgumentException("--sparsities must lie in [0, 1], got " + s);
            }
        }
        if (IntStream.of(allWidths).anyMatch(w -> w < 1)
                || IntStream.of(batchSizes).anyMatch(b -> b < 1)) {
            throw new IllegalArgumentException("--widths and --batch-sizes must be >= 1");
        }
        if (!List.of("cpu", "cuda", "cusparse").contains(backend)) {
            throw new IllegalArgumentException("--backend must be cpu, cuda or cusparse, got " + backend);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (backend.equals("cpu")) {
            try (CpuOps ops = options.open();
                    CpuSparseOps kernels = new CpuSparseOps(ops)) {
                List<Result> results = measure(SparseBenchmark.Target.synchronous(ops, kernels), allWidths);
                report(w, results, "CPU: OpenBLAS vs the CPU sparse kernels, " + kernels.loops());
                BenchCommand.printBackend(w, ops.info());
            }
            return;
        }
        if (!(options.warmupSeconds >= 0) || options.batches < 1) {
            throw new IllegalArgumentException("--warmup must be >= 0 and --batches >= 1");
        }
        try (CudaOps ops = new CudaOps(JCudaDevice.open(GemmLibrary.AUTO, false))) {
            runOnGpu(w, ops, allWidths);
        }
    }

    /** The grid on a GPU backend: the dense side is ops' GEMM (cuBLAS when it loads). */
    void runOnGpu(PrintWriter w, CudaOps ops, int[] allWidths) {
        Runnable sync = ops.device()::synchronize;
        String dense = ops.info().gemm();
        if (backend.equals("cusparse")) {
            try (CusparseSparseOps cusparse = CusparseSparseOps.open(ops)) {
                List<Result> results =
                        measure(new SparseBenchmark.Target(ops, cusparse, sync, GPU_CALLS_PER_SYNC), allWidths);
                report(w, results, "GPU: " + dense + " vs " + cusparse.description());
            }
        } else {
            List<Result> results = measure(
                    new SparseBenchmark.Target(ops, new CudaSparseOps(ops), sync, GPU_CALLS_PER_SYNC), allWidths);
            report(w, results, "GPU: " + dense + " vs the built-in sparse kernels (cuda/sparse.cu)");
        }
        w.println("device: " + ops.device().description());
    }

    private List<Result> measure(SparseBenchmark.Target target, int[] allWidths) {
        return SparseBenchmark.run(
                target, allWidths, batchSizes, sparsities, options.warmupSeconds, 100_000_000L, options.batches);
    }

    private void report(PrintWriter w, List<Result> results, String comparison) {
        print(w, results);
        printBreakEven(w, results);
        if (out != null) {
            write(out, results, comparison);
            w.println("wrote " + out.resolve("sparse.csv") + " and " + out.resolve("sparse-speedup.png"));
        }
        w.println("compared: " + comparison);
    }

    private static void print(PrintWriter w, List<Result> results) {
        w.printf(
                "%-12s %6s %6s %6s %12s %12s %8s %10s %10s %12s%n",
                "product",
                "width",
                "batch",
                "s",
                "dense",
                "sparse",
                "speedup",
                "dense GF/s",
                "sparse GF/s",
                "wT refresh");
        for (Result r : results) {
            w.printf(
                    "%-12s %6d %6d %6.3f %12s %12s %7.2fx %10.1f %10.1f %12s%n",
                    r.product().label(),
                    r.width(),
                    r.batch(),
                    r.measuredSparsity(),
                    BenchCommand.human(r.dense().medianNanos()),
                    BenchCommand.human(r.sparse().medianNanos()),
                    r.speedup(),
                    r.denseGflops(),
                    r.sparseGflops(),
                    BenchCommand.human(r.transposeNanos()));
        }
    }

    /** Each curve's break-even sparsity (where the sparse product starts to win). */
    private static void printBreakEven(PrintWriter w, List<Result> results) {
        Map<String, List<Result>> curves = new LinkedHashMap<>();
        for (Result r : results) {
            String key = "%-12s %6d %6d".formatted(r.product().label(), r.width(), r.batch());
            curves.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        w.printf("%nbreak-even sparsity (speedup 1, interpolated; '<=' the lowest measured, '-' never)%n");
        w.printf("%-12s %6s %6s %10s%n", "product", "width", "batch", "s");
        for (Map.Entry<String, List<Result>> c : curves.entrySet()) {
            double s = SparseBenchmark.breakEvenSparsity(c.getValue());
            double lowest = c.getValue().stream()
                    .mapToDouble(Result::measuredSparsity)
                    .min()
                    .orElseThrow();
            String cell = Double.isNaN(s) ? "-" : (s == lowest ? "<= " : "") + "%.3f".formatted(s);
            w.printf("%s %10s%n", c.getKey(), cell);
        }
    }

    private static void write(Path dir, List<Result> results, String comparison) {
        CsvTable table = CsvTable.of(
                new CsvTable.Column("product", CsvTable.DIMENSIONLESS),
                new CsvTable.Column("width", CsvTable.DIMENSIONLESS),
                new CsvTable.Column("batch", CsvTable.DIMENSIONLESS),
                new CsvTable.Column("sparsity", CsvTable.DIMENSIONLESS),
                new CsvTable.Column("measured_sparsity", CsvTable.DIMENSIONLESS),
                new CsvTable.Column("dense_median", "ns"),
                new CsvTable.Column("dense_p10", "ns"),
                new CsvTable.Column("dense_p90", "ns"),
                new CsvTable.Column("sparse_median", "ns"),
                new CsvTable.Column("sparse_p10", "ns"),
                new CsvTable.Column("sparse_p90", "ns"),
                new CsvTable.Column("speedup", CsvTable.DIMENSIONLESS),
                new CsvTable.Column("dense_rate", "GFLOP/s"),
                new CsvTable.Column("sparse_useful_rate", "GFLOP/s"),
                new CsvTable.Column("wT_refresh_median", "ns"));
        LinePlot plot = new LinePlot(
                        "Sparse / dense speed of a layer's products, " + comparison,
                        "exact-zero fraction s of h",
                        "speedup (dense time / sparse time)")
                .logY()
                .horizontalLine("break-even", 1, PlotColor.BLACK, LinePlot.Dash.DASHED);
        PlotColor[] colors = {PlotColor.rgb(0x1f77b4), PlotColor.rgb(0xd62728), PlotColor.rgb(0x2ca02c)};
        LinePlot.Dash[] dashes = LinePlot.Dash.values();
        for (Result r : results) {
            table.row(
                    r.product().label(),
                    r.width(),
                    r.batch(),
                    CsvTable.format(r.sparsity()),
                    CsvTable.format(r.measuredSparsity()),
                    CsvTable.format(r.dense().medianNanos()),
                    CsvTable.format(r.dense().p10Nanos()),
                    CsvTable.format(r.dense().p90Nanos()),
                    CsvTable.format(r.sparse().medianNanos()),
                    CsvTable.format(r.sparse().p10Nanos()),
                    CsvTable.format(r.sparse().p90Nanos()),
                    CsvTable.format(r.speedup()),
                    CsvTable.format(r.denseGflops()),
                    CsvTable.format(r.sparseGflops()),
                    CsvTable.format(r.transposeNanos()));
        }
        // One curve per (product, width, batch): colour by product, dash by width, thin/thick by batch.
        List<Integer> widthsSeen =
                results.stream().map(Result::width).distinct().toList();
        List<Integer> batchesSeen =
                results.stream().map(Result::batch).distinct().toList();
        for (Product p : Product.values()) {
            for (int wi = 0; wi < widthsSeen.size(); wi++) {
                for (int bi = 0; bi < batchesSeen.size(); bi++) {
                    int width = widthsSeen.get(wi);
                    int batch = batchesSeen.get(bi);
                    List<Result> curve = results.stream()
                            .filter(r -> r.product() == p && r.width() == width && r.batch() == batch)
                            .toList();
                    plot.line(
                            p.label() + " N=" + width + " B=" + batch,
                            curve.stream().mapToDouble(Result::measuredSparsity).toArray(),
                            curve.stream().mapToDouble(Result::speedup).toArray(),
                            colors[p.ordinal()],
                            bi == 0 ? 1.5f : 3f,
                            dashes[wi % dashes.length]);
                }
            }
        }
        try {
            Files.createDirectories(dir);
            table.write(dir.resolve("sparse.csv"));
            plot.write(dir, "sparse-speedup");
        } catch (IOException e) {
            throw new UncheckedIOException("writing the sparse benchmark's results to " + dir, e);
        }
    }
}
