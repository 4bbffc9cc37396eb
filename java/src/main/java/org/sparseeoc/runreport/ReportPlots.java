package org.sparseeoc.runreport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparseeoc.report.LinePlot;
import org.sparseeoc.report.PlotColor;

/**
 * The report's plots, built from the group summaries: final test accuracy against target sparsity
 * (a series per activation and clip, mean over seeds with min..max bars), training curves (mean
 * test accuracy against epoch per group), and per-layer test zeros and variance against depth at
 * the end of training (per group). Only completed runs enter them (see {@link GroupSummary}).
 */
final class ReportPlots {
    /** A plot with the file name it is written under and a one-sentence caption. */
    record Figure(String baseName, String caption, LinePlot plot) {}

    // Matplotlib's "tab10": distinct hues, readable on white.
    private static final List<PlotColor> PALETTE = List.of(
            PlotColor.rgb(0x1f77b4),
            PlotColor.rgb(0xd62728),
            PlotColor.rgb(0x2ca02c),
            PlotColor.rgb(0xff7f0e),
            PlotColor.rgb(0x9467bd),
            PlotColor.rgb(0x8c564b),
            PlotColor.rgb(0xe377c2),
            PlotColor.rgb(0x7f7f7f),
            PlotColor.rgb(0xbcbd22),
            PlotColor.rgb(0x17becf));
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 560;

    private ReportPlots() {}

    static List<Figure> figures(List<GroupSummary> groups) {
        boolean withModel = ReportTables.modelsDiffer(groups);
        List<GroupSummary> done = groups.stream().filter(g -> g.completed() > 0).toList();
        return List.of(
                accuracyAgainstSparsity(done, withModel),
                trainingCurves(done, withModel),
                layers(done, withModel, true),
                layers(done, withModel, false));
    }

    private static Figure accuracyAgainstSparsity(List<GroupSummary> groups, boolean withModel) {
        Map<String, List<GroupSummary>> series = new LinkedHashMap<>();
        for (GroupSummary g : groups) { // already in activation, s, clip order
            series.computeIfAbsent(g.group().seriesLabel(withModel), k -> new ArrayList<>())
                    .add(g);
        }
        LinePlot plot = new LinePlot(
                        "Final test accuracy against target sparsity",
                        "target fraction s of exact zeros",
                        "test accuracy (fraction)")
                .size(WIDTH, HEIGHT);
        double lowest =
                groups.stream().mapToDouble(g -> g.group().sparsity()).min().orElse(0);
        double highest =
                groups.stream().mapToDouble(g -> g.group().sparsity()).max().orElse(1);
        // Room around the extreme s, so that their markers and bars are not cut by the frame.
        double pad = Math.max(0.02, 0.08 * (highest - lowest));
        plot.xRange(lowest - pad, highest + pad);
        int index = 0;
        for (Map.Entry<String, List<GroupSummary>> e : series.entrySet()) {
            List<GroupSummary> points = e.getValue().stream()
                    .sorted((a, b) ->
                            Double.compare(a.group().sparsity(), b.group().sparsity()))
                    .toList();
            plot.errorBars(
                    e.getKey(),
                    points.stream().mapToDouble(g -> g.group().sparsity()).toArray(),
                    points.stream().mapToDouble(g -> g.accuracy().mean()).toArray(),
                    points.stream().mapToDouble(g -> g.accuracy().min()).toArray(),
                    points.stream().mapToDouble(g -> g.accuracy().max()).toArray(),
                    color(index),
                    dash(index));
            index++;
        }
        return new Figure(
                "accuracy-vs-sparsity",
                "Mean final test accuracy over completed seeds; bars span the min and max seed.",
                plot);
    }

    private static Figure trainingCurves(List<GroupSummary> groups, boolean withModel) {
        LinePlot plot = new LinePlot("Training curves", "epoch", "test accuracy (fraction)").size(WIDTH, HEIGHT);
        for (int i = 0; i < groups.size(); i++) {
            GroupSummary g = groups.get(i);
            plot.line(g.group().label(withModel), g.curve().epoch(), g.curve().testAccuracy(), color(i), 2f, dash(i));
        }
        return new Figure("training-curves", "Test accuracy against epoch, mean over completed seeds.", plot);
    }

    private static Figure layers(List<GroupSummary> groups, boolean withModel, boolean zeros) {
        LinePlot plot = zeros
                ? new LinePlot(
                        "Fraction of exact zeros per hidden layer, end of training",
                        "hidden layer",
                        "test zeros (fraction)")
                : new LinePlot(
                                "Pre-activation variance per hidden layer, end of training",
                                "hidden layer",
                                "mean z^2 on test data (variance units)")
                        .logY();
        plot.size(WIDTH, HEIGHT).integerX();
        for (int i = 0; i < groups.size(); i++) {
            GroupSummary g = groups.get(i);
            plot.line(
                    g.group().label(withModel),
                    g.layers().stream()
                            .mapToDouble(GroupSummary.LayerMean::layer)
                            .toArray(),
                    g.layers().stream()
                            .mapToDouble(l -> zeros ? l.testZeros() : l.testVariance())
                            .toArray(),
                    color(i),
                    2f,
                    dash(i));
        }
        return zeros
                ? new Figure(
                        "layer-zeros",
                        "Final fraction of exact zeros on test data per layer, mean over completed seeds.",
                        plot)
                : new Figure(
                        "layer-variance",
                        "Final pre-activation variance on test data per layer (log scale), mean over completed seeds.",
                        plot);
    }

    private static PlotColor color(int index) {
        return PALETTE.get(index % PALETTE.size());
    }

    /** Solid for the first ten series, then dashed, then dotted, so that colours can repeat. */
    private static LinePlot.Dash dash(int index) {
        LinePlot.Dash[] dashes = LinePlot.Dash.values();
        return dashes[(index / PALETTE.size()) % dashes.length];
    }
}
