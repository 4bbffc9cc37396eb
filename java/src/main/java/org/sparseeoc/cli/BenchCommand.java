package org.sparseeoc.cli;

import java.io.PrintWriter;
import java.util.List;
import org.sparseeoc.backend.BackendInfo;
import org.sparseeoc.backend.cpu.CpuConfig;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.bench.ElementwiseBenchmark;
import org.sparseeoc.bench.GemmBenchmark;
import org.sparseeoc.bench.TheoryBenchmark;
import org.sparseeoc.bench.Throughput;
import org.sparseeoc.bench.Timing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparse-eoc bench}: benchmarks; run with nothing else busy on the machine. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks (medians of repeated batches). Run with nothing else busy on the machine.",
        subcommands = {
            BenchCommand.Theory.class,
            BenchCommand.Gemm.class,
            BenchCommand.Elementwise.class,
            BenchSparseCommand.class,
            BenchTrainCommand.class,
            BenchGpuCommand.class
        })
final class BenchCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing benchmark");
    }

    /** {@code sparse-eoc bench theory}. */
    @Command(
            name = "theory",
            mixinStandardHelpOptions = true,
            description = "EoC solve + verdict, critical-clip search, R(rho): crelu, s = 0.85, m = 1.")
    static final class Theory implements Runnable {
        @Spec
        private CommandSpec spec;

        @Option(
                names = "--warmup",
                defaultValue = "2",
                description = "Warm-up seconds per operation (default ${DEFAULT-VALUE}).")
        private double warmupSeconds;

        @Option(
                names = "--batches",
                defaultValue = "15",
                description = "Timed batches per operation (default ${DEFAULT-VALUE}).")
        private int batches;

        @Override
        public void run() {
            if (!(warmupSeconds >= 0) || batches < 1) {
                throw new IllegalArgumentException("--warmup must be >= 0 and --batches >= 1");
            }
            print(spec.commandLine().getOut(), TheoryBenchmark.run(warmupSeconds, batches));
        }
    }

    /** Options shared by the CPU backend benchmarks. */
    static final class CpuOptions {
        @Option(
                names = "--warmup",
                defaultValue = "1",
                description = "Warm-up seconds per operation (default ${DEFAULT-VALUE}).")
        double warmupSeconds;

        @Option(
                names = "--batches",
                defaultValue = "15",
                description = "Timed batches (0.1-0.2 s each) per operation (default ${DEFAULT-VALUE}).")
        int batches;

        @Option(
                names = "--threads",
                description = "OpenBLAS threads (default: -D" + CpuConfig.THREADS_PROPERTY
                        + ", else the available processors).")
        Integer threads;

        CpuOps open() {
            if (!(warmupSeconds >= 0) || batches < 1) {
                throw new IllegalArgumentException("--warmup must be >= 0 and --batches >= 1");
            }
            if (threads != null && threads < 1) {
                throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
            }
            return new CpuOps(threads == null ? CpuConfig.fromSystemProperties() : new CpuConfig(threads));
        }
    }

    /** {@code sparse-eoc bench gemm}. */
    @Command(
            name = "gemm",
            mixinStandardHelpOptions = true,
            description = "CPU GEMM (OpenBLAS) at the MLP step's shapes, batch 128, in GFLOP/s (2mnk/time).")
    static final class Gemm implements Runnable {
        @Spec
        private CommandSpec spec;

        @picocli.CommandLine.Mixin
        private CpuOptions options = new CpuOptions();

        @Override
        public void run() {
            try (CpuOps ops = options.open()) {
                List<Throughput> results =
                        GemmBenchmark.run(ops, GemmBenchmark.MLP_SHAPES, options.warmupSeconds, options.batches);
                printRates(spec.commandLine().getOut(), results, ops.info());
            }
        }
    }

    /** {@code sparse-eoc bench elementwise}. */
    @Command(
            name = "elementwise",
            mixinStandardHelpOptions = true,
            description =
                    "CPU elementwise ops and reductions at MLP sizes, and the convolution kernels at the CNN quick spec's shapes, in GB/s moved.")
    static final class Elementwise implements Runnable {
        @Spec
        private CommandSpec spec;

        @picocli.CommandLine.Mixin
        private CpuOptions options = new CpuOptions();

        @Override
        public void run() {
            try (CpuOps ops = options.open()) {
                List<Throughput> results = ElementwiseBenchmark.run(ops, options.warmupSeconds, options.batches);
                printRates(spec.commandLine().getOut(), results, ops.info());
            }
        }
    }

    static void printRates(PrintWriter out, List<Throughput> results, BackendInfo info) {
        out.printf("%-32s %12s %12s %10s %10s %10s%n", "operation", "median", "p10", "rate", "p10 rate", "p90 rate");
        for (Throughput r : results) {
            Timing t = r.timing();
            out.printf(
                    "%-32s %12s %12s %10.1f %10.1f %10.1f %s%n",
                    t.name(), human(t.medianNanos()), human(t.p10Nanos()), r.median(), r.best(), r.worst(), r.unit());
        }
        printBackend(out, info);
    }

    /** The backend, the load average (a busy machine spoils multi-threaded GEMM) and the machine. */
    static void printBackend(PrintWriter out, BackendInfo info) {
        out.printf(
                "backend: %s, %s, %d threads (kernels: %s)%n",
                info.name(), info.gemm(), info.threads(), info.details().get("openblas.corename"));
        // Other work on a 2-core machine can slow multi-threaded OpenBLAS by 100x (its threads
        // spin-wait for each other); the load average shows whether the machine was busy.
        out.printf(
                "load average (1 min) at the end: %.2f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
        printMachine(out);
    }

    static void print(PrintWriter out, List<Timing> timings) {
        out.printf("%-32s %14s %14s %14s %8s%n", "operation", "median", "p10", "p90", "calls");
        for (Timing t : timings) {
            out.printf(
                    "%-32s %14s %14s %14s %8d%n",
                    t.name(), human(t.medianNanos()), human(t.p10Nanos()), human(t.p90Nanos()), t.callsPerBatch());
        }
        printMachine(out);
    }

    private static void printMachine(PrintWriter out) {
        out.printf(
                "machine: %s %s, %d cores, %s %s%n",
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
    }

    static String human(double nanos) {
        if (nanos >= 1e6) {
            return "%.3f ms".formatted(nanos / 1e6);
        }
        return nanos >= 1e3 ? "%.2f us".formatted(nanos / 1e3) : "%.0f ns".formatted(nanos);
    }
}
