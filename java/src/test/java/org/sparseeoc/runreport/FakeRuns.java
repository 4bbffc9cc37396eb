package org.sparseeoc.runreport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes run folders the way ExperimentRunner and RunRecorder do (spec.json, summary.json,
 * metrics.csv with unit-carrying headers), with chosen numbers, for edge cases that real training
 * would make slow or random.
 */
final class FakeRuns {
    static final int LAYERS = 3;
    static final int EPOCHS = 2;
    static final int STEPS_PER_EPOCH = 10;

    private FakeRuns() {}

    /** spec.json only: a run that has started and not yet written its summary. */
    static Path started(Path dir, String kind, double sparsity, String clipJson, long seed) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("spec.json"),
                String.format(
                        Locale.ROOT,
                        """
                        {
                          "name": "fake", "seed": %d, "backend": "cpu", "output": "%s",
                          "data": {"source": "bundled:mnist-10k"},
                          "model": {"type": "mlp", "depth": %d, "width": 16},
                          "activation": {"kind": "%s", "sparsity": %s, %s "qStar": 1.0},
                          "epochs": %d, "batchSize": 16
                        }
                        """,
                        seed,
                        dir,
                        LAYERS,
                        kind,
                        Double.toString(sparsity),
                        clipJson.isEmpty() ? "\"clip\": null, \"clipAbs\": null," : clipJson + ",",
                        EPOCHS));
        return dir;
    }

    /**
     * A finished run: summary.json with the given final numbers (layer l has zeros testZeros + 0.01·l
     * and variance 1 + l) and metrics.csv whose test accuracy rises linearly to the final one.
     */
    static Path ended(
            Path dir,
            String kind,
            double sparsity,
            String clipJson,
            long seed,
            String status,
            double testAccuracy,
            double trainZeros,
            double testZeros)
            throws IOException {
        started(dir, kind, sparsity, clipJson, seed);
        StringBuilder layers = new StringBuilder();
        for (int l = 0; l < LAYERS; l++) {
            layers.append(String.format(
                    Locale.ROOT,
                    "%s{\"layer\": %d, \"trainZeros\": %s, \"testZeros\": %s, \"trainClipped\": 0.01,"
                            + " \"testClipped\": 0.01, \"trainVariance\": %s, \"testVariance\": %s}",
                    l == 0 ? "" : ", ",
                    l,
                    Double.toString(trainZeros),
                    Double.toString(testZeros + 0.01 * l),
                    Double.toString(1.0 + l),
                    Double.toString(1.0 + l)));
        }
        Files.writeString(
                dir.resolve("summary.json"),
                String.format(
                        Locale.ROOT,
                        """
                        {
                          "status" : "%s", "divergedAtStep" : -1, "divergedLayer" : -1, "divergenceReason" : "",
                          "final" : {
                            "epoch" : %d, "step" : %d, "learningRate" : 0.01, "trainLoss" : 0.5,
                            "trainAccuracy" : 0.9, "testLoss" : 0.5, "testAccuracy" : %s,
                            "meanTrainZeros" : %s, "meanTestZeros" : %s,
                            "layers" : [ %s ], "samplesPerSecond" : 1000.0, "elapsedSeconds" : 1.0
                          }
                        }
                        """,
                        status,
                        EPOCHS,
                        EPOCHS * STEPS_PER_EPOCH,
                        Double.isNaN(testAccuracy) ? "\"NaN\"" : Double.toString(testAccuracy),
                        Double.toString(trainZeros),
                        Double.toString(testZeros),
                        layers));
        StringBuilder csv = new StringBuilder("epoch [1],step [1],learning_rate [1],train_loss [nats],"
                + "train_accuracy [1],test_loss [nats],test_accuracy [1],mean_train_zeros [1],"
                + "mean_test_zeros [1],samples_per_second [1/s],elapsed [s]\n");
        for (int e = 0; e <= EPOCHS; e++) {
            csv.append(String.format(
                    Locale.ROOT,
                    "%d.0,%d.0,0.01,%s,%s,0.5,%s,%s,%s,,1.0%n",
                    e,
                    e * STEPS_PER_EPOCH,
                    e == 0 ? "" : "0.5",
                    e == 0 ? "" : "0.9",
                    Double.toString(0.1 + (testAccuracy - 0.1) * e / EPOCHS),
                    Double.toString(trainZeros),
                    Double.toString(testZeros)));
        }
        Files.writeString(dir.resolve("metrics.csv"), csv.toString());
        return dir;
    }
}
