package org.sparseeoc.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sparseeoc.backend.BreakEven;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.SparseOps;
import org.sparseeoc.backend.cpu.CpuConfig;
import org.sparseeoc.data.Dataset;
import org.sparseeoc.data.Datasets;
import org.sparseeoc.data.Limits;
import org.sparseeoc.data.PixelNormalizer;
import org.sparseeoc.data.Split;
import org.sparseeoc.nn.Cnn;
import org.sparseeoc.nn.CnnShape;
import org.sparseeoc.nn.Initializer;
import org.sparseeoc.nn.Mlp;
import org.sparseeoc.nn.MlpShape;
import org.sparseeoc.nn.Network;
import org.sparseeoc.nn.NetworkShape;
import org.sparseeoc.nn.SparseDispatch;
import org.sparseeoc.nn.SparseUsage;
import org.sparseeoc.report.AtomicFile;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.EocSolver;
import org.sparseeoc.train.Adam;
import org.sparseeoc.train.Checkpoint;
import org.sparseeoc.train.LearningRate;
import org.sparseeoc.train.MetricsJson;
import org.sparseeoc.train.Optimizer;
import org.sparseeoc.train.SgdMomentum;
import org.sparseeoc.train.Trainer;
import org.sparseeoc.train.TrainingListener;
import org.sparseeoc.train.TrainingResult;
import org.sparseeoc.train.TrainingSettings;

/**
 * Runs an experiment spec end to end: opens the backend, loads and normalises the data, solves the
 * EoC initialisation, builds and initialises the network, trains, and writes the run directory:
 *
 * <pre>
 *   spec.json        the resolved spec (every default filled in)
 *   provenance.json  git commit, seed, JVM/OS, backend and BLAS, init details, start/end, status
 *   metrics.jsonl, metrics.csv, layers.csv, checkpoint.bin   (as training goes)
 *   summary.json     status, divergence, final metrics
 *   plots/           loss, accuracy, per-layer sparsity and variance
 * </pre>
 *
 * A new run refuses an existing run directory (no data already written is lost); {@link #resume}
 * continues one from its checkpoint.
 */
public final class ExperimentRunner {
    public static final String SPEC = "spec.json";
    public static final String PROVENANCE = "provenance.json";
    public static final String SUMMARY = "summary.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Derivation constants for the seeds of independent random streams from the run seed. */
    static final long INIT_STREAM = 0x1A2B3C4D5E6F7081L;

    private ExperimentRunner() {}

    /**
     * Starts a new run of {@code spec} in {@code spec.output()}. Everything that can fail on bad
     * input (data, theory, backend) is done before the run directory is touched; a directory that
     * already holds results (metrics or a checkpoint) is refused.
     */
    public static RunOutcome train(ExperimentSpec spec, TrainingListener progress) throws IOException {
        Path dir = spec.outputDir();
        if (Files.exists(dir.resolve(RunRecorder.METRICS_JSONL)) || Files.exists(dir.resolve(RunRecorder.CHECKPOINT))) {
            throw new IllegalArgumentException(dir + ": a run already exists there; resume it with train --resume "
                    + dir + ", or choose another folder with --set output=...");
        }
        Prepared prepared = Prepared.of(spec);
        // Both open before the folder is touched: a GPU or library that cannot be used writes nothing.
        try (Backends.Opened backend = Backends.open(spec.backend(), spec.gpu(), System.err::println);
                SparseOps sparseOps = Backends.sparseOps(backend.ops(), spec.gpu(), System.err::println)) {
            Files.createDirectories(dir);
            SpecWriter.write(spec, dir.resolve(SPEC));
            return run(spec, dir, prepared, backend, sparseOps, Optional.empty(), progress);
        }
    }

