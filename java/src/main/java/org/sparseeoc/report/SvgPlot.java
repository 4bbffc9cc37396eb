package org.sparseeoc.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a resolved {@link LinePlot} as SVG text with nothing but string building, so that plots
 * work on a Java runtime without {@code java.desktop}. There are no font metrics here: text widths
 * are estimated from the character count ({@link #CHAR_WIDTH} of the font size), which is enough to
 * reserve room for tick labels and the legend.
 *
 * <p>Layout: title on top, y-axis title rotated on the left, x-axis title below, legend outside on
 * the right or inside a corner of the plot area. Data are drawn in a nested {@code <svg>} the size
 * of the plot area, which clips them to it without needing element ids (several plots can then be
 * inlined in one HTML page).
 */
final class SvgPlot {
    /** Mean advance of a sans-serif character, in units of the font size (an estimate). */
    static final double CHAR_WIDTH = 0.55;

    private static final int TITLE_FONT = 17;
    private static final int LABEL_FONT = 15;
    private static final int TICK_FONT = 13;
    private static final int LEGEND_FONT = 13;
    private static final int LEGEND_ROW = 20;
    private static final int LEGEND_SAMPLE = 36;
    private static final double MARKER_RADIUS = 4.5;
    private static final double BAR_CAP = 4;
    private static final String GRID = "#eaeaea";
    private static final String BORDER = "#404040";

    private SvgPlot() {}

    /** The SVG text; {@code standalone} adds the XML declaration and namespace (a file of its own). */
    static String render(LinePlot.Resolved plot, boolean standalone) {
        AxisTicks xTicks =
                AxisTicks.of(plot.xRange(), plot.logX(), Math.max(2, (plot.width() - 200) / 90), plot.integerX());
        AxisTicks yTicks = AxisTicks.of(plot.yRange(), plot.logY(), Math.max(2, (plot.height() - 110) / 60), false);
        int yTickWidth =
                yTicks.labels().stream().mapToInt(SvgPlot::tickWidth).max().orElse(0);
        double left = 12 + LABEL_FONT + 10 + yTickWidth + 8;
        double top = plot.title().isEmpty() ? 15 : 45;
        double bottom = plot.height() - (TICK_FONT + 10 + LABEL_FONT + 16);
        double legendWidth = legendWidth(plot.series());
        double right = plot.width()
                - 15
                - (plot.legend() == LinePlot.LegendPlace.OUTSIDE_RIGHT
                                && !plot.series().isEmpty()
                        ? legendWidth + 12
                        : 0);
        right = Math.max(right, left + 50);
        Frame f = new Frame(left, top, right - left, bottom - top, plot);

        StringBuilder out = new StringBuilder(16_384);
        if (standalone) {
            out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"");
        } else {
            out.append("<svg");
        }
        out.append(String.format(
                Locale.ROOT,
                " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" role=\"img\">%n",
                plot.width(),
                plot.height(),
                plot.width(),
                plot.height()));
        out.append("<title>").append(escape(plot.title())).append("</title>\n");
        out.append(String.format(
                Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", plot.width(), plot.height()));
        grid(out, f, xTicks, yTicks);
        data(out, f);
        out.append(String.format(
                Locale.ROOT,
                "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" stroke=\"%s\"/>%n",
                num(f.left()),
                num(f.top()),
                num(f.width()),
                num(f.height()),
                BORDER));
        labels(out, f, xTicks, yTicks, yTickWidth);
        legend(out, f, legendWidth);
        out.append("</svg>\n");
        return out.toString();
    }

    /** The plot area in image coordinates, with the maps from data to pixels. */
    private record Frame(double left, double top, double width, double height, LinePlot.Resolved plot) {
        double px(double x) {
            return width * fraction(x, plot.xRange(), plot.logX());
        }

        double py(double y) {
            return height * (1 - fraction(y, plot.yRange(), plot.logY()));
        }

        private static double fraction(double v, double[] range, boolean log) {
            return log
                    ? (Math.log10(v) - Math.log10(range[0])) / (Math.log10(range[1]) - Math.log10(range[0]))
                    : (v - range[0]) / (range[1] - range[0]);
        }
    }

    private static void grid(StringBuilder out, Frame f, AxisTicks xTicks, AxisTicks yTicks) {
        out.append("<g stroke=\"").append(GRID).append("\" stroke-width=\"1\">\n");
        for (double x : xTicks.values()) {
            double px = f.left() + f.px(x);
            line(out, px, f.top(), px, f.top() + f.height());
        }
        for (double y : yTicks.values()) {
            double py = f.top() + f.py(y);
            line(out, f.left(), py, f.left() + f.width(), py);
        }
        out.append("</g>\n");
    }

    private static void data(StringBuilder out, Frame f) {
        out.append(String.format(
                Locale.ROOT,
                "<svg x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" overflow=\"hidden\">%n",
                num(f.left()),
                num(f.top()),
                num(f.width()),
                num(f.height())));
        for (LinePlot.Series s : f.plot().series()) {
            out.append("<g>\n");
            switch (s.kind()) {
                case CURVE, VERTICAL, HORIZONTAL -> polyline(out, f, s);
                case POINTS -> markers(out, f, s);
                case ERROR_BARS -> {
                    if (s.x().length > 1) {
                        polyline(out, f, s);
                    }
                    for (int i = 0; i < s.x().length; i++) {
                        double px = f.px(s.x()[i]);
                        double lo = f.py(s.low()[i]);
                        double hi = f.py(s.high()[i]);
                        out.append("<path fill=\"none\" stroke=\"")
                                .append(s.color().hex())
                                .append("\" stroke-width=\"")
                                .append(num(s.width()))
                                .append("\" d=\"");
                        out.append(String.format(
                                Locale.ROOT,
                                "M%s %sV%sM%s %sH%sM%s %sH%s",
                                num(px),
                                num(lo),
                                num(hi),
                                num(px - BAR_CAP),
                                num(lo),
                                num(px + BAR_CAP),
                                num(px - BAR_CAP),
                                num(hi),
                                num(px + BAR_CAP)));
                        out.append("\"/>\n");
                    }
                    markers(out, f, s);
                }
            }
            out.append("</g>\n");
        }
        out.append("</svg>\n");
    }

    private static void polyline(StringBuilder out, Frame f, LinePlot.Series s) {
        List<String> points = new ArrayList<>(s.x().length);
        for (int i = 0; i < s.x().length; i++) {
            points.add(num(f.px(s.x()[i])) + "," + num(f.py(s.y()[i])));
        }
        out.append("<polyline fill=\"none\"")
                .append(stroke(s.color(), s.width(), s.dash()))
                .append(" points=\"")
                .append(String.join(" ", points))
                .append("\"/>\n");
    }

    private static void markers(StringBuilder out, Frame f, LinePlot.Series s) {
        for (int i = 0; i < s.x().length; i++) {
            circle(out, f.px(s.x()[i]), f.py(s.y()[i]), s.color());
        }
    }

    private static void labels(StringBuilder out, Frame f, AxisTicks xTicks, AxisTicks yTicks, int yTickWidth) {
        double bottom = f.top() + f.height();
        for (int i = 0; i < xTicks.values().size(); i++) {
            double px = f.left() + f.px(xTicks.values().get(i));
            text(
                    out,
                    px,
                    bottom + TICK_FONT + 6,
                    TICK_FONT,
                    "middle",
                    xTicks.labels().get(i),
                    "");
        }
        for (int i = 0; i < yTicks.values().size(); i++) {
            double py = f.top() + f.py(yTicks.values().get(i));
            text(
                    out,
                    f.left() - 6,
                    py + TICK_FONT * 0.35,
                    TICK_FONT,
                    "end",
                    yTicks.labels().get(i),
                    "");
        }
        double centreX = f.left() + f.width() / 2;
        double centreY = f.top() + f.height() / 2;
        text(
                out,
                centreX,
                bottom + TICK_FONT + 10 + LABEL_FONT + 4,
                LABEL_FONT,
                "middle",
                f.plot().xLabel(),
                "");
        double yTitleX = f.left() - 8 - yTickWidth - 10;
        text(
                out,
                yTitleX,
                centreY,
                LABEL_FONT,
                "middle",
                f.plot().yLabel(),
                String.format(Locale.ROOT, " transform=\"rotate(-90 %s %s)\"", num(yTitleX), num(centreY)));
        if (!f.plot().title().isEmpty()) {
            text(out, centreX, 28, TITLE_FONT, "middle", f.plot().title(), " font-weight=\"bold\"");
        }
    }

    private static double legendWidth(List<LinePlot.Series> series) {
        int longest = series.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        return 10 + LEGEND_SAMPLE + 8 + longest * CHAR_WIDTH * LEGEND_FONT + 10;
    }

    private static void legend(StringBuilder out, Frame f, double width) {
        List<LinePlot.Series> series = f.plot().series();
        if (series.isEmpty()) {
            return;
        }
        double height = 8 + series.size() * LEGEND_ROW + 2;
        double x = switch (f.plot().legend()) {
            case OUTSIDE_RIGHT -> f.left() + f.width() + 12;
            case INSIDE_TOP_LEFT, INSIDE_BOTTOM_LEFT -> f.left() + 10;
            case INSIDE_TOP_RIGHT, INSIDE_BOTTOM_RIGHT -> f.left() + f.width() - 10 - width;
        };
        double y = switch (f.plot().legend()) {
            case OUTSIDE_RIGHT -> f.top() + Math.max(0, (f.height() - height) / 2);
            case INSIDE_TOP_LEFT, INSIDE_TOP_RIGHT -> f.top() + 10;
            case INSIDE_BOTTOM_LEFT, INSIDE_BOTTOM_RIGHT -> f.top() + f.height() - 10 - height;
        };
        out.append(String.format(
                Locale.ROOT,
                "<g><rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"#ffffff\" stroke=\"#c0c0c0\"/>%n",
                num(x),
                num(y),
                num(width),
                num(height)));
        for (int i = 0; i < series.size(); i++) {
            LinePlot.Series s = series.get(i);
            double rowY = y + 8 + i * LEGEND_ROW + LEGEND_ROW / 2.0;
            double x0 = x + 10;
            double x1 = x0 + LEGEND_SAMPLE;
            if (s.kind() != LinePlot.Kind.POINTS) {
                out.append(String.format(
                                Locale.ROOT,
                                "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"",
                                num(x0),
                                num(rowY),
                                num(x1),
                                num(rowY)))
                        .append(stroke(s.color(), Math.max(1.5f, s.width()), s.dash()))
                        .append("/>\n");
            }
            if (s.kind() == LinePlot.Kind.POINTS || s.kind() == LinePlot.Kind.ERROR_BARS) {
                circle(out, (x0 + x1) / 2, rowY, s.color());
            }
            text(out, x1 + 8, rowY + LEGEND_FONT * 0.35, LEGEND_FONT, "start", s.name(), "");
        }
        out.append("</g>\n");
    }

    private static String stroke(PlotColor color, float width, LinePlot.Dash dash) {
        String pattern = switch (dash) {
            case SOLID -> "";
            case DASHED -> " stroke-dasharray=\"9 6\"";
            case DOTTED -> " stroke-dasharray=\"2 5\"";
        };
        return " stroke=\"" + color.hex() + "\" stroke-width=\"" + num(width)
                + "\" stroke-linecap=\"" + (dash == LinePlot.Dash.DASHED ? "butt" : "round")
                + "\" stroke-linejoin=\"round\"" + pattern;
    }

    private static void line(StringBuilder out, double x1, double y1, double x2, double y2) {
        out.append(String.format(
                Locale.ROOT, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>%n", num(x1), num(y1), num(x2), num(y2)));
    }

    private static void circle(StringBuilder out, double cx, double cy, PlotColor color) {
        out.append(String.format(
                Locale.ROOT,
                "<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"%s\"/>%n",
                num(cx),
                num(cy),
                num(MARKER_RADIUS),
                color.hex()));
    }

    private static void text(
            StringBuilder out, double x, double y, int size, String anchor, String content, String extra) {
        out.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%s\" y=\"%s\" font-size=\"%d\" text-anchor=\"%s\"%s>",
                        num(x),
                        num(y),
                        size,
                        anchor,
                        extra))
                .append(escape(content))
                .append("</text>\n");
    }

    private static int tickWidth(String label) {
        return (int) Math.ceil(label.length() * CHAR_WIDTH * TICK_FONT);
    }

    /** A coordinate with two decimals, trailing zeros dropped. */
    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s.equals("-0") ? "0" : s;
    }

    /** Text safe in XML character data and attribute values. */
    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
