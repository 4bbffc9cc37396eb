package org.sparseeoc.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.w3c.dom.Document;

class LinePlotTest {
    private static final PlotColor RED = PlotColor.rgb(0xff0000);
    private static final PlotColor GREEN = PlotColor.rgb(0x00ff00);
    private static final PlotColor BLUE = PlotColor.rgb(0x0000ff);

    @TempDir
    Path dir;

    @Test
    void writesAPngOfTheRequestedSizeAndAnSvgDocument() throws Exception {
        LinePlot plot = new LinePlot("title", "x (m)", "y (s)")
                .size(400, 300)
                .line("a", new double[] {0, 1, 2}, new double[] {0, 1, 4}, RED)
                .points("p", new double[] {1}, new double[] {1}, PlotColor.BLACK)
                .verticalLine("v", 1.5, BLUE, LinePlot.Dash.DOTTED)
                .horizontalLine("h", 2, PlotColor.GRAY, LinePlot.Dash.DASHED);
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
                .line("a", new double[] {0, 1}, new double[] {0, 1}, RED)
                .write(dir, "r");
        assertPng(dir.resolve("r.png"), 300, 200);
        assertSvg(dir.resolve("r.svg"));
        assertEquals(List.of("r.png", "r.svg"), listing(dir));
    }

    @Test
    void pointsThatCannotBeShownAreLeftOutAndReferenceLinesSpanThePlot() {
        LinePlot.Resolved plot = new LinePlot("t", "x", "y")
                .logY()
                .line("a", new double[] {0, 1, 2, 3, 4}, new double[] {1, Double.NaN, 0, 10, 100}, RED)
                .line("empty", new double[] {1}, new double[] {-1}, GREEN)
                .verticalLine("v", 2, BLUE, LinePlot.Dash.SOLID)
                .resolve();
        LinePlot.Series a = series(plot, "a");
        assertArrayEquals(new double[] {0, 3, 4}, a.x());
        assertArrayEquals(new double[] {1, 10, 100}, a.y());
        assertEquals(
                List.of("a", "v"),
                plot.series().stream().map(LinePlot.Series::name).toList(),
                "a series with no drawable point is skipped");
        double yMin = plot.yRange()[0];
        double yMax = plot.yRange()[1];
        assertTrue(yMin > 0 && yMin < 1 && yMax > 100, "log range pads around [1, 100]: " + yMin + ".." + yMax);
        assertArrayEquals(new double[] {yMin, yMax}, series(plot, "v").y());
    }

    @Test
    void fixedRangesAreKept() {
        LinePlot.Resolved plot = new LinePlot("t", "x", "y")
                .xRange(-1, 1)
                .yRange(0, 2)
                .line("a", new double[] {0, 5}, new double[] {0, 5}, RED)
                .horizontalLine("h", 1, PlotColor.GRAY, LinePlot.Dash.DASHED)
                .resolve();
        assertArrayEquals(new double[] {-1, 1}, plot.xRange());
        assertArrayEquals(new double[] {0, 2}, plot.yRange());
        assertArrayEquals(new double[] {-1, 1}, series(plot, "h").x());
    }

    @Test
    void invalidInputIsRejected() {
        LinePlot plot = new LinePlot("t", "x", "y").line("a", new double[] {0}, new double[] {0}, RED);
        assertThrows(IllegalArgumentException.class, () -> plot.line("a", new double[] {0}, new double[] {0}, RED));
        assertThrows(IllegalArgumentException.class, () -> plot.line("b", new double[] {0, 1}, new double[] {0}, RED));
        assertThrows(IllegalArgumentException.class, () -> plot.xRange(1, 1));
        assertThrows(IllegalArgumentException.class, () -> plot.size(10, 10));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LinePlot("t", "x", "y").logX().xRange(0, 1).resolve());
    }

    static LinePlot.Series series(LinePlot.Resolved plot, String name) {
        return plot.series().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no series '" + name + "'"));
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
