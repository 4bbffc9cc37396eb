package org.sparseeoc.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM started without {@code --add-modules=jdk.incubator.vector} (plain {@code java -jar}) still
 * trains with sparse products: the CPU falls back to the plain-Java loops (no class of the Vector
 * API is loaded), says so in one stderr line, records it in provenance, and uses their own
 * break-even densities.
 */
class PlainJavaSparseLoopsTest {
    @TempDir
    Path dir;

    @Test
    void trainingWithoutTheVectorModuleUsesThePlainLoopsAndSaysSo() throws Exception {
        Path out = dir.resolve("run");
        Path specFile = dir.resolve("spec.json");
        Files.writeString(
                specFile,
                SpecWriter.toJson(TrainingRunTest.spec(
                        out,
                        "model.depth=3",
                        "model.width=64",
                        "epochs=1",
                        "data.trainLimit=256",
                        "data.testLimit=64")));
        Path log = dir.resolve("child.log");
        Process child = ChildTraining.start(specFile, false, log);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child did not finish");
        String output = Files.readString(log);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("started without --add-modules=jdk.incubator.vector"), output);

        JsonNode sparse = new ObjectMapper()
                .readTree(out.resolve(ExperimentRunner.PROVENANCE).toFile())
                .path("sparse");
        assertTrue(sparse.path("kernels").asText().startsWith("scalar ("), sparse.toString());
        assertEquals(0.2, sparse.path("threshold").asDouble(), sparse.toString());
        assertEquals(0.02, sparse.path("inputGradientThreshold").asDouble(), sparse.toString());
        assertTrue(sparse.path("sparseFraction").asDouble() > 0, "CReLU near s = 0.85 goes sparse: " + sparse);
    }
}
