package org.sparseeoc.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.w3c.dom.Document;

class LinePlotTest {
    @TempDir
    Path dir;

    @Test
    void writesAPngOfTheRequestedSizeAndAnSvgDocument() throws Exception {
        LinePlot plot = new LinePlot("title", "x (m)", "y (s)")
                .size(400, 300)
                .line("a", new double[] {0, 1, 2}, new double[] {0, 1, 4}, Color.RED)
                .points("p", new double[] {1}, new double[] {1}, Color.BLACK)
                .verticalLine("v", 1.5, Color.BLUE, LinePlot.Dash.DOTTED)
                .horizontalLine("h", 2, Color.GRAY, LinePlot.Dash.DASHED);
        List<Path> files = plot.write(dir, "plot");
        assertEquals(List.of(dir.resolve("plot.png"), dir.resolve("plot.svg")), files);
        assertPng(files.get(0), 400, 300);
        assertSvg(files.get(1));
        assertEquals(List.of("plot.png", "plot.svg"), listing(dir));
    }

    @Test
    void rewritingReplacesBothFilesWhole() throws Exception {
        Files.writeString(dir.resolve("r.png"), "not a png ".repeat(100_000));
        Files.writeString(dir.resolve("r.svg"), "not an svg ".repeat(100_000));
        new LinePlot("t", "x", "y")
                .size(300, 200)
                .line("a", new double[] {0, 1}, new double[] {0, 1}, Color.RED)
                .write(dir, "r");
        assertPng(dir.resolve("r.png"), 300, 200);
        assertSvg(dir.resolve("r.svg"));
        assertEquals(List.of("r.png", "r.svg"), listing(dir));
    }

    @Test
    void pointsThatCannotBeShownAreLeftOutAndReferenceLinesSpanThePlot() {
        XYChart chart = new LinePlot("t", "x", "y")
                .logY()
                .line("a", new double[] {0, 1, 2, 3, 4}, new double[] {1, Double.NaN, 0, 10, 100}, Color.RED)
                .line("empty", new double[] {1}, new double[] {-1}, Color.GREEN)
                .verticalLine("v", 2, Color.BLUE, LinePlot.Dash.SOLID)
                .toChart();
        XYSeries a = chart.getSeriesMap().get("a");
        assertArrayEquals(new double[] {0, 3, 4}, a.getXData());
        assertArrayEquals(new double[] {1, 10, 100}, a.getYData());
        assertTrue(!chart.getSeriesMap().containsKey("empty"), "a series with no drawable point is skipped");
        double yMin = chart.getStyler().getYAxisMin();
        double yMax = chart.getStyler().getYAxisMax();
        assertTrue(yMin > 0 && yMin < 1 && yMax > 100, "log range pads around [1, 100]: " + yMin + ".." + yMax);
        assertArrayEquals(
                new double[] {yMin, yMax}, chart.getSeriesMap().get("v").getYData());
    }

    @Test
    void fixedRangesAreKept() {
        XYChart chart = new LinePlot("t", "x", "y")
                .xRange(-1, 1)
                .yRange(0, 2)
                .line("a", new double[] {0, 5}, new double[] {0, 5}, Color.RED)
                .horizontalLine("h", 1, Color.GRAY, LinePlot.Dash.DASHED)
                .toChart();
        assertEquals(-1.0, chart.getStyler().getXAxisMin());
        assertEquals(1.0, chart.getStyler().getXAxisMax());
        assertEquals(0.0, chart.getStyler().getYAxisMin());
        assertEquals(2.0, chart.getStyler().getYAxisMax());
        assertArrayEquals(new double[] {-1, 1}, chart.getSeriesMap().get("h").getXData());
    }

    @Test
    void invalidInputIsRejected() {
        LinePlot plot = new LinePlot("t", "x", "y").line("a", new double[] {0}, new double[] {0}, Color.RED);
        assertThrows(
                IllegalArgumentException.class, () -> plot.line("a", new double[] {0}, new double[] {0}, Color.RED));
        assertThrows(
                IllegalArgumentException.class, () -> plot.line("b", new double[] {0, 1}, new double[] {0}, Color.RED));
        assertThrows(IllegalArgumentException.class, () -> plot.xRange(1, 1));
        assertThrows(IllegalArgumentException.class, () -> plot.size(10, 10));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LinePlot("t", "x", "y").logX().xRange(0, 1).toChart());
    }

    /** Asserts that {@code png} decodes to an image of the given size. */
    static void assertPng(Path png, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " does not decode as an image");
        assertEquals(width, image.getWidth(), png + " width");
        assertEquals(height, image.getHeight(), png + " height");
    }

    /** Asserts that {@code svg} parses as XML with an {@code <svg>} root (no network: the DTD is not loaded). */
    static void assertSvg(Path svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document document = factory.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", document.getDocumentElement().getLocalName(), svg + " root element");
        assertEquals("http://www.w3.org/2000/svg", document.getDocumentElement().getNamespaceURI());
    }

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
