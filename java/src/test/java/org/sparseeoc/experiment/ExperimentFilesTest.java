package org.sparseeoc.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.data.DataSource;
import org.sparseeoc.nn.WeightDistribution;

/** The specs shipped under experiments/ (tests run from the project root). */
class ExperimentFilesTest {
    private static final Path EXPERIMENTS = Path.of("experiments");

    @Test
    void everyShippedSpecValidates() throws IOException {
        List<Path> files = specFiles();
        assertTrue(files.size() >= 18, "found only " + files);
        Set<String> names = new TreeSet<>();
        for (Path file : files) {
            ExperimentSpec spec = SpecLoader.load(file); // throws, naming the file, if invalid
            assertTrue(names.add(spec.name()), "two specs named " + spec.name());
            assertEquals(spec, SpecLoader.parse(SpecWriter.toJson(spec)), file.toString());
        }
    }

    @Test
    void quickstartIsTheReadmeRun() {
        ExperimentSpec spec = SpecLoader.load(EXPERIMENTS.resolve("quickstart.json"));
        assertEquals(new ActivationSpec(ActivationKind.CRELU, 0.85, 1.0, null, 1.0), spec.activation());
        assertEquals(new ModelSpec.Mlp(20, 300), spec.model());
        assertEquals(new DataSource.Bundled("mnist-10k"), spec.data().parsedSource());
        assertTrue(spec.optimizer() instanceof OptimizerSpec.Adam);
        assertEquals(128, spec.batchSize());
        assertEquals(Backend.CPU, spec.backend());
    }

    @Test
    void cnnSetsCoverTheirKindsAndSparsitiesOnMnistAndCifar() throws IOException {
        Set<String> expected = new TreeSet<>(List.of("relu-s0.5.json"));
        for (String kind : List.of("crelu", "cst", "relu-tau")) {
            for (String s : List.of("0.5", "0.85", "0.9")) {
                expected.add(kind + "-s" + s + ".json");
            }
        }
        for (String set : List.of("mnist-depth50", "cifar10-depth50")) {
            Path folder = EXPERIMENTS.resolve("cnn").resolve(set);
            Set<String> found;
            try (Stream<Path> listing = Files.list(folder)) {
                found = listing.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            }
            assertEquals(expected, found, set);
            DataSource source = set.startsWith("mnist")
                    ? new DataSource.IdxDirectory(Path.of("data/mnist"))
                    : new DataSource.Cifar10Directory(Path.of("data/cifar-10-batches-bin"));
            for (String name : expected) {
                ExperimentSpec spec = SpecLoader.load(folder.resolve(name));
                ActivationSpec activation = spec.activation();
                assertEquals(name, activation.kind().cliName() + "-s" + activation.sparsity() + ".json");
                assertEquals(new ModelSpec.Cnn(50, 128, 3, 1, List.of(0)), spec.model(), name);
                assertEquals(WeightDistribution.ORTHOGONAL, spec.init().weights(), name);
                assertEquals(source, spec.data().parsedSource(), name);
                assertEquals(activation.kind().clipped() ? 1.0 : null, activation.clip());
            }
        }
        ExperimentSpec quick = SpecLoader.load(EXPERIMENTS.resolve("cnn/quick.json"));
        assertEquals(new DataSource.Bundled("mnist-10k"), quick.data().parsedSource());
        assertTrue(quick.model() instanceof ModelSpec.Cnn);
    }

    @Test
    void depth100SetCoversEveryKindAndSparsity() throws IOException {
        Path folder = EXPERIMENTS.resolve("mnist-mlp-depth100");
        Set<String> expected = new TreeSet<>(List.of("relu-s0.5.json"));
        for (String kind : List.of("crelu", "cst", "relu-tau", "st")) {
            for (String s : List.of("0.5", "0.7", "0.85", "0.9")) {
                expected.add(kind + "-s" + s + ".json");
            }
        }
        Set<String> found;
        try (Stream<Path> listing = Files.list(folder)) {
            found = listing.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(expected, found);
        for (String name : expected) {
            ExperimentSpec spec = SpecLoader.load(folder.resolve(name));
            ActivationSpec activation = spec.activation();
            assertEquals(
                    name,
                    activation.kind().cliName() + "-s" + activation.sparsity() + ".json",
                    "file name matches its activation");
            assertEquals(new ModelSpec.Mlp(100, 300), spec.model());
            assertEquals(
                    new DataSource.IdxDirectory(Path.of("data/mnist")),
                    spec.data().parsedSource());
            assertEquals(activation.kind().clipped() ? 1.0 : null, activation.clip());
            assertFalse(spec.name().isEmpty());
        }
    }

    private static List<Path> specFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(EXPERIMENTS)) {
            // experiments/paper holds sweep specs, not experiment specs (tested in sweep.PaperSweepsTest).
            return walk.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> !p.startsWith(EXPERIMENTS.resolve("paper")))
                    .sorted()
                    .toList();
        }
    }
}
