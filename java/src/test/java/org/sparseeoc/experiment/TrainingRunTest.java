package org.sparseeoc.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparseeoc.data.DatasetException;
import org.sparseeoc.nn.InitScheme;
import org.sparseeoc.nn.Initializer;
import org.sparseeoc.nn.MlpShape;
import org.sparseeoc.nn.WeightDistribution;
import org.sparseeoc.testing.NvidiaDriver;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.EocSolver;
import org.sparseeoc.theory.MeanFieldMaps;
import org.sparseeoc.train.Checkpoint;
import org.sparseeoc.train.LayerMetrics;
import org.sparseeoc.train.MetricsRow;
import org.sparseeoc.train.RunStatus;
import org.sparseeoc.train.TrainingListener;
import org.sparseeoc.train.TrainingResult;

/** End-to-end training runs on the bundled data through {@link ExperimentRunner}. */
class TrainingRunTest {
    static final TrainingListener SILENT = new TrainingListener() {
        @Override
        public void onMetrics(MetricsRow row) {}

        @Override
        public void onCheckpoint(Checkpoint checkpoint) {}
    };

    @TempDir
    Path dir;

    static ExperimentSpec spec(Path out, String... sets) {
        List<String> overrides = new ArrayList<>(List.of(sets));
        overrides.add("output=" + out);
        return SpecLoader.parse(Specs.MINIMAL, Specs.SOURCE, overrides);
    }

    @Test
    void shallowNetLearnsTheBundledDigits() throws Exception {
        ExperimentSpec spec = spec(
                dir.resolve("shallow"),
                "model.depth=2",
                "model.width=128",
                "activation.kind=crelu",
                "activation.sparsity=0.7",
                "optimizer.lr=0.05",
                "epochs=3",
                "batchSize=64");
        TrainingResult result = ExperimentRunner.train(spec, SILENT).result();
        assertEquals(RunStatus.COMPLETED, result.status(), result.divergenceReason());
        assertTrue(
                result.last().testAccuracy() >= 0.90,
                "test accuracy " + result.last().testAccuracy());
        Path run = spec.outputDir();
        for (String file : List.of(
                "spec.json",
                "provenance.json",
                "metrics.csv",
                "metrics.jsonl",
                "layers.csv",
                "checkpoint.bin",
                "summary.json",
                "plots/loss.png",
                "plots/layer-sparsity.svg")) {
            assertTrue(Files.isRegularFile(run.resolve(file)), "missing " + file);
        }
        JsonNode provenance =
                new ObjectMapper().readTree(run.resolve("provenance.json").toFile());
        assertEquals("completed", provenance.get("status").asText());
        assertEquals("cpu", provenance.at("/backend/name").asText());
        assertTrue(provenance.at("/git/commit").asText().length() >= 7, provenance.toString());
        assertTrue(provenance.at("/init/inputScale").asDouble() > 0);
        assertEquals(5, Files.readAllLines(run.resolve("metrics.csv")).size(), "header + init + 3 epochs");
    }

    @Test
    void quickstartReachesItsStatedAccuracyAndSparsity() throws Exception {
        // The README's main job, exactly as shipped (only the output folder moved).
        ExperimentSpec spec =
                SpecLoader.load(Path.of("experiments/quickstart.json"), List.of("output=" + dir.resolve("q")));
        TrainingResult result = ExperimentRunner.train(spec, SILENT).result();
        assertEquals(RunStatus.COMPLETED, result.status(), result.divergenceReason());
        assertTrue(
                result.last().testAccuracy() >= 0.85,
                "test accuracy " + result.last().testAccuracy());
        assertTrue(
                result.last().meanTestZeros() >= 0.80,
                "exact zeros " + result.last().meanTestZeros());
    }

    @Test
    void sameSeedTwiceIsBitIdentical() throws Exception {
        TrainingResult a = ExperimentRunner.train(spec(dir.resolve("a"), "epochs=2", "data.trainLimit=600"), SILENT)
                .result();
        TrainingResult b = ExperimentRunner.train(spec(dir.resolve("b"), "epochs=2", "data.trainLimit=600"), SILENT)
                .result();
        assertEquals(withoutTiming(a.rows()), withoutTiming(b.rows()));
        assertArrayEquals(
                Checkpoint.read(dir.resolve("a/checkpoint.bin")).parameters(),
                Checkpoint.read(dir.resolve("b/checkpoint.bin")).parameters());
    }

