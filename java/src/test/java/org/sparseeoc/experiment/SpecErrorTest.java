package org.sparseeoc.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad spec, each reported at its JSON path with a reason that says what is valid. */
class SpecErrorTest {
    @TempDir
    Path dir;

    /** Edit of the minimal spec (null value: field removed), path expected at fault, words of the reason. */
    static Stream<Arguments> badFields() {
        return Stream.of(
                // out of range
                Arguments.of("name", "\"a b\"", "name", "not a valid run name"),
                Arguments.of("name", "\"..\"", "name", "not a valid run name"),
                Arguments.of("output", "\" \"", "output", "must name a folder"),
                Arguments.of("seed", "1.5", "seed", "expected an integer"),
                Arguments.of(
                        "data.source", "\"bundled:cifar\"", "data.source", "the bundled ones are bundled:mnist-10k"),
                Arguments.of("data.source", "\"s3:bucket\"", "data.source", "unknown data source 's3:bucket'"),
                Arguments.of("data.source", "\"idx:\"", "data.source", "needs a folder"),
                Arguments.of("data.trainLimit", "0", "data.trainLimit", "must be an integer >= 1, got 0"),
                Arguments.of("data.testLimit", "-3", "data.testLimit", ">= 1"),
                Arguments.of("model.depth", "0", "model.depth", ">= 1"),
                Arguments.of("model.width", "0", "model.width", ">= 1"),
                Arguments.of("activation.qStar", "0", "activation.qStar", "q* must be finite and > 0"),
                Arguments.of("activation.clip", "-1", "activation.clip", "the clip must be finite and > 0"),
                Arguments.of("optimizer.lr", "0", "optimizer.lr", "must be a finite number > 0, got 0.0"),
                Arguments.of("optimizer.momentum", "1", "optimizer.momentum", "must lie in [0, 1)"),
                Arguments.of("optimizer.weightDecay", "-1e-4", "optimizer.weightDecay", ">= 0"),
                Arguments.of(
                        "optimizer", "{\"type\": \"adam\", \"lr\": 1e-3, \"beta2\": 1}", "optimizer.beta2", "[0, 1)"),
                Arguments.of("optimizer", "{\"type\": \"adam\", \"lr\": 1e-3, \"eps\": 0}", "optimizer.eps", "> 0"),
                Arguments.of(
                        "optimizer",
                        "{\"type\": \"sgd\", \"lr\": 0.1, \"momentum\": 0, \"nesterov\": true}",
                        "optimizer.nesterov",
                        "needs momentum > 0"),
                Arguments.of(
                        "schedule", "{\"type\": \"step\", \"every\": 0, \"gamma\": 0.1}", "schedule.every", ">= 1"),
                Arguments.of(
                        "schedule", "{\"type\": \"step\", \"every\": 2, \"gamma\": 1.5}", "schedule.gamma", "(0, 1]"),
                Arguments.of("schedule", "{\"type\": \"cosine\", \"minLr\": -1}", "schedule.minLr", ">= 0"),
                Arguments.of(
                        "schedule",
                        "{\"type\": \"cosine\", \"warmupEpochs\": 2}",
                        "schedule.warmupEpochs",
                        "below epochs (2)"),
                Arguments.of(
                        "schedule",
                        "{\"type\": \"cosine\", \"minLr\": 0.1}",
                        "schedule.minLr",
                        "must not exceed optimizer.lr"),
                Arguments.of("gradClip", "0", "gradClip", "> 0"),
                Arguments.of("epochs", "0", "epochs", ">= 1"),
                Arguments.of("batchSize", "-1", "batchSize", ">= 1"),
                Arguments.of("metrics.everySteps", "-1", "metrics.everySteps", ">= 0"),
                Arguments.of("metrics.sparsityBatches", "0", "metrics.sparsityBatches", ">= 1"),
                Arguments.of("divergence.maxVariance", "0", "divergence.maxVariance", "> 0"),
                Arguments.of("checkpoint.everySteps", "-5", "checkpoint.everySteps", ">= 0"),
                Arguments.of("sparse.threshold", "1.5", "sparse.threshold", "density in [0, 1]"),
                Arguments.of("sparse.inputGradientThreshold", "-0.1", "sparse.inputGradientThreshold", "[0, 1]"),
                Arguments.of("sparse.mode", "\"fast\"", "sparse.mode", "auto"),
                Arguments.of("sparse.mod", "\"auto\"", "sparse.mod", "did you mean mode?"),
                // missing required fields
                Arguments.of("name", null, "name", "missing (required)"),
                Arguments.of("data", null, "data", "missing (required): an object such as"),
                Arguments.of("data.source", null, "data.source", "missing (required)"),
                Arguments.of("model", null, "model", "missing (required)"),
                Arguments.of("model.type", null, "model.type", "missing (required): one of mlp, cnn"),
                Arguments.of("model.depth", null, "model.depth", "missing (required)"),
                Arguments.of("activation.kind", null, "activation.kind", "missing (required): one of relu, relu-tau"),
                Arguments.of("activation.sparsity", null, "activation.sparsity", "missing (required)"),
                Arguments.of("activation.clip", null, "activation.clip", "crelu needs a clip"),
                Arguments.of("optimizer.type", null, "optimizer.type", "missing (required): one of sgd, adam"),
                Arguments.of("optimizer.lr", null, "optimizer.lr", "missing (required)"),
                Arguments.of("schedule", "{\"type\": \"step\", \"every\": 3}", "schedule.gamma", "missing (required)"),
                Arguments.of("epochs", null, "epochs", "missing (required)"),
                Arguments.of("batchSize", null, "batchSize", "missing (required)"),
                // wrong JSON type
                Arguments.of(
                        "optimizer.lr",
                        "\"0.1\"",
                        "optimizer.lr",
                        "expected a number, got the string \"0.1\" (write numbers"),
                Arguments.of("optimizer.lr", "{}", "optimizer.lr", "expected a number, got an object"),
                Arguments.of("model.depth", "2.5", "model.depth", "expected an integer from"),
                Arguments.of(
                        "model.depth",
                        "99999999999",
                        "model.depth",
                        "expected an integer from -2147483648 to 2147483647"),
                Arguments.of("name", "3", "name", "expected a string (in double quotes), got the number 3"),
                Arguments.of("init.inputScaling", "\"yes\"", "init.inputScaling", "expected true or false"),
                Arguments.of(
                        "optimizer.nesterov", "1", "optimizer.nesterov", "expected true or false, got the number 1"),
                Arguments.of("data", "\"bundled:mnist-10k\"", "data", "expected an object"),
                Arguments.of(
                        "optimizer", "\"sgd\"", "optimizer", "expected an object with a \"type\" field (sgd, adam)"),
                Arguments.of(
                        "model", "[1]", "model", "expected an object with a \"type\" field (mlp, cnn), got an array"),
                // unknown enum values and subtypes
                Arguments.of("backend", "\"gpu\"", "backend", "unknown value \"gpu\"; expected one of cpu, cuda, auto"),
                Arguments.of("backend", "1", "backend", "expected one of cpu, cuda, auto, got the number 1"),
                Arguments.of("data.normalize", "\"zscore\"", "data.normalize", "one of none, unit, standardize"),
                Arguments.of("init.scheme", "\"kaiming\"", "init.scheme", "one of eoc, he, glorot"),
                Arguments.of("activation.kind", "\"gelu\"", "activation.kind", "one of relu, relu-tau, st, crelu, cst"),
                Arguments.of(
                        "optimizer.type",
                        "\"rmsprop\"",
                        "optimizer.type",
                        "unknown type \"rmsprop\"; expected one of sgd, adam"),
                Arguments.of(
                        "schedule",
                        "{\"type\": \"linear\"}",
                        "schedule.type",
                        "expected one of constant, step, cosine"),
                Arguments.of("model.type", "\"resnet\"", "model.type", "expected one of mlp, cnn"),
                Arguments.of("init.weights", "\"uniform\"", "init.weights", "one of gaussian, orthogonal"),
                Arguments.of(
                        "gpu.gemm",
                        "\"cudnn\"",
                        "gpu.gemm",
                        "unknown value \"cudnn\"; expected one of auto, cublas, builtin"),
                Arguments.of("gpu.tf32", "\"yes\"", "gpu.tf32", "expected true or false"),
                Arguments.of("gpu", "\"cublas\"", "gpu", "expected an object"),
                Arguments.of(
                        "gpu",
                        "{\"gemm\": \"builtin\", \"tf32\": true}",
                        "gpu.tf32",
                        "TF32 is a cuBLAS mode and gemm is \"builtin\" (full FP32): set gemm to \"auto\" or"),
                Arguments.of(
                        "gpu.tensorCores", "true", "gpu.tensorCores", "valid fields of gpu: gemm, tf32, sparseLibrary"),
                Arguments.of(
                        "gpu.sparseLibrary",
                        "\"cusparselt\"",
                        "gpu.sparseLibrary",
                        "unknown value \"cusparselt\"; expected one of builtin, cusparse"),
                // the CNN's own checks
                Arguments.of("model", "{\"type\": \"cnn\", \"depth\": 3}", "model.channels", "missing (required)"),
                Arguments.of("model", "{\"type\": \"cnn\", \"depth\": 3, \"channels\": 0}", "model.channels", ">= 1"),
                Arguments.of(
                        "model",
                        "{\"type\": \"cnn\", \"depth\": 3, \"channels\": 4, \"padding\": 3}",
                        "model.padding",
                        "must lie in [0, kernel - 1] = [0, 2], got 3"),
                Arguments.of(
                        "model",
                        "{\"type\": \"cnn\", \"depth\": 3, \"channels\": 4, \"downsample\": [2, 1]}",
                        "model.downsample[1]",
                        "ascending layer indices in [0, 2]"),
                Arguments.of(
                        "model",
                        "{\"type\": \"cnn\", \"depth\": 3, \"channels\": 4, \"downsample\": [3]}",
                        "model.downsample[0]",
                        "ascending layer indices in [0, 2]"),
                // unknown fields
                Arguments.of(
                        "lr",
                        "0.1",
                        "lr",
                        "unknown field; valid top-level fields: name, seed, backend, output, data, model, activation,"
                                + " init, optimizer, schedule, gradClip, epochs, batchSize, metrics, divergence, checkpoint,"
                                + " gpu, sparse"),
                Arguments.of(
                        "optimizer.momentun",
                        "0.5",
                        "optimizer.momentun",
                        "unknown field (did you mean momentum?); valid fields of optimizer (sgd): type, lr, momentum,"
                                + " nesterov, weightDecay"),
                Arguments.of(
                        "schedule",
                        "{\"type\": \"constant\", \"every\": 3}",
                        "schedule.every",
                        "valid fields of schedule (constant): type"),
                Arguments.of(
                        "data.limit",
                        "5",
                        "data.limit",
                        "valid fields of data: source, normalize, trainLimit, testLimit"),
                // activations the theory refuses
                Arguments.of(
                        "activation",
                        "{\"kind\": \"relu-tau\", \"sparsity\": 0.3}",
                        "activation.sparsity",
                        "relu-tau needs s >= 0.5"),
                Arguments.of("activation.sparsity", "0.3", "activation.sparsity", "crelu needs s >= 0.5"),
                Arguments.of("activation.sparsity", "1", "activation.sparsity", "strictly between 0 and 1"),
                Arguments.of(
                        "activation",
                        "{\"kind\": \"relu\", \"sparsity\": 0.7}",
                        "activation.sparsity",
                        "relu has sparsity 0.5"),
                Arguments.of(
                        "activation",
                        "{\"kind\": \"st\", \"sparsity\": 0.7, \"clip\": 1}",
                        "activation.clip",
                        "st takes no clip; remove clip"),
                Arguments.of(
                        "activation",
                        "{\"kind\": \"relu\", \"clipAbs\": 1}",
                        "activation.clipAbs",
                        "relu takes no clip"),
                Arguments.of("activation.clipAbs", "2", "activation.clipAbs", "not both"),
                Arguments.of(
                        "activation",
                        "{\"kind\": \"cst\", \"sparsity\": 0.7, \"clipAbs\": 0}",
                        "activation.clipAbs",
                        "the clip must be finite and > 0"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badFields")
    void badFieldIsReportedAtItsPath(String edit, String value, String path, String reason) {
        SpecException e = Specs.failure(Specs.with(edit, value));
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.getMessage().startsWith("test.json: " + path + ": "), e.getMessage());
        assertTrue(e.reason().contains(reason), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void malformedJsonGivesLineAndColumn() {
        SpecException e = Specs.failure("{\n  \"name\": \"t\",\n  \"seed\": ,\n}");
        assertEquals("", e.path());
        assertTrue(
                e.getMessage().startsWith("test.json:3:11: malformed JSON: Unexpected character (','"), e.getMessage());
    }

    @Test
    void unclosedObjectSaysWhereItOpened() {
        SpecException e = Specs.failure("{\"name\": \"t\"");
        assertTrue(
                e.getMessage().startsWith("test.json:1:13: malformed JSON: Unexpected end-of-input"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(opened at 1:1)"), e.getMessage());
    }

    @Test
    void duplicateKeysAreMalformed() {
        SpecException e = Specs.failure("{\"name\": \"t\", \"name\": \"u\"}");
        assertTrue(e.getMessage().startsWith("test.json:1:"), e.getMessage());
        assertTrue(e.getMessage().contains("malformed JSON: Duplicate field 'name'"), e.getMessage());
    }

    @Test
    void trailingTextIsMalformed() {
        assertTrue(Specs.failure(Specs.MINIMAL + "}").getMessage().contains("malformed JSON"));
    }

    @Test
    void emptyAndNonObjectDocumentsAreRefused() {
        assertEquals(
                "test.json: empty; a spec is a JSON object, see experiments/quickstart.json",
                Specs.failure("  \n").getMessage());
        assertEquals(
                "test.json: expected a JSON object at the top level, got an array [1,2]",
                Specs.failure("[1, 2]").getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("nope.json");
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(file));
        assertEquals(file + ": no such file; check the path (specs live under experiments/)", e.getMessage());
    }

    @Test
    void folderIsNotASpec() {
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(dir));
        assertEquals(dir + ": cannot read the file: a folder, not a spec file", e.getMessage());
    }

    @Test
    void nonUtf8FileIsRefused() throws IOException {
        Path file = dir.resolve("latin1.json");
        Files.write(file, new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'});
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(file));
        assertEquals(file + ": not UTF-8 text; save the spec as UTF-8", e.getMessage());
    }

    @Test
    void fileErrorsNameTheFile() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, Specs.with("optimizer.lr", "-0.5"));
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(file, List.of()));
        assertEquals(file + ": optimizer.lr: must be a finite number > 0, got -0.5", e.getMessage());
        assertEquals(file.toString(), e.source());
    }
}
