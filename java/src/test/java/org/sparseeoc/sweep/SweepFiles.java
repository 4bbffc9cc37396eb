package org.sparseeoc.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sparseeoc.train.Checkpoint;
import org.sparseeoc.train.MetricsRow;
import org.sparseeoc.train.TrainingListener;

/** Sweep files for tests: a tiny base spec that trains in well under a second, and helpers. */
final class SweepFiles {
    /** Bundled digits, 256 training and 128 test images, an MLP of depth 2 and width 16, 1 epoch. */
    static final String TINY_BASE = """
            {
              "name": "tiny",
              "data": {"source": "bundled:mnist-10k", "trainLimit": 256, "testLimit": 128},
              "model": {"type": "mlp", "depth": 2, "width": 16},
              "activation": {"kind": "crelu", "sparsity": 0.85, "clip": 1.0},
              "optimizer": {"type": "sgd", "lr": 0.01},
              "epochs": 1,
              "batchSize": 64
            }
            """;

    /** A listener that shows nothing (the run's recorder writes the files). */
    static final TrainingListener SILENT = new TrainingListener() {
        @Override
        public void onMetrics(MetricsRow row) {}

        @Override
        public void onCheckpoint(Checkpoint checkpoint) {}
    };

    private SweepFiles() {}

    /** Writes {@code base.json} (the tiny base) and {@code sweep.json} into {@code dir}; returns the sweep. */
    static Path write(Path dir, String sweepJson) {
        try {
            Files.writeString(dir.resolve("base.json"), TINY_BASE);
            Path sweep = dir.resolve("sweep.json");
            Files.writeString(sweep, sweepJson);
            return sweep;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A sweep named {@code name} over the tiny base with results in {@code dir/out}, and the given
     * grids and points JSON (arrays as text).
     */
    static String sweep(Path dir, String name, String grids, String points) {
        return """
                {"name": "%s", "base": "base.json", "output": "%s", "grids": %s, "points": %s}
                """.formatted(name, dir.resolve("out").toString().replace("\\", "/"), grids, points);
    }
}