    /**
     * Continues the run in {@code dir} from its checkpoint, with the spec it was started with. A run
     * that stopped before its first checkpoint starts again from scratch in place (runs are
     * deterministic, so that is exact too). Temporary files left by a killed writer are removed.
     */
    public static RunOutcome resume(Path dir, TrainingListener progress) throws IOException {
        ExperimentSpec spec = resumedSpec(dir);
        deleteStaleTemporaries(dir);
        Path checkpointFile = dir.resolve(RunRecorder.CHECKPOINT);
        Optional<Checkpoint> checkpoint = Optional.empty();
        if (Files.isRegularFile(checkpointFile)) {
            try {
                checkpoint = Optional.of(Checkpoint.read(checkpointFile));
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage() + "; delete it to restart the run from scratch", e);
            }
        }
        Prepared prepared = Prepared.of(spec);
        try (Backends.Opened backend = Backends.open(spec.backend(), spec.gpu(), System.err::println);
                SparseOps sparseOps = Backends.sparseOps(backend.ops(), spec.gpu(), System.err::println)) {
            Ops ops = backend.ops();
            String here = Checkpoint.backendOf(ops.info());
            if (checkpoint.isPresent() && !checkpoint.get().backend().equals(here)) {
                throw new IllegalArgumentException(
                        "%s was written on '%s' but this process has '%s': exact resume needs the same (e.g. -D%s=N in SPARSE_EOC_JAVA_OPTS)"
                                .formatted(
                                        checkpointFile, checkpoint.get().backend(), here, CpuConfig.THREADS_PROPERTY));
            }
            return run(spec, dir, prepared, backend, sparseOps, checkpoint, progress);
        }
    }

    /** Removes {@code .NAME.RANDOM.tmp} files that a writer killed mid-write left behind. */
    private static void deleteStaleTemporaries(Path dir) throws IOException {
        try (var files = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The spec a run in {@code dir} was started with. */
    public static ExperimentSpec resumedSpec(Path dir) {
        Path specFile = dir.resolve(SPEC);
        if (!Files.isRegularFile(specFile)) {
            throw new IllegalArgumentException(
                    dir + ": no run to resume (no " + SPEC + "); start one with train --spec");
        }
        return SpecLoader.load(specFile);
    }

    /**
     * What a run needs before it touches the backend: the EoC init, the data (normalised and
     * input-scaled as training sees it) and the network shape. Public so that diagnostics at
     * initialisation (the probe) see exactly the inputs training would.
     */
    public record Prepared(
            EocInit eoc, NetworkShape shape, PixelNormalizer normalizer, double inputScale, DataBatches data) {
        /** Solves the init and loads, normalises and scales the spec's data; touches no backend. */
        public static Prepared of(ExperimentSpec spec) {
            EocInit eoc = EocSolver.solve(spec.activation().toRequest());
            Split split = Datasets.load(spec.data().parsedSource(), limits(spec.data()));
            PixelNormalizer normalizer = spec.data().normalize().fit(split.train());
            NetworkShape shape = shape(spec.model(), split.train());
            double scale = spec.init().inputScaling()
                    ? Initializer.inputScale(
                            shape,
                            spec.init().scheme(),
                            eoc,
                            DataBatches.meanSquaredNorm(split, normalizer, spec.batchSize()))
                    : 1.0;
            return new Prepared(
                    eoc,
                    shape,
                    normalizer,
                    scale,
                    new DataBatches(split, normalizer, spec.batchSize(), spec.seed(), scale));
        }

        /** The network shape of {@code model} on the data's examples and classes. */
        static NetworkShape shape(ModelSpec model, Dataset train) {
            return switch (model) {
                case ModelSpec.Mlp m -> new MlpShape(train.features(), m.width(), m.depth(), train.classes());
                case ModelSpec.Cnn c -> {
                    try {
                        yield new CnnShape(
                                train.channels(),
                                train.height(),
                                train.width(),
                                c.channels(),
                                c.depth(),
                                c.kernel(),
                                c.padding(),
                                c.downsample(),
                                train.classes());
                    } catch (IllegalArgumentException e) { // the geometry does not fit these images
                        throw new SpecException("model", e.getMessage() + " (images are " + train.shape() + ")");
                    }
                }
            };
        }
    }

    /** The seed the hidden and readout parameters of a run of {@code spec} are drawn from. */
    public static long initSeed(ExperimentSpec spec) {
        return spec.seed() ^ INIT_STREAM;
    }

    private static RunOutcome run(
            ExperimentSpec spec,
            Path dir,
            Prepared p,
            Backends.Opened backend,
            SparseOps sparseOps,
            Optional<Checkpoint> resume,
            TrainingListener progress)
            throws IOException {
        Ops ops = backend.ops();
        Instant now = Instant.now();
        Instant started = resume.isPresent()
                ? RunProvenance.started(dir.resolve(PROVENANCE)).orElse(now)
                : now;
        List<String> resumedAt = resume.isPresent() ? RunProvenance.resumedAt(dir.resolve(PROVENANCE), now) : List.of();
        try (Network net = Network.create(
                        ops,
                        p.shape(),
                        p.eoc().activation(),
                        spec.batchSize(),
                        sparseOps,
                        spec.sparse().dispatch(sparseOps));
                Optimizer optimizer = optimizer(ops, spec.optimizer(), p.shape().parameterCount())) {
            if (resume.isEmpty()) { // a resumed run loads its parameters from the checkpoint
                net.setParameters(Initializer.draw(
                        p.shape(), spec.init().scheme(), spec.init().weights(), p.eoc(), initSeed(spec)));
            }
            Map<String, Object> init = initDetails(p.eoc(), spec, p.inputScale(), p.normalizer());
            init.put("optimizer", optimizer.describe());
            writeProvenance(
                    dir, spec, backend, init, sparseDetails(spec, net, sparseOps), started, resumedAt, null, "running");
            RunRecorder recorder = new RunRecorder(
                    dir, resume.map(c -> MetricsJson.parse(c.metricsLines())).orElse(List.of()), progress);
            Trainer trainer = new Trainer(ops, net, optimizer, learningRate(spec), p.data(), settings(spec), recorder);
            TrainingResult result = trainer.run(resume);
            recorder.flush();
            TrainingPlots.write(
                    dir, result.rows(), spec.activation().sparsity(), p.eoc().qStar());
            Map<String, Object> sparse = sparseDetails(spec, net, sparseOps);
            writeSummary(dir, result, sparse);
            writeProvenance(
                    dir,
                    spec,
                    backend,
                    init,
                    sparse,
                    started,
                    resumedAt,
                    Instant.now(),
                    result.status().name().toLowerCase());
            return new RunOutcome(dir, result);
        }
    }

    /**
     * The sparse dispatch as asked for and as in effect (dense for a CNN or a backend without
     * sparse products), and what it picked over this process's training steps (a resumed run counts
     * from the resume).
     */
    private static Map<String, Object> sparseDetails(ExperimentSpec spec, Network net, SparseOps sparseOps) {
        SparseDispatch dispatch = switch (net) {
            case Mlp m -> m.dispatch();
            case Cnn c -> SparseDispatch.DENSE;
        };
        SparseUsage usage = switch (net) {
            case Mlp m -> m.sparseUsage();
            case Cnn c -> SparseUsage.NONE;
        };
        Map<String, Object> sparse = new LinkedHashMap<>();
        sparse.put("mode", spec.sparse().mode().cliName());
        sparse.put("effectiveMode", dispatch.mode().cliName());
        sparse.put("library", Backends.sparseLibraryName(sparseOps));
        sparse.put("kernels", Backends.sparseKernelsName(sparseOps));
        // The thresholds in effect: the spec's, or where it leaves them unset the break-even.
        sparse.put("threshold", dispatch.threshold());
        sparse.put("inputGradientThreshold", dispatch.inputGradientThreshold());
        if (sparseOps != null) {
            BreakEven measured = sparseOps.breakEven();
            Map<String, Object> breakEven = new LinkedHashMap<>();
            breakEven.put("threshold", measured.products());
            breakEven.put("inputGradientThreshold", measured.maskedInputGradient());
            breakEven.put("basis", measured.basis());
            sparse.put("breakEven", breakEven);
        }
        sparse.put("layerSteps", usage.layerSteps());
        sparse.put("sparseFraction", usage.sparseFraction());
        sparse.put("maskedInputGradientFraction", usage.maskedFraction());
        return sparse;
    }

    private static Limits limits(DataSpec data) {
        return new Limits(
                data.trainLimit() == null ? Integer.MAX_VALUE : data.trainLimit(),
                data.testLimit() == null ? Integer.MAX_VALUE : data.testLimit());
    }

    private static Optimizer optimizer(Ops ops, OptimizerSpec spec, long n) {
        return switch (spec) {
            case OptimizerSpec.Sgd s -> new SgdMomentum(ops, n, s.momentum(), s.weightDecay(), s.nesterov());
            case OptimizerSpec.Adam a -> new Adam(ops, n, a.beta1(), a.beta2(), a.eps(), a.weightDecay());
        };
    }

    private static LearningRate learningRate(ExperimentSpec spec) {
        double base = spec.optimizer().lr();
        return (epoch, step, steps) -> spec.schedule().lr(base, epoch, step, steps, spec.epochs());
    }

    private static TrainingSettings settings(ExperimentSpec spec) {
        return new TrainingSettings(
                spec.epochs(),
                spec.batchSize(),
                spec.gradClip() == null ? 0 : spec.gradClip(),
                spec.metrics().everySteps(),
                spec.metrics().sparsityBatches(),
                spec.divergence().maxVariance(),
                spec.checkpoint().everySteps());
    }

    private static Map<String, Object> initDetails(
            EocInit eoc, ExperimentSpec spec, double scale, PixelNormalizer normalizer) {
        Map<String, Object> init = new LinkedHashMap<>();
        init.put("scheme", spec.init().scheme().cliName());
        init.put("weights", spec.init().weights().cliName());
        init.put("activation", eoc.activation().describe());
        init.put("tau", eoc.activation().threshold());
        init.put("clip", eoc.activation().clip());
        init.put("sigmaW2", eoc.weightVariance());
        init.put("sigmaB2", eoc.biasVariance());
        init.put("qStar", eoc.qStar());
        init.put("varianceSlope", eoc.varianceSlope());
        init.put("inputScale", scale);
        init.put("initSeed", initSeed(spec));
        init.put("dataOrderSeed", spec.seed());
        init.put("normalization", normalizer.kind().cliName());
        init.put("pixelMean", normalizer.mean());
        init.put("pixelStd", normalizer.std());
        return init;
    }

    private static void writeProvenance(
            Path dir,
            ExperimentSpec spec,
            Backends.Opened backend,
            Map<String, Object> init,
            Map<String, Object> sparse,
            Instant started,
            List<String> resumedAt,
            Instant ended,
            String status)
            throws IOException {
        Map<String, Object> resolved = JSON.readValue(SpecWriter.toJson(spec), new TypeReference<>() {});
        Map<String, Object> provenance = RunProvenance.of(
                resolved,
                spec.seed(),
                backend.ops().info(),
                backend.fallback(),
                init,
                started,
                resumedAt,
                ended,
                status);
        provenance.put("sparse", sparse);
        AtomicFile.write(dir.resolve(PROVENANCE), JSON.writeValueAsBytes(provenance));
    }

    private static void writeSummary(Path dir, TrainingResult result, Map<String, Object> sparse) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("status", result.status().name().toLowerCase());
        summary.put("divergedAtStep", result.divergedAtStep());
        summary.put("divergedLayer", result.divergedLayer());
        summary.put("divergenceReason", result.divergenceReason());
        summary.put("final", JSON.readTree(MetricsJson.line(result.last())));
        summary.put("sparse", sparse);
        AtomicFile.write(
                dir.resolve(SUMMARY), (JSON.writeValueAsString(summary) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
