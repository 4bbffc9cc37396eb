package org.sparseeoc.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A line plot built up from curves, point markers, error bars and reference lines, and written as
 * SVG ({@link SvgPlot}, plain text, no {@code java.awt}) and, where the Java runtime has the
 * {@code java.desktop} module, also as PNG ({@link PngPlot}, XChart on headless AWT); each file
 * atomically ({@link AtomicFile}).
 *
 * <p>Points whose x or y is not finite, or not positive on a logarithmic axis, are left out of a
 * series (a curve simply stops); a series left with no points is not drawn. Unless set with {@link
 * #xRange}/{@link #yRange}, each axis spans the curves, points, error bars and reference lines with
 * a small margin; reference lines ({@link #verticalLine}, {@link #horizontalLine}) then run across
 * the whole plot and appear in the legend like any series. Series names must be distinct.
 */
public final class LinePlot {
    /** Default image size in pixels (the SVG uses the same size in user units). */
    public static final int DEFAULT_WIDTH = 1000;

    public static final int DEFAULT_HEIGHT = 640;

    private static final double LINEAR_MARGIN = 0.04;
    private static final double LOG_MARGIN = 0.04; // in decades, relative to the span
    private static final AtomicBoolean SVG_ONLY_NOTED = new AtomicBoolean();

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

    /** What a series draws. */
    enum Kind {
        /** A polyline through the points. */
        CURVE,
        /** Markers only. */
        POINTS,
        /** Markers joined by a polyline, each with a vertical bar from low to high. */
        ERROR_BARS,
        /** A vertical line across the plot. */
        VERTICAL,
        /** A horizontal line across the plot. */
        HORIZONTAL
    }

    /**
     * A series ready to draw: only visible points, reference lines already spanning the axis range;
     * {@code low}/{@code high} are the bar ends (same length as x) for {@link Kind#ERROR_BARS}, else
     * empty.
     */
    record Series(
            String name,
            Kind kind,
            double[] x,
            double[] y,
            double[] low,
            double[] high,
            PlotColor color,
            float width,
            Dash dash) {}

    /** Everything a renderer needs: labels, resolved axis ranges {min, max}, and the drawable series. */
    record Resolved(
            String title,
            String xLabel,
            String yLabel,
            boolean logX,
            boolean logY,
            double[] xRange,
            double[] yRange,
            int width,
            int height,
            LegendPlace legend,
            boolean integerX,
            List<Series> series) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> entries = new ArrayList<>();
    private boolean logX;
    private boolean logY;
    private boolean integerX;
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

    /** Ticks the x axis at whole numbers only (layer indices, counts); the SVG honours it. */
    public LinePlot integerX() {
        integerX = true;
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
    public LinePlot line(String name, double[] x, double[] y, PlotColor color, float lineWidth, Dash dash) {
        checkLengths(name, x, y);
        return add(new Series(
                name, Kind.CURVE, x.clone(), y.clone(), new double[0], new double[0], color, lineWidth, dash));
    }

    /** A solid curve of width 2. */
    public LinePlot line(String name, double[] x, double[] y, PlotColor color) {
        return line(name, x, y, color, 2f, Dash.SOLID);
    }

    /** Point markers (no connecting line) at (x[i], y[i]). */
    public LinePlot points(String name, double[] x, double[] y, PlotColor color) {
        checkLengths(name, x, y);
        return add(new Series(
                name, Kind.POINTS, x.clone(), y.clone(), new double[0], new double[0], color, 0f, Dash.SOLID));
    }

    /**
     * Markers at (x[i], y[i]) joined by a line of the given dash, each with a vertical bar from
     * low[i] to high[i] (e.g. min..max or mean ± std over seeds). A bar end that is not finite (or
     * not positive on a logarithmic y axis) collapses onto the point.
     */
    public LinePlot errorBars(
            String name, double[] x, double[] y, double[] low, double[] high, PlotColor color, Dash dash) {
        checkLengths(name, x, y);
        checkLengths(name + " (low)", x, low);
        checkLengths(name + " (high)", x, high);
        return add(
                new Series(name, Kind.ERROR_BARS, x.clone(), y.clone(), low.clone(), high.clone(), color, 1.5f, dash));
    }

    /** A vertical reference line at x across the whole plot. */
    public LinePlot verticalLine(String name, double x, PlotColor color, Dash dash) {
        return add(new Series(
                name, Kind.VERTICAL, new double[] {x}, new double[0], new double[0], new double[0], color, 1.5f, dash));
    }

    /** A horizontal reference line at y across the whole plot. */
    public LinePlot horizontalLine(String name, double y, PlotColor color, Dash dash) {
        return add(new Series(
                name,
                Kind.HORIZONTAL,
                new double[0],
                new double[] {y},
                new double[0],
                new double[0],
                color,
                1.5f,
                dash));
    }

    /** The plot as a standalone SVG document (UTF-8 text, no external references). */
    public String toSvg() {
        return SvgPlot.render(resolve(), true);
    }

    /**
     * The plot as an {@code <svg>} element to inline in an HTML page: no XML declaration and no
     * namespace attribute (HTML parsers put {@code <svg>} in the SVG namespace themselves).
     */
    public String toInlineSvg() {
        return SvgPlot.render(resolve(), false);
    }

    /**
     * Writes {@code dir/baseName.svg} and, when this runtime has {@code java.desktop}, {@code
     * dir/baseName.png}, each atomically, and returns their paths (PNG first). Without {@code
     * java.desktop} (a jlink'd runtime) only the SVG is written, and a one-time note says so on
     * stderr. The folder must exist.
     */
    public List<Path> write(Path dir, String baseName) throws IOException {
        boolean png = desktopAvailable();
        if (!png && SVG_ONLY_NOTED.compareAndSet(false, true)) {
            System.err.println("note: this Java runtime has no java.desktop module; plots are written as SVG only");
        }
        return write(dir, baseName, png);
    }

    /** As {@link #write(Path, String)}, with whether to write PNG decided by the caller (tests). */
    List<Path> write(Path dir, String baseName, boolean withPng) throws IOException {
        Resolved resolved = resolve();
        List<Path> files = new ArrayList<>(2);
        if (withPng) {
            Path png = dir.resolve(baseName + ".png");
            PngPlot.write(resolved, png);
            files.add(png);
        }
        Path svg = dir.resolve(baseName + ".svg");
        AtomicFile.write(svg, SvgPlot.render(resolved, true).getBytes(StandardCharsets.UTF_8));
        files.add(svg);
        return files;
    }

    /** Whether the boot layer has {@code java.desktop} (AWT, ImageIO), which PNG output needs. */
    static boolean desktopAvailable() {
        return ModuleLayer.boot().findModule("java.desktop").isPresent();
    }

    /** The plot with axis ranges resolved, invisible points dropped and reference lines in place. */
    Resolved resolve() {
        double[] xs = resolveRange(xRange, true);
        double[] ys = resolveRange(yRange, false);
        List<Series> drawn = new ArrayList<>();
        for (Series e : entries) {
            Series s = switch (e.kind()) {
                case CURVE, POINTS, ERROR_BARS -> visible(e);
                case VERTICAL -> withXY(e, new double[] {e.x()[0], e.x()[0]}, ys.clone());
                case HORIZONTAL -> withXY(e, xs.clone(), new double[] {e.y()[0], e.y()[0]});
            };
            if (s.x().length > 0) {
                drawn.add(s);
            }
        }
        return new Resolved(
                title, xLabel, yLabel, logX, logY, xs, ys, width, height, legendPlace, integerX, List.copyOf(drawn));
    }

    private LinePlot add(Series entry) {
        Objects.requireNonNull(entry.name(), "name");
        Objects.requireNonNull(entry.color(), "color");
        Objects.requireNonNull(entry.dash(), "dash");
        if (entries.stream().anyMatch(e -> e.name().equals(entry.name()))) {
            throw new IllegalArgumentException("duplicate series name '" + entry.name() + "'");
        }
        entries.add(entry);
        return this;
    }

    private static Series withXY(Series e, double[] x, double[] y) {
        return new Series(e.name(), e.kind(), x, y, e.low(), e.high(), e.color(), e.width(), e.dash());
    }

    private boolean accepts(double v, boolean isX) {
        return Double.isFinite(v) && (!(isX ? logX : logY) || v > 0);
    }

    private Series visible(Series e) {
        boolean bars = e.kind() == Kind.ERROR_BARS;
        int n = 0;
        double[] vx = new double[e.x().length];
        double[] vy = new double[e.x().length];
        double[] lo = new double[bars ? e.x().length : 0];
        double[] hi = new double[bars ? e.x().length : 0];
        for (int i = 0; i < e.x().length; i++) {
            if (accepts(e.x()[i], true) && accepts(e.y()[i], false)) {
                vx[n] = e.x()[i];
                vy[n] = e.y()[i];
                if (bars) {
                    lo[n] = accepts(e.low()[i], false) ? e.low()[i] : e.y()[i];
                    hi[n] = accepts(e.high()[i], false) ? e.high()[i] : e.y()[i];
                }
                n++;
            }
        }
        return new Series(
                e.name(),
                e.kind(),
                Arrays.copyOf(vx, n),
                Arrays.copyOf(vy, n),
                Arrays.copyOf(lo, bars ? n : 0),
                Arrays.copyOf(hi, bars ? n : 0),
                e.color(),
                e.width(),
                e.dash());
    }

    private double[] resolveRange(double[] fixed, boolean isX) {
        boolean log = isX ? logX : logY;
        if (fixed != null) {
            if (log && fixed[0] <= 0) {
                throw new IllegalArgumentException("a logarithmic axis needs a positive minimum, got " + fixed[0]);
            }
            return fixed.clone();
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series e : entries) {
            List<double[]> values = switch (e.kind()) {
                case CURVE, POINTS, ERROR_BARS -> {
                    Series v = visible(e);
                    yield isX ? List.of(v.x()) : List.of(v.y(), v.low(), v.high());
                }
                case VERTICAL -> isX ? List.of(e.x()) : List.of();
                case HORIZONTAL -> isX ? List.of() : List.of(e.y());
            };
            for (double[] vs : values) {
                for (double v : vs) {
                    if (accepts(v, isX)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
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

    private static void checkLengths(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(name + ": x has " + x.length + " points, y has " + y.length);
        }
    }

    private static double[] checkRange(double min, double max) {
        if (!(Double.isFinite(min) && Double.isFinite(max) && min < max)) {
            throw new IllegalArgumentException("axis range needs finite min < max, got [" + min + ", " + max + "]");
        }
        return new double[] {min, max};
    }
}