    @Test
    void deepClippedNetHoldsItsSparsityAndVarianceAtInit() throws Exception {
        ExperimentSpec spec = spec(
                dir.resolve("deep-crelu"),
                "model.depth=40",
                "model.width=300",
                "epochs=1",
                "batchSize=128",
                "data.trainLimit=128",
                "data.testLimit=256",
                "metrics.sparsityBatches=2");
        MetricsRow init = ExperimentRunner.train(spec, SILENT).result().rows().get(0);
        // Real inputs are strongly correlated, so within one random network each unit sees nearly the
        // same pre-activation for every example: a layer's zero fraction averages ~width independent
        // units, sd ≈ √(s(1−s)/300) ≈ 0.021. Hence ±0.03 on the mean over layers, ±0.09 (4 sd) per layer.
        double meanZeros = init.layers().stream()
                .mapToDouble(LayerMetrics::testZeros)
                .average()
                .orElseThrow();
        double meanVariance = init.layers().stream()
                .mapToDouble(LayerMetrics::testVariance)
                .average()
                .orElseThrow();
        String all = init.layers().toString();
        assertEquals(0.85, meanZeros, 0.03, "mean zero fraction over layers: " + all);
        assertEquals(1.0, meanVariance, 0.15, "mean variance over layers (q* = 1): " + all);
        for (LayerMetrics layer : init.layers()) {
            assertEquals(0.85, layer.testZeros(), 0.09, "zeros at layer " + layer.layer() + ": " + all);
            assertEquals(1.0, layer.testVariance(), 0.5, "variance at layer " + layer.layer() + ": " + all);
        }
    }

    @Test
    void deepShiftedReluBlowsUpAtInitAsTheTheoryPredicts() throws Exception {
        ExperimentSpec spec = spec(
                dir.resolve("deep-relu-tau"),
                "model.depth=100",
                "model.width=300",
                "activation.kind=relu-tau",
                "activation.clip=null",
                "epochs=1",
                "batchSize=128",
                "data.trainLimit=128",
                "data.testLimit=128",
                "metrics.sparsityBatches=1");
        TrainingResult result = ExperimentRunner.train(spec, SILENT).result();
        assertEquals(RunStatus.DIVERGED, result.status());
        assertEquals(0, result.divergedAtStep(), "diverges at init, before any step");
        assertTrue(result.divergedLayer() > 5, "the variance grows over layers: " + result.divergenceReason());
        assertTrue(Files.isRegularFile(spec.outputDir().resolve("summary.json")));
        // Layer by layer, the measured variance follows the variance map applied to the measured
        // variance of the layer before, q^{l+1} ≈ V(q^l), while it grows by orders of magnitude.
        // Width 300 limits the match: with strongly correlated inputs a layer's mean z² averages
        // ~300 independent units, a relative sd of about √(2/300) ≈ 8% per layer. Hence: no
        // systematic bias (mean log error within ±0.1), median error below 0.2, none above 0.6.
        MeanFieldMaps maps = EocSolver.solve(spec.activation().toRequest()).maps();
        List<LayerMetrics> layers = result.rows().get(0).layers();
        List<Double> logErrors = new ArrayList<>();
        for (int l = 0; l + 1 < layers.size() && layers.get(l + 1).testVariance() < 1e7; l++) {
            double predicted = maps.variance(layers.get(l).testVariance());
            logErrors.add(Math.log(layers.get(l + 1).testVariance() / predicted));
        }
        double last = layers.get(logErrors.size()).testVariance();
        assertTrue(last > 1e3, "variance grew to " + last);
        double bias =
                logErrors.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        List<Double> sorted =
                logErrors.stream().map(e -> Math.abs(Math.expm1(e))).sorted().toList();
        assertEquals(0, bias, 0.1, "mean log error of one layer of V: " + logErrors);
        assertTrue(sorted.get(sorted.size() / 2) < 0.2, "median one-layer error of V: " + sorted);
        assertTrue(sorted.get(sorted.size() - 1) < 0.6, "worst one-layer error of V: " + sorted);
    }

