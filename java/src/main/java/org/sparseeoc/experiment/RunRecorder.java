package org.sparseeoc.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sparseeoc.report.AtomicFile;
import org.sparseeoc.report.CsvTable;
import org.sparseeoc.report.CsvTable.Column;
import org.sparseeoc.train.Checkpoint;
import org.sparseeoc.train.LayerMetrics;
import org.sparseeoc.train.MetricsJson;
import org.sparseeoc.train.MetricsRow;
import org.sparseeoc.train.TrainingListener;

/**
 * Writes a run's metrics and checkpoints into its directory: checkpoint.bin whenever one is due,
 * and with it (and at {@link #flush}) metrics.jsonl (every field), metrics.csv (one row per metrics
 * point) and layers.csv (one row per point and hidden layer). Rows are kept in memory in between,
 * so the files are rewritten once per checkpoint rather than once per row; on disk they always
 * match the latest checkpoint or the finished run. Every file is rewritten whole and atomically.
 */
public final class RunRecorder implements TrainingListener {
    /** File names inside a run directory. */
    public static final String METRICS_JSONL = "metrics.jsonl";

    public static final String METRICS_CSV = "metrics.csv";
    public static final String LAYERS_CSV = "layers.csv";
    public static final String CHECKPOINT = "checkpoint.bin";

    private final Path dir;
    private final List<MetricsRow> rows = new ArrayList<>();
    private final TrainingListener progress;

    /**
     * @param dir the run directory (must exist)
     * @param history rows already recorded (from a checkpoint when resuming)
     * @param progress receives {@link #onStep} for progress display
     */
    public RunRecorder(Path dir, List<MetricsRow> history, TrainingListener progress) {
        this.dir = dir;
        this.rows.addAll(history);
        this.progress = progress;
    }

    @Override
    public void onMetrics(MetricsRow row) throws IOException {
        rows.add(row);
        progress.onMetrics(row);
    }

    @Override
    public void onCheckpoint(Checkpoint checkpoint) throws IOException {
        Checkpoint.write(dir.resolve(CHECKPOINT), checkpoint);
        flush();
        progress.onCheckpoint(checkpoint);
    }

    /** Writes the metrics files from every row recorded so far. */
    public void flush() throws IOException {
        AtomicFile.write(dir.resolve(METRICS_JSONL), MetricsJson.lines(rows).getBytes(StandardCharsets.UTF_8));
        metricsTable(rows).write(dir.resolve(METRICS_CSV));
        layersTable(rows).write(dir.resolve(LAYERS_CSV));
    }

    @Override
    public void onStep(int epoch, int stepInEpoch, int stepsPerEpoch, double loss, double accuracy) {
        progress.onStep(epoch, stepInEpoch, stepsPerEpoch, loss, accuracy);
    }

    static CsvTable metricsTable(List<MetricsRow> rows) {
        CsvTable table = CsvTable.of(
                new Column("epoch", CsvTable.DIMENSIONLESS),
                new Column("step", CsvTable.DIMENSIONLESS),
                new Column("learning_rate", CsvTable.DIMENSIONLESS),
                new Column("train_loss", "nats"),
                new Column("train_accuracy", CsvTable.DIMENSIONLESS),
                new Column("test_loss", "nats"),
                new Column("test_accuracy", CsvTable.DIMENSIONLESS),
                new Column("mean_train_zeros", CsvTable.DIMENSIONLESS),
                new Column("mean_test_zeros", CsvTable.DIMENSIONLESS),
                new Column("samples_per_second", "1/s"),
                new Column("elapsed", "s"));
        for (MetricsRow r : rows) {
            table.numberRow(
                    r.epoch(),
                    r.step(),
                    r.learningRate(),
                    r.trainLoss(),
                    r.trainAccuracy(),
                    r.testLoss(),
                    r.testAccuracy(),
                    r.meanTrainZeros(),
                    r.meanTestZeros(),
                    r.samplesPerSecond(),
                    r.elapsedSeconds());
        }
        return table;
    }

    static CsvTable layersTable(List<MetricsRow> rows) {
        CsvTable table = CsvTable.of(
                new Column("step", CsvTable.DIMENSIONLESS),
                new Column("layer", CsvTable.DIMENSIONLESS),
                new Column("train_zeros", CsvTable.DIMENSIONLESS),
                new Column("test_zeros", CsvTable.DIMENSIONLESS),
                new Column("train_clipped", CsvTable.DIMENSIONLESS),
                new Column("test_clipped", CsvTable.DIMENSIONLESS),
                new Column("train_variance", "variance units"),
                new Column("test_variance", "variance units"));
        for (MetricsRow r : rows) {
            for (LayerMetrics l : r.layers()) {
                table.numberRow(
                        r.step(),
                        l.layer(),
                        l.trainZeros(),
                        l.testZeros(),
                        l.trainClipped(),
                        l.testClipped(),
                        l.trainVariance(),
                        l.testVariance());
            }
        }
        return table;
    }
}
