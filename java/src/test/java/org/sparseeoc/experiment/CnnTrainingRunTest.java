package org.sparseeoc.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparseeoc.train.Checkpoint;
import org.sparseeoc.train.RunStatus;
import org.sparseeoc.train.TrainingResult;

/** End-to-end CNN runs on the bundled digits through {@link ExperimentRunner}. */
class CnnTrainingRunTest {
    @TempDir
    Path dir;

    @Test
    void quickCnnSpecReachesItsStatedAccuracyAndSparsity() throws Exception {
        // experiments/cnn/quick.json exactly as shipped (only the output folder moved).
        ExperimentSpec spec =
                SpecLoader.load(Path.of("experiments/cnn/quick.json"), List.of("output=" + dir.resolve("quick")));
        TrainingResult result =
                ExperimentRunner.train(spec, TrainingRunTest.SILENT).result();
        assertEquals(RunStatus.COMPLETED, result.status(), result.divergenceReason());
        assertTrue(
                result.last().testAccuracy() >= 0.85,
                "test accuracy " + result.last().testAccuracy());
        assertTrue(
                result.last().meanTestZeros() >= 0.80,
                "exact zeros " + result.last().meanTestZeros());
        JsonNode provenance = new ObjectMapper()
                .readTree(spec.outputDir().resolve(ExperimentRunner.PROVENANCE).toFile());
        assertEquals("cnn", provenance.at("/spec/model/type").asText(), provenance.toString());
        assertEquals("gaussian", provenance.at("/init/weights").asText());
    }

    @Test
    void deltaOrthogonalCnnResumesExactlyFromACheckpoint() throws Exception {
        List<String> small = List.of(
                "model={\"type\": \"cnn\", \"depth\": 3, \"channels\": 6, \"downsample\": [0, 1]}",
                "init.weights=orthogonal",
                "data.trainLimit=256",
                "data.testLimit=64",
                "batchSize=32",
                "epochs=2");
        ExperimentSpec whole = spec(dir.resolve("whole"), small);
        TrainingResult uninterrupted =
                ExperimentRunner.train(whole, TrainingRunTest.SILENT).result();
        assertEquals(RunStatus.COMPLETED, uninterrupted.status(), uninterrupted.divergenceReason());
        // Stop after the first epoch, then resume the same run for the second.
        ExperimentSpec half = spec(dir.resolve("half"), small);
        ExperimentRunner.train(withEpochs(half, 1), TrainingRunTest.SILENT);
        SpecWriter.write(half, half.outputDir().resolve(ExperimentRunner.SPEC));
        TrainingResult resumed = ExperimentRunner.resume(half.outputDir(), TrainingRunTest.SILENT)
                .result();
        assertEquals(RunStatus.COMPLETED, resumed.status());
        assertArrayEquals(
                Checkpoint.read(whole.outputDir().resolve("checkpoint.bin")).parameters(),
                Checkpoint.read(half.outputDir().resolve("checkpoint.bin")).parameters());
        assertEquals(uninterrupted.last().testLoss(), resumed.last().testLoss(), "test loss after resume");
    }

    @Test
    void aGeometryThatDoesNotFitTheImagesIsASpecErrorBeforeAnythingIsWritten() {
        // 28 → 12 → 4 → 0: the third 5×5 convolution without padding has no output.
        ExperimentSpec spec = spec(
                dir.resolve("nofit"),
                List.of("model={\"type\": \"cnn\", \"depth\": 3, \"channels\": 4, \"kernel\": 5,"
                        + " \"padding\": 0, \"downsample\": [0, 1]}"));
        SpecException e = assertThrows(SpecException.class, () -> ExperimentRunner.train(spec, TrainingRunTest.SILENT));
        assertEquals("model", e.path());
        assertTrue(e.getMessage().contains("layer 2 of the CNN has no output"), e.getMessage());
        assertTrue(e.getMessage().contains("1x28x28"), e.getMessage());
        assertFalse(Files.exists(spec.outputDir()), "nothing written");
    }

    private static ExperimentSpec spec(Path out, List<String> sets) {
        return TrainingRunTest.spec(out, sets.toArray(String[]::new));
    }

    private static ExperimentSpec withEpochs(ExperimentSpec spec, int epochs) {
        return SpecLoader.parse(SpecWriter.toJson(spec), "resolved spec", List.of("epochs=" + epochs));
    }
}