    @Test
    void gradientClippingBoundsTheUpdateNorm() throws Exception {
        double lr = 0.1;
        double clip = 1e-3; // far below the raw gradient norm, so clipping is active
        ExperimentSpec spec = spec(
                dir.resolve("clipped"),
                "optimizer.momentum=0",
                "optimizer.lr=" + lr,
                "gradClip=" + clip,
                "epochs=1",
                "data.trainLimit=16",
                "data.testLimit=16");
        ExperimentRunner.train(spec, SILENT);
        EocInit eoc = EocSolver.solve(spec.activation().toRequest());
        MlpShape shape = new MlpShape(784, 8, 3, 10);
        float[] before = Initializer.draw(
                shape, InitScheme.EOC, WeightDistribution.GAUSSIAN, eoc, spec.seed() ^ ExperimentRunner.INIT_STREAM);
        float[] after = Checkpoint.read(spec.outputDir().resolve(RunRecorder.CHECKPOINT))
                .parameters();
        double squared = 0;
        for (int i = 0; i < before.length; i++) {
            double d = (double) after[i] - before[i];
            squared += d * d;
        }
        // One plain SGD step with the gradient rescaled to norm `clip` moves the parameters by lr·clip.
        assertEquals(lr * clip, Math.sqrt(squared), 1e-3 * lr * clip);
    }

    @Test
    void refusesToOverwriteAnExistingRun() throws Exception {
        ExperimentSpec spec = spec(dir.resolve("once"), "epochs=1", "data.trainLimit=64", "data.testLimit=64");
        ExperimentRunner.train(spec, SILENT);
        byte[] before = Files.readAllBytes(spec.outputDir().resolve("metrics.jsonl"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ExperimentRunner.train(spec, SILENT));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(spec.outputDir().resolve("metrics.jsonl")));
    }

    @Test
    void resumeWithoutCheckpointRestartsAndACorruptCheckpointIsRefused() throws Exception {
        ExperimentSpec spec = spec(dir.resolve("early"), "epochs=1", "data.trainLimit=64", "data.testLimit=64");
        Path run = spec.outputDir();
        Files.createDirectories(run);
        Files.writeString(run.resolve(ExperimentRunner.SPEC), SpecWriter.toJson(spec));
        Files.writeString(run.resolve(".checkpoint.bin.0123.tmp"), "left by a killed writer");
        TrainingResult result = ExperimentRunner.resume(run, SILENT).result();
        assertEquals(RunStatus.COMPLETED, result.status(), "a run stopped before its first checkpoint starts afresh");
        assertTrue(Files.notExists(run.resolve(".checkpoint.bin.0123.tmp")), "stale temporary removed");

        byte[] bytes = Files.readAllBytes(run.resolve(RunRecorder.CHECKPOINT));
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(run.resolve(RunRecorder.CHECKPOINT), bytes);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ExperimentRunner.resume(run, SILENT));
        assertTrue(e.getMessage().contains("corrupt checkpoint"), e.getMessage());
    }

    @Test
    void missingDatasetNamesThePath() {
        Path missing = dir.resolve("no-such-data");
        ExperimentSpec spec = spec(dir.resolve("nodata"), "data.source=idx:" + missing);
        DatasetException e = assertThrows(DatasetException.class, () -> ExperimentRunner.train(spec, SILENT));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    /** Without an NVIDIA driver, "cuda" is a spec error at backend with the device's one line. */
    @Test
    void cudaBackendWithoutADriverIsRefusedWithTheReason() {
        assumeTrue(NvidiaDriver.absent(), "this machine has an NVIDIA driver");
        ExperimentSpec spec = spec(dir.resolve("gpu"), "backend=cuda");
        SpecException e = assertThrows(SpecException.class, () -> ExperimentRunner.train(spec, SILENT));
        assertEquals("backend", e.path());
        assertTrue(e.getMessage().contains("no NVIDIA driver: libcuda.so.1 cannot be loaded"), e.getMessage());
    }

    /** The rows with their two timing fields zeroed: everything else must reproduce exactly. */
    static List<MetricsRow> withoutTiming(List<MetricsRow> rows) {
        return rows.stream()
                .map(r -> new MetricsRow(
                        r.epoch(),
                        r.step(),
                        r.learningRate(),
                        r.trainLoss(),
                        r.trainAccuracy(),
                        r.testLoss(),
                        r.testAccuracy(),
                        r.meanTrainZeros(),
                        r.meanTestZeros(),
                        r.layers(),
                        0,
                        0))
                .toList();
    }
}
