package org.sparseeoc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG path of {@link LinePlot}, which must work without {@code java.desktop}. */
class SvgPlotTest {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    private static final PlotColor RED = PlotColor.rgb(0xd62728);
    private static final PlotColor BLUE = PlotColor.rgb(0x1f77b4);

    @TempDir
    Path dir;

    private static LinePlot sample() {
        return new LinePlot("Accuracy & <sparsity>", "s (fraction)", "accuracy (fraction)")
                .size(500, 300)
                .line("curve", new double[] {0, 0.5, 1}, new double[] {0.1, 0.5, 0.9}, RED, 2f, LinePlot.Dash.DASHED)
                .points("dots", new double[] {0.2, 0.4}, new double[] {0.3, 0.6}, BLUE)
                .errorBars(
                        "bars",
                        new double[] {0.25, 0.75},
                        new double[] {0.4, 0.7},
                        new double[] {0.35, 0.6},
                        new double[] {0.45, 0.8},
                        PlotColor.BLACK,
                        LinePlot.Dash.SOLID)
                .horizontalLine("chance", 0.1, PlotColor.GRAY, LinePlot.Dash.DOTTED);
    }

    @Test
    void svgHasTheSizeTitleSeriesMarkersBarsAndLegendEscaped() throws Exception {
        Document doc = parse(sample().toSvg());
        Element root = doc.getDocumentElement();
        assertEquals(SVG_NS, root.getNamespaceURI());
        assertEquals("500", root.getAttribute("width"));
        assertEquals("300", root.getAttribute("height"));
        List<String> texts = texts(doc);
        assertTrue(texts.contains("Accuracy & <sparsity>"), "title unescaped back: " + texts);
        for (String label : List.of("s (fraction)", "accuracy (fraction)", "curve", "dots", "bars", "chance")) {
            assertTrue(texts.contains(label), label + " missing from " + texts);
        }
        // curve, bars' joining line and the reference line are polylines
        assertEquals(3, doc.getElementsByTagNameNS(SVG_NS, "polyline").getLength());
        // 2 dots + 2 bar markers in the plot, 1 + 1 in the legend
        assertEquals(6, doc.getElementsByTagNameNS(SVG_NS, "circle").getLength());
        assertEquals(2, doc.getElementsByTagNameNS(SVG_NS, "path").getLength(), "one path per error bar");
        NodeList polylines = doc.getElementsByTagNameNS(SVG_NS, "polyline");
        Element curve = (Element) polylines.item(0);
        assertEquals("#d62728", curve.getAttribute("stroke"));
        assertEquals("9 6", curve.getAttribute("stroke-dasharray"));
        assertEquals(3, curve.getAttribute("points").split(" ").length);
    }

    @Test
    void curvePointsMapLinearlyIntoThePlotArea() throws Exception {
        Document doc = parse(new LinePlot("t", "x", "y")
                .xRange(0, 10)
                .yRange(0, 1)
                .line("a", new double[] {0, 10}, new double[] {0, 1}, RED)
                .toSvg());
        Element data = (Element) doc.getElementsByTagNameNS(SVG_NS, "svg").item(1);
        double w = Double.parseDouble(data.getAttribute("width"));
        double h = Double.parseDouble(data.getAttribute("height"));
        String[] points = ((Element)
                        doc.getElementsByTagNameNS(SVG_NS, "polyline").item(0))
                .getAttribute("points")
                .split(" ");
        assertPoint(points[0], 0, h);
        assertPoint(points[1], w, 0);
    }

    @Test
    void inlineSvgHasNoNamespaceOrDeclaration() {
        String inline = sample().toInlineSvg();
        assertTrue(inline.startsWith("<svg "), inline.substring(0, 20));
        assertFalse(inline.contains("http"), "no URL in inline SVG");
        assertFalse(inline.contains("<?xml"));
    }

    @Test
    void withoutDesktopOnlyTheSvgIsWritten() throws Exception {
        List<Path> files = sample().write(dir, "plot", false);
        assertEquals(List.of(dir.resolve("plot.svg")), files);
        assertEquals(List.of("plot.svg"), LinePlotTest.listing(dir));
        LinePlotTest.assertSvg(dir.resolve("plot.svg"));
    }

    @Test
    void svgRenderingClassesReferenceNoAwtOrXChart() throws IOException {
        for (Class<?> type : List.of(
                LinePlot.class, SvgPlot.class, AxisTicks.class, PlotColor.class, AtomicFile.class, CsvTable.class)) {
            String constants = classFileText(type);
            assertFalse(constants.contains("java/awt"), type.getSimpleName() + " refers to java.awt");
            assertFalse(constants.contains("javax/imageio"), type.getSimpleName() + " refers to javax.imageio");
            assertFalse(constants.contains("org/knowm"), type.getSimpleName() + " refers to XChart");
        }
        assertTrue(classFileText(PngPlot.class).contains("java/awt"), "the check can see AWT references");
    }

    @Test
    void desktopCheckMatchesTheBootLayer() {
        assertEquals(ModuleLayer.boot().findModule("java.desktop").isPresent(), LinePlot.desktopAvailable());
    }

    private static String classFileText(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static void assertPoint(String point, double x, double y) {
        String[] xy = point.split(",");
        double px = Double.parseDouble(xy[0]);
        double py = Double.parseDouble(xy[1]);
        assertTrue(Math.abs(px - x) <= 0.01 && Math.abs(py - y) <= 0.01, point + " expected " + x + "," + y);
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document doc) {
        NodeList nodes = doc.getElementsByTagNameNS(SVG_NS, "text");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }
}
