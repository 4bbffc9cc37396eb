package org.sparseeoc.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a resolved {@link LinePlot} as PNG through XChart on headless AWT. The only class of the
 * plotting code that touches {@code java.awt}: {@link LinePlot} loads it only when the runtime has
 * the {@code java.desktop} module.
 */
final class PngPlot {
    private PngPlot() {}

    /** Writes the plot to {@code png} atomically. */
    static void write(LinePlot.Resolved plot, Path png) throws IOException {
        XYChart chart = toChart(plot);
        AtomicFile.write(png, out -> {
            if (!ImageIO.write(render(chart), "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /** The chart as XChart draws it. An error bar is a two-point series left out of the legend. */
    static XYChart toChart(LinePlot.Resolved plot) {
        XYChart chart = new XYChartBuilder()
                .width(plot.width())
                .height(plot.height())
                .title(plot.title())
                .xAxisTitle(plot.xLabel())
                .yAxisTitle(plot.yLabel())
                .build();
        style(chart.getStyler(), plot);
        for (LinePlot.Series s : plot.series()) {
            Color color = awt(s.color());
            XYSeries series = chart.addSeries(s.name(), s.x(), s.y());
            switch (s.kind()) {
                case POINTS -> {
                    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    series.setMarker(SeriesMarkers.CIRCLE);
                    series.setMarkerColor(color);
                }
                case ERROR_BARS -> {
                    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    series.setMarker(SeriesMarkers.CIRCLE);
                    series.setMarkerColor(color);
                    series.setLineColor(color);
                    series.setLineStyle(stroke(s.width(), s.dash()));
                    for (int i = 0; i < s.x().length; i++) {
                        XYSeries bar = chart.addSeries(
                                s.name() + " [bar " + i + "]",
                                new double[] {s.x()[i], s.x()[i]},
                                new double[] {s.low()[i], s.high()[i]});
                        bar.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                        bar.setMarker(SeriesMarkers.NONE);
                        bar.setLineColor(color);
                        bar.setLineStyle(stroke(s.width(), LinePlot.Dash.SOLID));
                        bar.setShowInLegend(false);
                    }
                }
                case CURVE, VERTICAL, HORIZONTAL -> {
                    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    series.setMarker(SeriesMarkers.NONE);
                    series.setLineColor(color);
                    series.setLineStyle(stroke(s.width(), s.dash()));
                }
            }
        }
        return chart;
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

    private static void style(XYStyler styler, LinePlot.Resolved plot) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(Color.DARK_GRAY);
        styler.setPlotGridLinesColor(new Color(234, 234, 234));
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
                switch (plot.legend()) {
                    case OUTSIDE_RIGHT -> Styler.LegendPosition.OutsideE;
                    case INSIDE_TOP_LEFT -> Styler.LegendPosition.InsideNW;
                    case INSIDE_TOP_RIGHT -> Styler.LegendPosition.InsideNE;
                    case INSIDE_BOTTOM_LEFT -> Styler.LegendPosition.InsideSW;
                    case INSIDE_BOTTOM_RIGHT -> Styler.LegendPosition.InsideSE;
                });
        styler.setXAxisLogarithmic(plot.logX());
        styler.setYAxisLogarithmic(plot.logY());
        styler.setXAxisLogarithmicDecadeOnly(true);
        styler.setYAxisLogarithmicDecadeOnly(true);
        styler.setXAxisMin(plot.xRange()[0]);
        styler.setXAxisMax(plot.xRange()[1]);
        styler.setYAxisMin(plot.yRange()[0]);
        styler.setYAxisMax(plot.yRange()[1]);
        styler.setXAxisTickMarkSpacingHint(90);
        styler.setYAxisTickMarkSpacingHint(60);
        styler.setAntiAlias(true);
    }

    private static Color awt(PlotColor c) {
        return new Color(c.red(), c.green(), c.blue());
    }

    private static BasicStroke stroke(float width, LinePlot.Dash dash) {
        return switch (dash) {
            case SOLID -> new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            case DASHED ->
                new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {9f, 6f}, 0f);
            case DOTTED ->
                new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {2f, 5f}, 0f);
        };
    }
}
