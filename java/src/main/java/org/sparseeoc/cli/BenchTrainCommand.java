package org.sparseeoc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.backend.SparseOps;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.backend.cpu.CpuSparseOps;
import org.sparseeoc.bench.SparseTrainBenchmark;
import org.sparseeoc.bench.Timing;
import org.sparseeoc.bench.TrainBenchmark;
import org.sparseeoc.experiment.ExperimentRunner;
import org.sparseeoc.experiment.ExperimentSpec;
import org.sparseeoc.experiment.SpecLoader;
import org.sparseeoc.nn.CnnShape;
import org.sparseeoc.nn.InitScheme;
import org.sparseeoc.nn.Initializer;
import org.sparseeoc.nn.MlpShape;
import org.sparseeoc.nn.NetworkShape;
import org.sparseeoc.nn.SparseDispatch;
import org.sparseeoc.nn.WeightDistribution;
import org.sparseeoc.theory.Clip;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.EocRequest;
import org.sparseeoc.theory.EocSolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparse-eoc bench train}. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Training steps/s of a network (SGD momentum on one fixed batch), with the GEMM share of a step and its"
                    + " rate against raw OpenBLAS on the step's own GEMM shapes.",
            "With --spec: the spec's network (MLP or CNN), activation, init and batch size on its first training"
                    + " batch. Without: a 784-WIDTHxDEPTH-10 MLP on random data scaled to q*.",
            "With --sparse-compare: samples/s of the MLPs of --nets with dense ReLU, and CReLU (clip 1) at s = 0.85"
                    + " and 0.9 with sparse dispatch dense, auto and sparse, interleaved round by round in one run."
        })
