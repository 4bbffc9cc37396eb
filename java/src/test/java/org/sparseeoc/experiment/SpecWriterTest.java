package org.sparseeoc.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecWriterTest {
    @TempDir
    Path dir;

    @Test
    void resolvedSpecParsesBackEqual() {
        for (String variant : List.of(
                Specs.MINIMAL,
                Specs.with("optimizer", "{\"type\": \"adam\", \"lr\": 0.001, \"eps\": 1e-7}"),
                Specs.with("schedule", "{\"type\": \"step\", \"every\": 3, \"gamma\": 0.1}"),
                Specs.with("schedule", "{\"type\": \"cosine\", \"minLr\": 0.001, \"warmupEpochs\": 1}"),
                Specs.with("activation", "{\"kind\": \"st\", \"sparsity\": 0.3, \"qStar\": 2}"),
                Specs.with("activation", "{\"kind\": \"cst\", \"sparsity\": 0.9, \"clipAbs\": 0.7}"),
                Specs.with("gradClip", "0.25"),
                Specs.with(
                        "data", "{\"source\": \"cifar10:/data/c10\", \"trainLimit\": 9, \"normalize\": \"none\"}"))) {
            ExperimentSpec spec = Specs.parse(variant);
            String json = SpecWriter.toJson(spec);
            assertEquals(spec, SpecLoader.parse(json), json);
            assertEquals(json, SpecWriter.toJson(SpecLoader.parse(json)));
        }
    }

    @Test
    void everyDefaultIsWritten() {
        String json = SpecWriter.toJson(Specs.parse(Specs.MINIMAL));
        for (String field : List.of(
                "\"seed\": 1,",
                "\"backend\": \"cpu\"",
                "\"output\": \"results/t\"",
                "\"normalize\": \"standardize\"",
                "\"trainLimit\": null",
                "\"kind\": \"crelu\"",
                "\"qStar\": 1.0",
                "\"scheme\": \"eoc\"",
                "\"inputScaling\": true",
                "\"momentum\": 0.9",
                "\"nesterov\": false",
                "\"type\": \"constant\"",
                "\"gradClip\": null",
                "\"sparsityBatches\": 4",
                "\"maxVariance\": 1.0E8")) {
            assertTrue(json.contains(field), field + " in " + json);
        }
        assertTrue(json.endsWith("}\n"));
    }

    @Test
    void writesAFile() throws IOException {
        ExperimentSpec spec = Specs.parse(Specs.MINIMAL);
        Path file = dir.resolve("spec.json");
        SpecWriter.write(spec, file);
        assertEquals(spec, SpecLoader.load(file));
        assertEquals(SpecWriter.toJson(spec), Files.readString(file));
    }
}
