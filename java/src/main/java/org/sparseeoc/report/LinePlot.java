package org.sparseeoc.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line plot (XChart {@link XYChart}) built up from curves, point markers and reference lines, and
 * written as PNG and SVG, each atomically ({@link AtomicFile}). Needs no display (headless AWT).
 *
 * <p>Points whose x or y is not finite, or not positive on a logarithmic axis, are left out of a
 * series (a curve simply stops); a series left with no points is not drawn. Unless set with {@link
 * #xRange}/{@link #yRange}, each axis spans the curves, points and reference lines with a small
 * margin; reference lines ({@link #verticalLine}, {@link #horizontalLine}) then run across the
 * whole plot and appear in the legend like any series. Series names must be distinct.
 */
public final class LinePlot {
    /** Default image size in pixels (the SVG uses the same size in user units). */
    public static final int DEFAULT_WIDTH = 1000;

    public static final int DEFAULT_HEIGHT = 640;

    private static final double LINEAR_MARGIN = 0.04;
    private static final double LOG_MARGIN = 0.04; // in decades, relative to the span

    /** How a line is dashed. */
    public enum Dash {
        SOLID,
        DASHED,
        DOTTED
    }

    /** Where the legend goes. */
    public enum LegendPlace {
        OUTSIDE_RIGHT,
        INSIDE_TOP_LEFT,
        INSIDE_TOP_RIGHT,
        INSIDE_BOTTOM_LEFT,
        INSIDE_BOTTOM_RIGHT
    }

    private enum Kind {
        CURVE,
        POINTS,
        VERTICAL,
        HORIZONTAL
    }

    private record Entry(String name, Kind kind, double[] x, double[] y, Color color, float width, Dash dash) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Entry> entries = new ArrayList<>();
    private boolean logX;
    private boolean logY;
    private double[] xRange;
    private double[] yRange;
    private int width = DEFAULT_WIDTH;
    private int height = DEFAULT_HEIGHT;
    private LegendPlace legendPlace = LegendPlace.OUTSIDE_RIGHT;

    /** A plot with a title and axis labels (which should name the unit). */
    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = Objects.requireNonNull(title, "title");
        this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
        this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
    }

    /** Logarithmic x axis. */
    public LinePlot logX() {
        logX = true;
        return this;
    }

    /** Logarithmic y axis. */
    public LinePlot logY() {
        logY = true;
        return this;
    }

    /** Fixes the x axis to [min, max]. */
    public LinePlot xRange(double min, double max) {
        xRange = checkRange(min, max);
        return this;
    }

    /** Fixes the y axis to [min, max]. */
    public LinePlot yRange(double min, double max) {
        yRange = checkRange(min, max);
        return this;
    }

    /** Image size in pixels. */
    public LinePlot size(int width, int height) {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("plot size must be at least 100x100, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /** Where to put the legend (default: outside, to the right of the plot). */
    public LinePlot legend(LegendPlace place) {
        legendPlace = Objects.requireNonNull(place, "place");
        return this;
    }

    /** A curve through (x[i], y[i]), drawn in order. */
    public LinePlot line(String name, double[] x, double[] y, Color color, float lineWidth, Dash dash) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(name + ": x has " + x.length + " points, y has " + y.length);
        }
        return add(new Entry(name, Kind.CURVE, x.clone(), y.clone(), color, lineWidth, dash));
    }

    /** A solid curve of width 2. */
    public LinePlot line(String name, double[] x, double[] y, Color color) {
        return line(name, x, y, color, 2f, Dash.SOLID);
    }

    /** Point markers (no connecting line) at (x[i], y[i]). */
    public LinePlot points(String name, double[] x, double[] y, Color color) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(name + ": x has " + x.length + " points, y has " + y.length);
        }
        return add(new Entry(name, Kind.POINTS, x.clone(), y.clone(), color, 0f, Dash.SOLID));
    }

    /** A vertical reference line at x across the whole plot. */
    public LinePlot verticalLine(String name, double x, Color color, Dash dash) {
        return add(new Entry(name, Kind.VERTICAL, new double[] {x}, new double[0], color, 1.5f, dash));
    }

    /** A horizontal reference line at y across the whole plot. */
    public LinePlot horizontalLine(String name, double y, Color color, Dash dash) {
        return add(new Entry(name, Kind.HORIZONTAL, new double[0], new double[] {y}, color, 1.5f, dash));
    }

    /** The chart as XChart would draw it (axes ranges resolved, reference lines in place). */
    public XYChart toChart() {
        double[] xs = resolveRange(xRange, true);
        double[] ys = resolveRange(yRange, false);
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle(xLabel)
                .yAxisTitle(yLabel)
                .build();
        style(chart.getStyler(), xs, ys);
        for (Entry e : entries) {
            double[][] xy = switch (e.kind()) {
                case CURVE, POINTS -> visible(e.x(), e.y());
                case VERTICAL -> new double[][] {{e.x()[0], e.x()[0]}, {ys[0], ys[1]}};
                case HORIZONTAL -> new double[][] {{xs[0], xs[1]}, {e.y()[0], e.y()[0]}};
            };
            if (xy[0].length == 0) {
                continue;
            }
            XYSeries series = chart.addSeries(e.name(), xy[0], xy[1]);
            if (e.kind() == Kind.POINTS) {
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                series.setMarker(SeriesMarkers.CIRCLE);
                series.setMarkerColor(e.color());
            } else {
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                series.setMarker(SeriesMarkers.NONE);
                series.setLineColor(e.color());
                series.setLineStyle(stroke(e.width(), e.dash()));
            }
        }
        return chart;
    }

    /**
     * Writes {@code dir/baseName.png} and {@code dir/baseName.svg}, each atomically, and returns
     * their paths (PNG first). The folder must exist.
     */
    public List<Path> write(Path dir, String baseName) throws IOException {
        XYChart chart = toChart();
        Path png = dir.resolve(baseName + ".png");
        Path svg = dir.resolve(baseName + ".svg");
        AtomicFile.write(png, out -> {
            if (!ImageIO.write(render(chart), "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
        AtomicFile.write(
                svg,
                out -> VectorGraphicsEncoder.saveVectorGraphic(
                        chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
        return List.of(png, svg);
    }

    /**
     * The chart as an RGB image. Drawn here rather than by XChart's BitmapEncoder so that strokes are
     * not snapped to whole pixels (curves of many short segments would look wobbly).
     */
    static BufferedImage render(XYChart chart) {
        BufferedImage image = new BufferedImage(chart.getWidth(), chart.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            chart.paint(g, chart.getWidth(), chart.getHeight());
        } finally {
            g.dispose();
        }
        return image;
    }

    private LinePlot add(Entry entry) {
        Objects.requireNonNull(entry.name(), "name");
        Objects.requireNonNull(entry.color(), "color");
        if (entries.stream().anyMatch(e -> e.name().equals(entry.name()))) {
            throw new IllegalArgumentException("duplicate series name '" + entry.name() + "'");
        }
        entries.add(entry);
        return this;
    }

    private void style(XYStyler styler, double[] xs, double[] ys) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(Color.DARK_GRAY);
        styler.setPlotGridLinesColor(new Color(234, 234, 234));
        // Solid: XChart's default dashed grid becomes one filled outline per dash in SVG (megabytes).
        styler.setPlotGridLinesStroke(new BasicStroke(1f));
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setLegendSeriesLineLength(36);
        styler.setMarkerSize(9);
        styler.setLegendPosition(
                switch (legendPlace) {
                    case OUTSIDE_RIGHT -> Styler.LegendPosition.OutsideE;
                    case INSIDE_TOP_LEFT -> Styler.LegendPosition.InsideNW;
                    case INSIDE_TOP_RIGHT -> Styler.LegendPosition.InsideNE;
                    case INSIDE_BOTTOM_LEFT -> Styler.LegendPosition.InsideSW;
                    case INSIDE_BOTTOM_RIGHT -> Styler.LegendPosition.InsideSE;
                });
        styler.setXAxisLogarithmic(logX);
        styler.setYAxisLogarithmic(logY);
        styler.setXAxisLogarithmicDecadeOnly(true);
        styler.setYAxisLogarithmicDecadeOnly(true);
        styler.setXAxisMin(xs[0]);
        styler.setXAxisMax(xs[1]);
        styler.setYAxisMin(ys[0]);
        styler.setYAxisMax(ys[1]);
        styler.setXAxisTickMarkSpacingHint(90);
        styler.setYAxisTickMarkSpacingHint(60);
        styler.setAntiAlias(true);
    }

    private boolean accepts(double v, boolean isX) {
        return Double.isFinite(v) && (!(isX ? logX : logY) || v > 0);
    }

    private double[][] visible(double[] x, double[] y) {
        int n = 0;
        double[] vx = new double[x.length];
        double[] vy = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            if (accepts(x[i], true) && accepts(y[i], false)) {
                vx[n] = x[i];
                vy[n] = y[i];
                n++;
            }
        }
        return new double[][] {Arrays.copyOf(vx, n), Arrays.copyOf(vy, n)};
    }

    private double[] resolveRange(double[] fixed, boolean isX) {
        boolean log = isX ? logX : logY;
        if (fixed != null) {
            if (log && fixed[0] <= 0) {
                throw new IllegalArgumentException("a logarithmic axis needs a positive minimum, got " + fixed[0]);
            }
            return fixed;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Entry e : entries) {
            double[] values = switch (e.kind()) {
                case CURVE, POINTS -> {
                    double[][] xy = visible(e.x(), e.y());
                    yield isX ? xy[0] : xy[1];
                }
                case VERTICAL -> isX ? e.x() : new double[0];
                case HORIZONTAL -> isX ? new double[0] : e.y();
            };
            for (double v : values) {
                if (accepts(v, isX)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) { // nothing to show
            return log ? new double[] {1, 10} : new double[] {0, 1};
        }
        if (log) {
            double l = Math.log10(lo);
            double h = Math.log10(hi);
            double pad = h > l ? LOG_MARGIN * (h - l) : 0.5;
            return new double[] {Math.pow(10, l - pad), Math.pow(10, h + pad)};
        }
        double pad = hi > lo ? LINEAR_MARGIN * (hi - lo) : Math.max(0.5, 0.5 * Math.abs(lo));
        return new double[] {lo - pad, hi + pad};
    }

    private static double[] checkRange(double min, double max) {
        if (!(Double.isFinite(min) && Double.isFinite(max) && min < max)) {
            throw new IllegalArgumentException("axis range needs finite min < max, got [" + min + ", " + max + "]");
        }
        return new double[] {min, max};
    }

    private static BasicStroke stroke(float width, Dash dash) {
        return switch (dash) {
            case SOLID -> new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            case DASHED ->
                new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {9f, 6f}, 0f);
            case DOTTED ->
                new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {2f, 5f}, 0f);
        };
    }
}
