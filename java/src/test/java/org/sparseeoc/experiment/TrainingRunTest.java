package org.sparseeoc.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparseeoc.data.DatasetException;
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
    void missingDatasetNamesThePath() {
        Path missing = dir.resolve("no-such-data");
        ExperimentSpec spec = spec(dir.resolve("nodata"), "data.source=idx:" + missing);
        DatasetException e = assertThrows(DatasetException.class, () -> ExperimentRunner.train(spec, SILENT));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void cudaBackendIsRefusedWithAReason() {
        ExperimentSpec spec = spec(dir.resolve("gpu"), "backend=cuda");
        SpecException e = assertThrows(SpecException.class, () -> ExperimentRunner.train(spec, SILENT));
        assertEquals("backend", e.path());
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