final class BenchTrainCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @picocli.CommandLine.Mixin
    private BenchCommand.CpuOptions options = new BenchCommand.CpuOptions();

    @Option(names = "--spec", paramLabel = "FILE", description = "An experiment spec whose network to time.")
    private Path specFile;

    @Option(
            names = "--activation",
            defaultValue = "relu",
            converter = ActivationKindConverter.class,
            description = "Activation kind without --spec (default ${DEFAULT-VALUE}).")
    private ActivationKind activation;

    @Option(names = "--sparsity", description = "Target sparsity (default 0.5 for relu, else required).")
    private Double sparsity;

    @Option(
            names = "--clip",
            defaultValue = "1.0",
            description = "Relative clip for crelu/cst (default ${DEFAULT-VALUE}).")
    private double clip;

    @Option(names = "--depth", defaultValue = "10", description = "Hidden layers (default ${DEFAULT-VALUE}).")
    private int depth;

    @Option(names = "--width", defaultValue = "300", description = "Hidden width (default ${DEFAULT-VALUE}).")
    private int width;

    @Option(names = "--batch", description = "Batch size (default: the spec's, else 128).")
    private Integer batch;

    @Option(
            names = "--sparse",
            defaultValue = "dense",
            paramLabel = "MODE",
            description =
                    "Sparse dispatch of an MLP's hidden inputs: dense, auto or sparse (default ${DEFAULT-VALUE}).")
    private String sparseMode;

    @Option(
            names = "--threshold",
            paramLabel = "DENSITY",
            description = "Density threshold of auto mode for the sparse forward and weight gradient (default: the"
                    + " measured break-even of the sparse kernels in use); for calibrating it.")
    private Double threshold;

    @Option(
            names = "--input-gradient-threshold",
            paramLabel = "DENSITY",
            description = "Density threshold of auto mode for the masked input gradient (default: the measured"
                    + " break-even of the sparse kernels in use); for calibrating it.")
    private Double inputGradientThreshold;

    @Option(
            names = "--sparse-compare",
            description = "Time the sparse-dispatch matrix (see above) instead of one network.")
    private boolean sparseCompare;

    @Option(
            names = "--nets",
            defaultValue = "300x100,1024x20",
            paramLabel = "WxD[,WxD...]",
            description = "With --sparse-compare: hidden width x depth of each MLP (default ${DEFAULT-VALUE}).")
    private String nets;

    @Option(
            names = "--steps-per-round",
            defaultValue = "2",
            description = "With --sparse-compare: steps of each configuration per round; --batches sets the rounds"
                    + " (default ${DEFAULT-VALUE}).")
    private int stepsPerRound;

    @Override
    public void run() {
        if (batch != null && batch < 1) {
            throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        }
        checkThresholds();
        SparseDispatch.Mode mode = mode(sparseMode);
        if (sparseCompare) {
            compareSparse();
            return;
        }
        TrainBenchmark.Workload work =
                specFile != null ? specWorkload() : mlpWorkload(activation, sparsity, width, depth);
        try (CpuOps ops = options.open();
                CpuSparseOps sparseOps = new CpuSparseOps(ops)) {
            TrainBenchmark.Result r = TrainBenchmark.run(
                    ops, work, sparseOps, dispatch(mode, sparseOps), options.warmupSeconds, options.batches);
            PrintWriter out = spec.commandLine().getOut();
            Timing t = r.step();
            out.printf(
                    "%s: step median %s (p10 %s, p90 %s)%n",
                    t.name(),
                    BenchCommand.human(t.medianNanos()),
                    BenchCommand.human(t.p10Nanos()),
                    BenchCommand.human(t.p90Nanos()));
            out.printf("samples/s (median step): %.0f%n", r.samplesPerSecond());
            out.printf("GEMM share of the step: %.1f %%%n", 100 * r.gemmShare());
            StringBuilder others = new StringBuilder();
            r.otherShares().forEach((op, share) -> {
                if (share >= 0.01) {
                    others.append(others.isEmpty() ? "" : ", ").append("%s %.1f %%".formatted(op, 100 * share));
                }
            });
            out.println("other ops (>= 1 %): " + others);
            out.printf(
                    "GEMM rate inside the step: %.1f GFLOP/s; raw OpenBLAS on the same shapes: %.1f GFLOP/s (%.0f %%)%n",
                    r.gemmGflopsInStep(), r.gemmGflopsRaw(), 100 * r.gemmGflopsInStep() / r.gemmGflopsRaw());
            out.printf("heap bytes allocated per step after warm-up: %.0f%n", r.bytesAllocatedPerStep());
            BenchCommand.printBackend(out, ops.info());
        }
    }

    /** The spec's network at its initialisation, on the first batch of its training data. */
    private TrainBenchmark.Workload specWorkload() {
        ExperimentSpec experiment = SpecLoader.load(specFile);
        ExperimentRunner.Prepared prepared = ExperimentRunner.Prepared.of(experiment);
        int rows = batch != null ? batch : experiment.batchSize();
        int features = prepared.shape().inputs();
        float[] x = new float[rows * features];
        int[] y = new int[rows];
        int filled = prepared.data().fixedTrainBatch(0, rows, x, y);
        if (filled < rows) {
            throw new IllegalArgumentException(
                    "--batch " + rows + " exceeds the " + filled + " training examples of " + specFile);
        }
        float[] parameters = Initializer.draw(
                prepared.shape(),
                experiment.init().scheme(),
                experiment.init().weights(),
                prepared.eoc(),
                ExperimentRunner.initSeed(experiment));
        String name = "%s %s batch %d".formatted(experiment.name(), describe(prepared.shape()), rows);
        return new TrainBenchmark.Workload(
                name, prepared.shape(), prepared.eoc().activation(), parameters, x, y, rows);
    }

    private void checkThresholds() {
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("--threshold must be a density in [0, 1], got " + threshold);
        }
        if (inputGradientThreshold != null && !(inputGradientThreshold >= 0 && inputGradientThreshold <= 1)) {
            throw new IllegalArgumentException(
                    "--input-gradient-threshold must be a density in [0, 1], got " + inputGradientThreshold);
        }
    }

    /** --sparse's value. */
    private static SparseDispatch.Mode mode(String name) {
        for (SparseDispatch.Mode m : SparseDispatch.Mode.values()) {
            if (m.cliName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("--sparse must be dense, auto or sparse, got '" + name + "'");
    }

    /** {@code mode} with --threshold and --input-gradient-threshold, else the kernels' break-even. */
    private SparseDispatch dispatch(SparseDispatch.Mode mode, SparseOps sparseOps) {
        return SparseDispatch.resolve(mode, threshold, inputGradientThreshold, sparseOps.breakEven());
    }

    /** The --sparse-compare matrix, printed as one line per configuration. */
    private void compareSparse() {
        if (stepsPerRound < 1) {
            throw new IllegalArgumentException("--steps-per-round must be >= 1, got " + stepsPerRound);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (CpuOps ops = options.open();
                // The kernels each net gets (SparseTrainBenchmark opens the same ones per net).
                CpuSparseOps kernels = new CpuSparseOps(ops)) {
            for (String net : nets.split(",", -1)) {
                String[] wd = net.trim().split("x", -1);
                int w;
                int d;
                try {
                    w = Integer.parseInt(wd[0]);
                    d = wd.length == 2 ? Integer.parseInt(wd[1]) : -1;
                } catch (NumberFormatException e) {
                    d = -1;
                    w = -1;
                }
                if (w < 1 || d < 1) {
                    throw new IllegalArgumentException("--nets: '" + net + "' is not WIDTHxDEPTH, e.g. 300x100");
                }
                List<SparseTrainBenchmark.Config> configs = new ArrayList<>();
                configs.add(new SparseTrainBenchmark.Config(
                        mlpWorkload(ActivationKind.RELU, 0.5, w, d), SparseDispatch.DENSE));
                for (double s : new double[] {0.85, 0.9}) {
                    TrainBenchmark.Workload work = mlpWorkload(ActivationKind.CRELU, s, w, d);
                    for (SparseDispatch.Mode mode :
                            List.of(SparseDispatch.Mode.DENSE, SparseDispatch.Mode.AUTO, SparseDispatch.Mode.SPARSE)) {
                        configs.add(new SparseTrainBenchmark.Config(work, dispatch(mode, kernels)));
                    }
                }
                List<SparseTrainBenchmark.Result> results =
                        SparseTrainBenchmark.run(ops, configs, 2, options.batches, stepsPerRound);
                double reluStep = results.get(0).medianStepNanos();
                for (SparseTrainBenchmark.Result r : results) {
                    out.printf(
                            "%-41s %-6s samples/s %7.0f  step %s (p10 %s, p90 %s)  vs relu dense %.2fx"
                                    + "  sparse layer-steps %.0f %%, masked %.0f %%%n",
                            r.config().workload().name(),
                            r.config().dispatch().mode().cliName(),
                            r.samplesPerSecond(),
                            BenchCommand.human(r.medianStepNanos()),
                            BenchCommand.human(r.p10StepNanos()),
                            BenchCommand.human(r.p90StepNanos()),
                            reluStep / r.medianStepNanos(),
                            100 * r.sparseFraction(),
                            100 * r.maskedFraction());
                }
                out.flush();
            }
            out.printf(
                    "%d rounds x %d steps per configuration, medians over rounds; auto thresholds %.3f (forward,"
                            + " weight gradient), %.3f (input gradient)%nsparse kernels: %s%n",
                    options.batches,
                    stepsPerRound,
                    dispatch(SparseDispatch.Mode.AUTO, kernels).threshold(),
                    dispatch(SparseDispatch.Mode.AUTO, kernels).inputGradientThreshold(),
                    kernels.loops());
            BenchCommand.printBackend(out, ops.info());
        }
    }

    /**
     * A 784-width×depth-10 MLP on one batch of random data, scaled so that the first layer's
     * pre-activation variance is q* (as training data would be), so every hidden layer has about the
     * target sparsity.
     */
    private TrainBenchmark.Workload mlpWorkload(ActivationKind activation, Double sparsity, int width, int depth) {
        if (sparsity == null && activation != ActivationKind.RELU) {
            throw new IllegalArgumentException("--sparsity is required for " + activation.cliName());
        }
        double s = sparsity != null ? sparsity : 0.5;
        Clip c = activation.clipped() ? new Clip.Relative(clip) : new Clip.None();
        EocInit eoc = EocSolver.solve(EocRequest.of(activation, s, c));
        MlpShape shape = new MlpShape(784, width, depth, 10);
        int rows = batch != null ? batch : 128;
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[rows * shape.inputs()];
        int[] y = new int[rows];
        double scale = Initializer.inputScale(shape, InitScheme.EOC, eoc, shape.inputs()); // E‖x‖² = 784
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (scale * random.nextGaussian());
        }
        for (int i = 0; i < rows; i++) {
            y[i] = random.nextInt(shape.classes());
        }
        float[] parameters = Initializer.draw(shape, InitScheme.EOC, WeightDistribution.GAUSSIAN, eoc, 1);
        String name = "%s s=%.2f %s batch %d".formatted(activation.cliName(), s, describe(shape), rows);
        return new TrainBenchmark.Workload(name, shape, eoc.activation(), parameters, x, y, rows);
    }

    private static String describe(NetworkShape shape) {
        return switch (shape) {
            case MlpShape m -> "mlp %d-%dx%d-%d".formatted(m.inputs(), m.width(), m.depth(), m.classes());
            case CnnShape c ->
                "cnn %dx%dx%d-%dx%d k%d down%s-%d"
                        .formatted(
                                c.channelsIn(),
                                c.height(),
                                c.width(),
                                c.channels(),
                                c.depth(),
                                c.kernel(),
                                c.downsample(),
                                c.classes());
        };
    }
}
