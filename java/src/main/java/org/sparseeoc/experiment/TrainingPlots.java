package org.sparseeoc.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sparseeoc.report.LinePlot;
import org.sparseeoc.report.LinePlot.Dash;
import org.sparseeoc.report.PlotColor;
import org.sparseeoc.train.LayerMetrics;
import org.sparseeoc.train.MetricsRow;

/**
 * The plots of a finished (or diverged) run, into its {@code plots/} folder: loss and accuracy
 * curves against step, and per-layer sparsity and variance against depth at init and at the end,
 * with the EoC targets (s and q*) drawn as reference lines.
 */
final class TrainingPlots {
    private static final PlotColor TRAIN = PlotColor.rgb(0x1f77b4);
    private static final PlotColor TEST = PlotColor.rgb(0xd62728);
    private static final PlotColor INIT = PlotColor.rgb(0x7f7f7f);
    private static final PlotColor TARGET = PlotColor.rgb(0x2ca02c);

    private TrainingPlots() {}

    /** Writes every plot; returns the files written. */
    static List<Path> write(Path runDir, List<MetricsRow> rows, double targetSparsity, double qStar)
            throws IOException {
        Path dir = Files.createDirectories(runDir.resolve("plots"));
        List<Path> files = new ArrayList<>();
        double[] step = rows.stream().mapToDouble(MetricsRow::step).toArray();
        List<MetricsRow> trained = rows.subList(1, rows.size()); // row 0 (init) has no train loss
        double[] trainedStep = trained.stream().mapToDouble(MetricsRow::step).toArray();
        files.addAll(new LinePlot("Loss", "optimizer step", "cross-entropy (nats)")
                .line("train (mean since previous row)", trainedStep, values(trained, MetricsRow::trainLoss), TRAIN)
                .line("test", step, values(rows, MetricsRow::testLoss), TEST)
                .write(dir, "loss"));
        files.addAll(new LinePlot("Accuracy", "optimizer step", "accuracy (fraction)")
                .line("train (since previous row)", trainedStep, values(trained, MetricsRow::trainAccuracy), TRAIN)
                .line("test", step, values(rows, MetricsRow::testAccuracy), TEST)
                .write(dir, "accuracy"));
        MetricsRow first = rows.get(0);
        MetricsRow last = rows.get(rows.size() - 1);
        double[] depth =
                first.layers().stream().mapToDouble(LayerMetrics::layer).toArray();
        files.addAll(new LinePlot("Fraction of exact zeros per hidden layer", "hidden layer", "fraction of zeros")
                .line("init (test)", depth, layerValues(first, LayerMetrics::testZeros), INIT, 2f, Dash.DASHED)
                .line("end, train", depth, layerValues(last, LayerMetrics::trainZeros), TRAIN)
                .line("end, test", depth, layerValues(last, LayerMetrics::testZeros), TEST)
                .horizontalLine("target s = " + targetSparsity, targetSparsity, TARGET, Dash.DOTTED)
                .write(dir, "layer-sparsity"));
        files.addAll(new LinePlot(
                        "Pre-activation variance per hidden layer", "hidden layer", "mean z^2 (variance units)")
                .logY()
                .line("init (test)", depth, layerValues(first, LayerMetrics::testVariance), INIT, 2f, Dash.DASHED)
                .line("end, train", depth, layerValues(last, LayerMetrics::trainVariance), TRAIN)
                .line("end, test", depth, layerValues(last, LayerMetrics::testVariance), TEST)
                .horizontalLine("q* = " + qStar, qStar, TARGET, Dash.DOTTED)
                .write(dir, "layer-variance"));
        return files;
    }

    private static double[] values(List<MetricsRow> rows, java.util.function.ToDoubleFunction<MetricsRow> f) {
        return rows.stream().mapToDouble(f).toArray();
    }

    private static double[] layerValues(MetricsRow row, java.util.function.ToDoubleFunction<LayerMetrics> f) {
        return row.layers().stream().mapToDouble(f).toArray();
    }
}
