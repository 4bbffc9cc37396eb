package org.sparseeoc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparseeoc.report.AtomicFile;
import org.sparseeoc.sweep.ArrayIndex;
import org.sparseeoc.sweep.KubernetesJob;
import org.sparseeoc.sweep.LocalSweep;
import org.sparseeoc.sweep.PlannedRun;
import org.sparseeoc.sweep.PointOutcome;
import org.sparseeoc.sweep.PointRunner;
import org.sparseeoc.sweep.SlurmScript;
import org.sparseeoc.sweep.SweepLoader;
import org.sparseeoc.sweep.SweepPlan;
import org.sparseeoc.sweep.SweepReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sparse-eoc sweep}: plan, run and schedule the runs of a sweep spec. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = {
            "Many runs from one sweep spec: a base experiment spec plus grids and/or points of overrides.",
            "Format: experiments/README.md, section Sweeps."
        },
        subcommands = {
            SweepCommand.Plan.class,
            SweepCommand.Run.class,
            SweepCommand.Kubernetes.class,
            SweepCommand.Slurm.class
        })
final class SweepCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "missing subcommand: plan, run, k8s or slurm");
    }

    private static SweepPlan plan(Path file) {
        return SweepPlan.of(SweepLoader.load(file));
    }

    @Command(
            name = "plan",
            mixinStandardHelpOptions = true,
            description = {
                "Expand a sweep into numbered runs, validate each as an experiment spec (data files are",
                "not opened), print them with their state and write <output>/plan.json."
            })
    static final class Plan implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The sweep spec (JSON).")
        private Path file;

        @Override
        public Integer call() throws IOException {
            SweepPlan plan = plan(file);
            PrintWriter out = spec.commandLine().getOut();
            out.print(plan.table());
            out.println("plan written to " + plan.write());
            return 0;
        }
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Run one run of a sweep (--index, else JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID), or all",
                "of them here (--local). Finished runs (completed or diverged) are skipped, interrupted ones",
                "resumed from their checkpoints; a failure is recorded in <run>/sweep-status.json and the",
                "other runs go on. Exit code 1 when a run failed."
            })
    static final class Run implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The sweep spec (JSON).")
        private Path file;

        @ArgGroup(exclusive = true)
        private Which which;

        @Option(
                names = "--parallel",
                paramLabel = "K",
                description = "With --local: runs at a time, each in its own JVM with one OpenBLAS thread"
                        + " unless -Dsparseeoc.cpu.threads is given (default 1: one after the other, in this JVM).")
        private int parallel = 1;

        @Option(names = "--quiet", description = "No per-epoch lines; only one line per run.")
        private boolean quiet;

        static final class Which {
            @Option(names = "--index", paramLabel = "I", description = "The run to run, from 0 (see sweep plan).")
            Integer index;

            @Option(names = "--local", description = "Run every run of the sweep on this machine.")
            boolean local;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            SweepPlan plan = plan(file);
            boolean local = which != null && which.local;
            if (!local && parallel != 1) {
                throw new IllegalArgumentException("--parallel needs --local");
            }
            if (local) {
                SweepReport report = LocalSweep.run(plan, parallel, Main.class.getName(), this::runHere, out);
                out.println(report.line());
                return report.failures().isEmpty() ? 0 : Main.EXIT_FAILURE;
            }
            ArrayIndex index = ArrayIndex.resolve(which == null ? null : which.index, System.getenv(), plan.size());
            PointOutcome outcome = runHere(plan.run(index.value()));
            out.println(outcome.line());
            return outcome.result() == PointOutcome.Result.FAILED ? Main.EXIT_FAILURE : 0;
        }

        private PointOutcome runHere(PlannedRun run) throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (TrainingProgress progress =
                    new TrainingProgress(out, quiet, run.spec().epochs())) {
                return PointRunner.run(run, progress);
            }
        }
    }

    @Command(
            name = "k8s",
            mixinStandardHelpOptions = true,
            description = {
                "Write a Kubernetes Indexed Job for a sweep: a ConfigMap with the sweep (base spec inline)",
                "and a Job whose pod i runs run i; results on a PersistentVolumeClaim at /results."
            })
    static final class Kubernetes implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The sweep spec (JSON).")
        private Path file;

        @Option(names = "--image", required = true, description = "Container image whose entrypoint is sparse-eoc.")
        private String image;

        @Option(names = "--parallelism", paramLabel = "P", description = "Pods at a time (default: all runs).")
        private Integer parallelism;

        @Option(
                names = "--gpus",
                paramLabel = "N",
                description = "GPUs per pod (default: 1 if a run's backend is cuda or auto, else 0).")
        private Integer gpus;

        @Option(
                names = "--results-claim",
                paramLabel = "PVC",
                description = "PersistentVolumeClaim for results, mounted at /results (default: ${DEFAULT-VALUE}).")
        private String resultsClaim = "sparse-eoc-results";

        @Option(
                names = "--data-claim",
                paramLabel = "PVC",
                description = "PersistentVolumeClaim with the data sets, mounted read-only at /work/data.")
        private String dataClaim;

        @Option(names = "--out", paramLabel = "FILE", description = "Where to write (default: <output>/k8s-job.yaml).")
        private Path outFile;

        @Override
        public Integer call() throws IOException {
            SweepPlan plan = plan(file);
            var options = new KubernetesJob.Options(
                    image,
                    parallelism == null ? plan.size() : parallelism,
                    gpus == null ? (plan.usesGpu() ? 1 : 0) : gpus,
                    resultsClaim,
                    dataClaim);
            Path target = outFile != null ? outFile : plan.sweep().outputDir().resolve("k8s-job.yaml");
            write(target, KubernetesJob.yaml(plan, options));
            spec.commandLine().getOut().println(target);
            return 0;
        }
    }

    @Command(
            name = "slurm",
            mixinStandardHelpOptions = true,
            description = {"Write an sbatch script that runs a sweep as a Slurm job array, task i running run i."})
    static final class Slurm implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The sweep spec (JSON).")
        private Path file;

        @Option(names = "--parallel", paramLabel = "P", description = "Tasks at a time (default: no limit).")
        private int parallel;

        @Option(
                names = "--gpus",
                paramLabel = "N",
                description = "GPUs per task (default: 1 if a run's backend is cuda or auto, else 0).")
        private Integer gpus;

        @Option(
                names = "--time",
                paramLabel = "HH:MM:SS",
                description = "Time limit per task (default: ${DEFAULT-VALUE}).")
        private String time = "24:00:00";

        @Option(names = "--cpus-per-task", paramLabel = "C", description = "CPUs per task (default: Slurm's).")
        private int cpusPerTask;

        @Option(names = "--partition", paramLabel = "NAME", description = "Slurm partition.")
        private String partition;

        @Option(
                names = "--launcher",
                paramLabel = "CMD",
                description = "Shell text that starts sparse-eoc on the nodes (default: this installation's launcher).")
        private String launcher;

        @Option(
                names = "--setup",
                paramLabel = "LINE",
                description = "A shell line run first, e.g. 'module load cuda' (repeatable).")
        private List<String> setup = List.of();

        @Option(
                names = "--out",
                paramLabel = "FILE",
                description = "Where to write (default: <output>/slurm-array.sh).")
        private Path outFile;

        @Override
        public Integer call() throws IOException {
            SweepPlan plan = plan(file);
            var options = new SlurmScript.Options(
                    parallel,
                    gpus == null ? (plan.usesGpu() ? 1 : 0) : gpus,
                    time,
                    cpusPerTask,
                    partition,
                    launcher != null ? launcher : defaultLauncher(),
                    setup);
            Path target = outFile != null ? outFile : plan.sweep().outputDir().resolve("slurm-array.sh");
            write(target, SlurmScript.script(plan, options, Path.of("")));
            spec.commandLine().getOut().println(target);
            return 0;
        }

        /** The {@code sparse-eoc} launcher of this installation (beside target/), else the name alone. */
        private static String defaultLauncher() {
            try {
                Path code = Path.of(Main.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI());
                Path launcher = code.toAbsolutePath().getParent().getParent().resolve("sparse-eoc");
                if (Files.isRegularFile(launcher)) {
                    return SlurmScript.quote(launcher.toString());
                }
            } catch (URISyntaxException | RuntimeException e) {
                // an unusual class source: fall back to the PATH
            }
            return "sparse-eoc";
        }
    }

    private static void write(Path target, String text) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        AtomicFile.write(target, text.getBytes(StandardCharsets.UTF_8));
    }
}
