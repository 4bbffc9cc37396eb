package org.sparseeoc.runreport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparseeoc.experiment.ExperimentRunner;
import org.sparseeoc.experiment.ExperimentSpec;
import org.sparseeoc.experiment.SpecLoader;
import org.sparseeoc.report.CsvFile;
import org.sparseeoc.train.Checkpoint;
import org.sparseeoc.train.MetricsRow;
import org.sparseeoc.train.TrainingListener;
import org.sparseeoc.train.TrainingResult;

/** {@link RunReport} on folders written by real (tiny) training runs, so the formats stay in step. */
class RealRunsReportTest {
    private static final String SPEC = """
            {
              "name": "tiny",
              "data": {"source": "bundled:mnist-10k", "trainLimit": 512, "testLimit": 256},
              "model": {"type": "mlp", "depth": 3, "width": 16},
              "activation": {"kind": "cst", "sparsity": 0.6, "clip": 1.5},
              "optimizer": {"type": "sgd", "lr": 0.05},
              "epochs": 2,
              "batchSize": 64
            }
            """;

    private static final TrainingListener SILENT = new TrainingListener() {
        @Override
        public void onMetrics(MetricsRow row) {}

        @Override
        public void onCheckpoint(Checkpoint checkpoint) {}
    };

    @TempDir
    Path root;

    @Test
    void aggregatesTwoSeedsOfARealRun() throws IOException {
        List<Double> accuracy = new ArrayList<>();
        for (int seed = 1; seed <= 2; seed++) {
            ExperimentSpec spec = SpecLoader.parse(
                    SPEC, "tiny.json", List.of("seed=" + seed, "output=" + root.resolve("runs/seed" + seed)));
            TrainingResult result = ExperimentRunner.train(spec, SILENT).result();
            accuracy.add(result.last().testAccuracy());
        }
        RunReport.Result report = RunReport.write(root.resolve("runs"), root.resolve("out"));
        assertEquals(2, report.runs());
        assertEquals(1, report.groups());
        assertEquals(List.of(), report.warnings());

        CsvFile csv = CsvFile.read(root.resolve("out/table.csv"));
        assertEquals(1, csv.rowCount());
        assertEquals("cst", csv.text(0, "activation"));
        assertEquals(1.5, csv.number(0, "clip_relative"));
        assertEquals("mlp 3x16", csv.text(0, "model"));
        assertEquals(2, (int) csv.number(0, "completed"));
        double mean = (accuracy.get(0) + accuracy.get(1)) / 2;
        double std = Math.abs(accuracy.get(0) - accuracy.get(1)) / Math.sqrt(2); // sample std of two values
        assertEquals(mean, csv.number(0, "test_accuracy_mean"), 1e-12);
        assertEquals(std, csv.number(0, "test_accuracy_std"), 1e-12);

        RunScanner.Scan scan = RunScanner.scan(root.resolve("runs"));
        RunRecord.Curve curve = scan.runs().get(0).curve();
        assertEquals(3, curve.epoch().length, "init and one row per epoch");
        assertEquals(2.0, curve.epoch()[2], 1e-12, "last row at epoch 2");
        assertEquals(accuracy.get(0), curve.testAccuracy()[2], 1e-12, "curve ends at the summary's accuracy");
        assertEquals(3, scan.runs().get(0).end().layers().size());
        assertTrue(Files.size(root.resolve("out/report.html")) > 10_000);
    }
}
