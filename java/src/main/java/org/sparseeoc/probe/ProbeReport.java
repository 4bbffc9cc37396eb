package org.sparseeoc.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.sparseeoc.report.CsvTable;
import org.sparseeoc.report.CsvTable.Column;
import org.sparseeoc.report.LinePlot;
import org.sparseeoc.report.PlotColor;

/**
 * Writes a probe's results: {@code probe-<input>.csv} per input kind, and {@code variance} (log y
 * when it spans a decade),
 * {@code zeros} and {@code correlation} plots (PNG + SVG) with every input kind's measurements as
 * points and the theory as lines; and formats the short printed table.
 */
public final class ProbeReport {
    private static final PlotColor DATA_COLOR = new PlotColor(31, 119, 180);
    private static final PlotColor GAUSSIAN_COLOR = new PlotColor(214, 39, 40);
    private static final PlotColor REFERENCE = PlotColor.GRAY;

    /** Printed tables show at most about this many layers (evenly spaced, the last always). */
    private static final int PRINTED_LAYERS = 10;

    private ProbeReport() {}

    /** The CSV of one input kind, one row per hidden layer. */
    public static CsvTable table(ProbeResult result) {
        CsvTable table = CsvTable.of(
                new Column("layer", "index"),
                new Column("q_measured", "variance"),
                new Column("q_theory", "variance"),
                new Column("zeros_measured", "fraction"),
                new Column("zeros_theory", "fraction"),
                new Column("clipped_measured", "fraction"),
                new Column("clipped_theory", "fraction"),
                new Column("rho_measured", "correlation"),
                new Column("rho_theory", "correlation"));
        for (LayerRow r : result.layers()) {
            table.row(
                    r.layer(),
                    r.qMeasured(),
                    r.qTheory(),
                    r.zerosMeasured(),
                    r.zerosTheory(),
                    r.clippedMeasured(),
                    r.clippedTheory(),
                    r.rhoMeasured(),
                    r.rhoTheory());
        }
        return table;
    }

    /** Writes the CSVs and plots into {@code dir} (created if missing); returns the files written. */
    public static List<Path> write(List<ProbeResult> results, double qStar, String title, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (ProbeResult result : results) {
            Path csv = dir.resolve("probe-" + result.input().cliName() + ".csv");
            table(result).write(csv);
            files.add(csv);
        }
        ProbeResult first = results.getFirst();

        // Log y once the variance spans a decade (growth, divergence); below that the decade-only
        // log ticks would leave the axis with a single label, so the scale stays linear.
        boolean log = spansDecade(results);
        LinePlot variance = new LinePlot(
                        "Pre-activation variance at init: " + title,
                        "hidden layer l",
                        log ? "q^l (variance, log scale)" : "q^l (variance)")
                .horizontalLine("q*", qStar, REFERENCE, LinePlot.Dash.DASHED);
        if (log) {
            variance.logY();
        }
        if (results.stream().anyMatch(r -> r.divergedLayer() >= 0)) {
            variance.horizontalLine("maxVariance", first.maxVariance(), PlotColor.BLACK, LinePlot.Dash.DOTTED);
        }
        addCurves(variance, results, LayerRow::qMeasured, LayerRow::qTheory, "q");
        files.addAll(variance.write(dir, "variance"));

        LinePlot zeros = new LinePlot(
                        "Exact zeros at init: " + title, "hidden layer l", "fraction of units with phi(z) = 0")
                .horizontalLine("target s", first.sparsity(), REFERENCE, LinePlot.Dash.DASHED);
        addCurves(zeros, results, LayerRow::zerosMeasured, LayerRow::zerosTheory, "zeros");
        files.addAll(zeros.write(dir, "zeros"));

        LinePlot correlation =
                new LinePlot("Correlation of input pairs at init: " + title, "hidden layer l", "rho^l (correlation)");
        addCurves(correlation, results, LayerRow::rhoMeasured, LayerRow::rhoTheory, "rho");
        files.addAll(correlation.write(dir, "correlation"));
        return files;
    }

    /** A short table (about ten layers) of one result, one line per layer, header first. */
    public static List<String> printedTable(ProbeResult result) {
        List<String> lines = new ArrayList<>();
        lines.add("%-8s %5s %11s %11s %9s %9s %9s %9s %8s %8s"
                .formatted(
                        result.input().cliName(),
                        "layer",
                        "q",
                        "q_theory",
                        "zeros",
                        "zeros_th",
                        "clipped",
                        "clip_th",
                        "rho",
                        "rho_th"));
        int depth = result.layers().size();
        int stride = Math.max(1, (depth + PRINTED_LAYERS - 1) / PRINTED_LAYERS);
        for (LayerRow r : result.layers()) {
            if (r.layer() % stride == 0 || r.layer() == depth - 1) {
                lines.add("%-8s %5d %11.4g %11.4g %9.4f %9.4f %9.4f %9.4f %8.4f %8.4f"
                        .formatted(
                                "",
                                r.layer(),
                                r.qMeasured(),
                                r.qTheory(),
                                r.zerosMeasured(),
                                r.zerosTheory(),
                                r.clippedMeasured(),
                                r.clippedTheory(),
                                r.rhoMeasured(),
                                r.rhoTheory()));
            }
        }
        return lines;
    }

    private static boolean spansDecade(List<ProbeResult> results) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (ProbeResult result : results) {
            for (LayerRow r : result.layers()) {
                for (double q : new double[] {r.qMeasured(), r.qTheory()}) {
                    if (q > 0 && Double.isFinite(q)) {
                        lo = Math.min(lo, q);
                        hi = Math.max(hi, q);
                    }
                }
            }
        }
        return hi >= 10 * lo;
    }

    private static void addCurves(
            LinePlot plot,
            List<ProbeResult> results,
            ToDoubleFunction<LayerRow> measured,
            ToDoubleFunction<LayerRow> theory,
            String symbol) {
        for (ProbeResult result : results) {
            PlotColor color = result.input() == InputKind.DATA ? DATA_COLOR : GAUSSIAN_COLOR;
            double[] layer =
                    result.layers().stream().mapToDouble(LayerRow::layer).toArray();
            String name = result.input().cliName();
            plot.line(
                    name + " " + symbol + " theory (map)",
                    layer,
                    result.layers().stream().mapToDouble(theory).toArray(),
                    color,
                    2f,
                    LinePlot.Dash.SOLID);
            plot.points(
                    name + " " + symbol + " measured",
                    layer,
                    result.layers().stream().mapToDouble(measured).toArray(),
                    color);
        }
    }
}
