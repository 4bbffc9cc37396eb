package org.sparseeoc.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run records its sparse dispatch: the mode asked for and in effect, the thresholds and the
 * fraction of layer-steps that went sparse, in provenance.json and summary.json. A tiny MLP (two
 * training steps of 8 examples) forced sparse has every layer-step sparse; forced dense, none.
 */
class SparseDispatchRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private JsonNode[] run(String name, String... sets) throws Exception {
        String[] all = new String[sets.length + 4];
        System.arraycopy(sets, 0, all, 0, sets.length);
        all[sets.length] = "epochs=1";
        all[sets.length + 1] = "batchSize=8";
        all[sets.length + 2] = "data.trainLimit=16";
        all[sets.length + 3] = "data.testLimit=8";
        ExperimentSpec spec = TrainingRunTest.spec(dir.resolve(name), all);
        ExperimentRunner.train(spec, TrainingRunTest.SILENT);
        return new JsonNode[] {
            JSON.readTree(spec.outputDir().resolve(ExperimentRunner.PROVENANCE).toFile())
                    .path("sparse"),
            JSON.readTree(spec.outputDir().resolve("summary.json").toFile()).path("sparse")
        };
    }

    @Test
    void forcedSparseRecordsEveryLayerStepSparse() throws Exception {
        for (JsonNode sparse : run("sparse", "sparse.mode=sparse", "sparse.threshold=0.3")) {
            assertEquals("sparse", sparse.path("mode").asText(), sparse.toString());
            assertEquals("sparse", sparse.path("effectiveMode").asText(), sparse.toString());
            assertEquals(0.3, sparse.path("threshold").asDouble(), sparse.toString());
            assertEquals("cpu", sparse.path("library").asText(), sparse.toString());
            assertTrue(sparse.path("kernels").asText().startsWith("simd ("), sparse.toString());
            // Two steps × three maps with a hidden input (depth 3: maps 1, 2 and the readout).
            assertEquals(6, sparse.path("layerSteps").asLong(), sparse.toString());
            assertEquals(1.0, sparse.path("sparseFraction").asDouble(), sparse.toString());
            assertEquals(1.0, sparse.path("maskedInputGradientFraction").asDouble(), sparse.toString());
        }
    }

    @Test
    void forcedDenseRecordsNoSparseLayerStep() throws Exception {
        for (JsonNode sparse : run("dense", "sparse.mode=dense")) {
            assertEquals("dense", sparse.path("effectiveMode").asText(), sparse.toString());
            assertEquals(6, sparse.path("layerSteps").asLong(), sparse.toString());
            assertEquals(0.0, sparse.path("sparseFraction").asDouble(), sparse.toString());
        }
    }
}
