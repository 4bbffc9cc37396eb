package org.sparseeoc.cli;

import java.io.PrintWriter;
import java.util.List;
import org.sparseeoc.bench.TheoryBenchmark;
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
        subcommands = {BenchCommand.Theory.class})
final class BenchCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing benchmark; see bench --help");
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

    static void print(PrintWriter out, List<Timing> timings) {
        out.printf("%-32s %14s %14s %14s %8s%n", "operation", "median", "p10", "p90", "calls");
        for (Timing t : timings) {
            out.printf(
                    "%-32s %14s %14s %14s %8d%n",
                    t.name(), human(t.medianNanos()), human(t.p10Nanos()), human(t.p90Nanos()), t.callsPerBatch());
        }
        out.printf(
                "machine: %s %s, %d cores, %s %s%n",
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
    }

    private static String human(double nanos) {
        if (nanos >= 1e6) {
            return "%.3f ms".formatted(nanos / 1e6);
        }
        return nanos >= 1e3 ? "%.2f us".formatted(nanos / 1e3) : "%.0f ns".formatted(nanos);
    }
}
